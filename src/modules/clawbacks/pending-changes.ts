import type { AppContext } from '../../context.js';
import { type DbOrTx, inTransaction } from '../../db/database.js';
import { forUpdate } from '../../db/dialect.js';
import type { LeadStatus, Row } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { applyLeadStatus } from '../conversions/apply-lead-status.js';
import { presentState } from '../conversions/lead-status-change.js';

export type PendingChangeRow = Row<'pending_status_changes'>;

/** The change as the postback asked it, kept to be applied if an admin accepts it. */
interface HeldRequest {
  status?: LeadStatus;
  goal?: string;
  adv_payout?: string;
  pub_payout?: string;
  currency?: string;
  comment?: string;
}

export function presentPendingChange(row: PendingChangeRow & { publisher_name?: string | null }) {
  return {
    id: row.id,
    conversion_id: row.conversion_id,
    lead_id: row.lead_id,
    advertiser_id: String(row.advertiser_id),
    offer_id: String(row.offer_id),
    publisher_id: row.publisher_id === null ? null : String(row.publisher_id),
    publisher_name: row.publisher_name ?? null,
    from_status: row.from_status,
    to_status: row.to_status,
    requested: JSON.parse(row.request) as HeldRequest,
    reason: row.reason,
    source: row.source,
    postback_log_id: row.postback_log_id,
    status: row.status,
    note: row.note,
    decided_by: row.decided_by,
    decided_at: row.decided_at,
    created_at: row.created_at,
  };
}

export async function listPendingChanges(
  db: DbOrTx,
  filter: { status?: string },
  limit: number,
  offset: number,
) {
  let query = db.selectFrom('pending_status_changes as p');
  if (filter.status) query = query.where('p.status', '=', filter.status);
  const [rows, count] = await Promise.all([
    query
      .leftJoin('publishers as pub', 'pub.id', 'p.publisher_id')
      .selectAll('p')
      .select('pub.name as publisher_name')
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

async function lockedPending(tx: DbOrTx, id: string): Promise<PendingChangeRow> {
  const row = await forUpdate(
    tx,
    tx.selectFrom('pending_status_changes').selectAll().where('id', '=', id),
  ).executeTakeFirst();
  if (!row) throw new NotFoundError('pending change');
  if (row.status !== 'pending')
    throw new ConflictError(`this change is already ${row.status}`, undefined, 'change_decided');
  return row;
}

/**
 * Accept a held change: it is applied now through the one status path, as the admin's change (its
 * history names the pending change and the postback), so a reversal after payout becomes a clawback.
 */
export async function acceptPendingChange(ctx: AppContext, id: string, actor: string, note?: string) {
  return inTransaction(ctx.db, async (tx) => {
    const row = await lockedPending(tx, id);
    const held = JSON.parse(row.request) as HeldRequest;
    const outcome = await applyLeadStatus(ctx, tx, {
      leadId: row.lead_id,
      status: held.status,
      goal: held.goal,
      advPayout: held.adv_payout,
      pubPayout: held.pub_payout,
      currency: held.currency,
      comment: held.comment,
      source: 'admin',
      actor,
      reason: `accepted pending change ${row.id} (${row.source}${row.postback_log_id ? ` ${row.postback_log_id}` : ''})`,
    });
    const decided = {
      status: 'accepted',
      note: note ?? null,
      decided_by: actor,
      decided_at: ctx.clock.now().toISOString(),
    };
    await tx.updateTable('pending_status_changes').set(decided).where('id', '=', id).execute();
    const change = outcome.change;
    return {
      ...presentPendingChange({ ...row, ...decided }),
      applied: change ? { from: presentState(change.from), to: presentState(change.to) } : null,
    };
  });
}

/** Refuse a held change: the conversion stays as it was; the postback stays in the log. */
export async function refusePendingChange(ctx: AppContext, id: string, actor: string, note?: string) {
  return inTransaction(ctx.db, async (tx) => {
    const row = await lockedPending(tx, id);
    const decided = {
      status: 'refused',
      note: note ?? null,
      decided_by: actor,
      decided_at: ctx.clock.now().toISOString(),
    };
    await tx.updateTable('pending_status_changes').set(decided).where('id', '=', id).execute();
    return { ...presentPendingChange({ ...row, ...decided }), applied: null };
  });
}
