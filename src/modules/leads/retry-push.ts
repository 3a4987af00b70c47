import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { enqueueJob } from '../../jobs/enqueue-job.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { pushLeadJob } from './push-lead.js';
import { findLead, type LeadRow, requeueFailedPush } from './queries.js';

/**
 * The operator pushes a failed lead again: back to pending with a fresh job and all its attempts.
 * Only a failed push can be retried, so a double click never pushes a lead twice.
 */
export async function retryLeadPush(ctx: AppContext, id: string): Promise<LeadRow> {
  const now = ctx.clock.now().toISOString();
  const requeued = await inTransaction(ctx.db, async (tx) => {
    const lead = await requeueFailedPush(tx, id, now);
    if (lead) await enqueueJob(tx, ctx, { type: pushLeadJob, payload: { leadId: lead.id } });
    return lead;
  });
  if (requeued) return requeued;
  const lead = await findLead(ctx.db, id);
  if (!lead) throw new NotFoundError('lead');
  throw new ConflictError(
    `only a lead whose push failed can be pushed again; this one is ${lead.push_status}`,
    undefined,
    'push_not_failed',
  );
}
