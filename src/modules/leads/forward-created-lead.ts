import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import type { LeadStatus } from '../../db/schema.js';
import { enqueueJob } from '../../jobs/enqueue-job.js';
import { findAdvertiser } from '../advertisers/queries.js';
import { queueLeadPostbacks } from '../flows/forward-lead.js';
import type { OfferRow } from '../offers/queries.js';
import { pushLeadJob } from './push-lead.js';
import { findPushedSibling, type LeadRow, updateLead } from './queries.js';

/** A created lead in one of these is an order the advertiser should work on; the others are not pushed. */
const PUSHED_STATUSES: ReadonlySet<LeadStatus> = new Set<LeadStatus>(['processing', 'hold', 'approved']);

export type CreatedBy = 'postback' | 'pixel' | 'ingest';

/**
 * A lead made by a postback, the pixel or the ingest API, once its data and status are in (the
 * caller's transaction): its flow's creation postback, and the push to the advertiser when the
 * offer asks for it (push_created_leads). Returns whether the lead was queued for a push.
 *
 * The loop rule: such a lead was reported by the offer's own advertiser (their token) or by a
 * thank-you page, so it is pushed only when the offer says so, only while offer and advertiser are
 * active, only in processing, hold or approved, and never when it echoes a push: another lead of
 * the same click was already pushed, or its id is the one the advertiser answered a push with.
 * Ingest leads come from the product owner, who is the advertiser: never pushed.
 */
export async function forwardCreatedLead(
  ctx: AppContext,
  tx: Tx,
  lead: LeadRow,
  offer: Pick<OfferRow, 'id' | 'status' | 'advertiser_id' | 'push_created_leads'>,
  createdBy: CreatedBy,
): Promise<{ pushed: boolean }> {
  const pushed = createdBy !== 'ingest' && (await mayPush(tx, lead, offer));
  if (pushed) {
    await updateLead(tx, lead.id, { push_status: 'pending', updated_at: ctx.clock.now().toISOString() });
    await enqueueJob(tx, ctx, { type: pushLeadJob, payload: { leadId: lead.id } });
  }
  await queueLeadPostbacks(tx, ctx, [lead]);
  return { pushed };
}

async function mayPush(
  tx: Tx,
  lead: LeadRow,
  offer: Pick<OfferRow, 'status' | 'advertiser_id' | 'push_created_leads'>,
): Promise<boolean> {
  if (offer.push_created_leads !== 1 || offer.status !== 'active') return false;
  if (lead.push_status !== 'skipped' || !PUSHED_STATUSES.has(lead.status)) return false;
  const advertiser = await findAdvertiser(tx, offer.advertiser_id);
  if (advertiser?.status !== 'active') return false;
  return (await findPushedSibling(tx, lead)) === undefined;
}
