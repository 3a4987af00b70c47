import { pushLeadJob } from '../modules/leads/push-lead.js';
import { JobRegistry } from './define-job.js';

/**
 * Every job type the app runs, in one static list (like the migrations): lead pushes, publisher
 * postbacks and CAPI events are added here as they are built.
 */
export function appJobRegistry(): JobRegistry {
  return new JobRegistry([pushLeadJob]);
}
