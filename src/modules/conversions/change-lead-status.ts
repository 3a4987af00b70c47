import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { applyLeadStatus } from './apply-lead-status.js';
import { presentOutcome } from './present.js';
import type { ManualStatusBody, StatusChangeReply } from './schemas.js';

/** An admin sets a lead's status (and goal) by hand, with a reason: the same pipeline as a postback. */
export async function changeLeadStatusByHand(
  ctx: AppContext,
  leadId: string,
  input: ManualStatusBody,
  adminId: number,
): Promise<StatusChangeReply> {
  const outcome = await inTransaction(ctx.db, (tx) =>
    applyLeadStatus(ctx, tx, {
      leadId,
      status: input.status,
      goal: input.goal,
      source: 'admin',
      reason: input.reason.trim(),
      actor: `admin:${adminId}`,
    }),
  );
  return presentOutcome(outcome);
}
