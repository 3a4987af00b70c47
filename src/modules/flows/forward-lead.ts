import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import type { LeadStatus } from '../../db/schema.js';
import { defineJob } from '../../jobs/define-job.js';
import { enqueueJobs } from '../../jobs/enqueue-job.js';
import { findLead } from '../leads/queries.js';
import { findOffer } from '../offers/queries.js';
import { ensureDelivered } from '../outbound/classify-result.js';
import { sendRequest } from '../outbound/send-request.js';
import { buildLeadPostbackRequest, forwardsStatus, type LeadPostbackValues } from './lead-postback.js';
import { findFlow } from './queries.js';

export interface LeadPostbackJobPayload {
  leadId: string;
  flowId: number;
  /** The lead's status when it was created: {status} says what the lead was, not what it became. */
  status: LeadStatus;
}

/**
 * Fill the flow's creation postback when it is sent, from the lead and flow as they are then: the
 * buyer's data stays in the leads table, not in the job queue, and a postback removed meanwhile
 * sends nothing. A receiver that hangs or answers 5xx is retried with backoff; a 4xx is not.
 */
export const flowLeadPostbackJob = defineJob<LeadPostbackJobPayload>({
  type: 'flow_lead_postback',
  maxAttempts: 6,
  backoff: { baseMs: 30_000, capMs: 3 * 3_600_000 },
  async handler(ctx, payload, job) {
    const [flow, lead] = await Promise.all([
      findFlow(ctx.db, payload.flowId),
      findLead(ctx.db, payload.leadId),
    ]);
    if (!flow || !lead) return;
    const offer = await findOffer(ctx.db, lead.offer_id);
    const values: LeadPostbackValues = {
      lead_id: lead.id,
      click_id: lead.click_id ?? '',
      clickid: lead.click_id ?? '',
      status: payload.status,
      goal: lead.goal ?? '',
      offer_id: String(lead.offer_id),
      publisher_id: lead.publisher_id === null ? '' : String(lead.publisher_id),
      flow_id: String(flow.id),
      flow_code: flow.code,
      country: lead.country ?? '',
      sub1: lead.sub1 ?? '',
      sub2: lead.sub2 ?? '',
      sub3: lead.sub3 ?? '',
      sub4: lead.sub4 ?? '',
      sub5: lead.sub5 ?? '',
      created_at: lead.created_at,
      name: lead.name ?? '',
      phone: lead.phone ?? '',
      email: lead.email ?? '',
      comment: lead.comment ?? '',
      ip: lead.ip ?? '',
      adv_offer_id: offer?.adv_offer_id ?? '',
    };
    const request = buildLeadPostbackRequest(flow, values);
    if (!request) return;
    const result = await sendRequest(ctx, {
      kind: 'flow_lead_postback',
      ...request,
      jobId: job.id,
      subjectId: lead.id,
    });
    ensureDelivered(result);
  },
});

export interface NewLeadOfFlow {
  id: string;
  flow_id: number | null;
  status: LeadStatus;
}

/**
 * Queue the creation postback of each new lead whose flow has one, in the lead's transaction: a lead
 * that is not stored is never forwarded, one that is always is. Test, spam and duplicate leads are
 * not forwarded. Leads without a flow cost nothing; leads with one cost one look at their flows.
 */
export async function queueLeadPostbacks(
  db: DbOrTx,
  ctx: Pick<AppContext, 'clock'>,
  leads: readonly NewLeadOfFlow[],
): Promise<number> {
  const forwarded = leads.filter((l) => l.flow_id !== null && forwardsStatus(l.status));
  const flowIds = [...new Set(forwarded.map((l) => l.flow_id as number))];
  if (flowIds.length === 0) return 0;
  const flows = await db
    .selectFrom('flows')
    .select('id')
    .where('id', 'in', flowIds)
    .where('lead_postback_url', 'is not', null)
    .execute();
  const firing = new Set(flows.map((f) => f.id));
  const payloads = forwarded
    .filter((l) => firing.has(l.flow_id as number))
    .map((l) => ({ leadId: l.id, flowId: l.flow_id as number, status: l.status }));
  if (payloads.length > 0) await enqueueJobs(db, ctx, flowLeadPostbackJob, payloads);
  return payloads.length;
}
