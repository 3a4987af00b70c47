import { alertWebhookJob } from '../modules/automation/alert-webhook.js';
import { capiEventJob } from '../modules/capi/send-capi-event.js';
import { flowLeadPostbackJob } from '../modules/flows/forward-lead.js';
import { pushLeadJob } from '../modules/leads/push-lead.js';
import { publisherPostbackJob } from '../modules/publisher-postbacks/deliver-postback.js';
import { type JobDefinition, JobRegistry } from './define-job.js';

/**
 * Every job type the app runs, in one static list (like the migrations): lead pushes, publisher
 * postbacks and CAPI events are added here as they are built.
 */
export function appJobRegistry(): JobRegistry {
  return new JobRegistry([
    pushLeadJob as JobDefinition,
    publisherPostbackJob as JobDefinition,
    capiEventJob as JobDefinition,
    alertWebhookJob as JobDefinition,
    flowLeadPostbackJob as JobDefinition,
  ]);
}
