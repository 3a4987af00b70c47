import { type Static, Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import type { LeadStatus } from '../../db/schema.js';
import { enqueueJob } from '../../jobs/enqueue-job.js';
import { AppError, ValidationError } from '../../lib/errors.js';
import type { AccessScope } from '../auth/access-scope.js';
import { applyLeadStatus } from '../conversions/apply-lead-status.js';
import { LeadStatusSchema } from '../conversions/schemas.js';
import { pushLeadJob } from './push-lead.js';
import { leadRowsAfter, requeueFailedPush } from './queries.js';
import { LeadListQuery } from './schemas.js';
import { leadFilterOf } from './view-leads.js';

/** The most leads one bulk call changes: past it, the operator narrows the filter. */
export const BULK_MAX = 5_000;

export const LeadBulkBody = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9A-Za-z]{1,64}$' }), {
        minItems: 1,
        maxItems: BULK_MAX,
        description: 'the selected leads (a page selection)',
      }),
    ),
    filter: Type.Optional(
      Type.Omit(LeadListQuery, ['page', 'per_page', 'sort', 'order'], {
        description: 'every lead the list filter matches ("select all matching")',
      }),
    ),
    action: Type.Union([Type.Literal('status'), Type.Literal('repush')]),
    status: Type.Optional(LeadStatusSchema),
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1000, description: 'why; kept in each lead status history' }),
    ),
  },
  { additionalProperties: false },
);
export type LeadBulkBody = Static<typeof LeadBulkBody>;

const Item = Type.Object({ id: Type.String(), reason: Type.String() });
export const LeadBulkReply = Type.Object({
  matched: Type.Integer({ description: 'leads the selection named that exist in your scope' }),
  changed: Type.Integer(),
  skipped: Type.Array(Item, { description: 'nothing to do (already in that status, push not failed)' }),
  failed: Type.Array(Item, { description: 'refused, with the reason (unknown id, a refused change)' }),
});
export type LeadBulkReply = Static<typeof LeadBulkReply>;

/**
 * A bulk selection's rows, checked: more than BULK_MAX is refused (narrow the filter), and the ids the
 * selection named that are not found (or out of the caller's scope) are returned to be reported.
 */
export function checkBulkSelection<Row extends { id: string }>(
  rows: Row[],
  ids: string[] | undefined,
  noun: string,
): string[] {
  if (rows.length > BULK_MAX) {
    throw new ValidationError(
      `the filter matches more than ${BULK_MAX} ${noun}; narrow it`,
      'filter',
      'bulk_too_broad',
    );
  }
  const found = new Set(rows.map((r) => r.id));
  return [...new Set((ids ?? []).filter((id) => !found.has(id)))];
}

/**
 * One row of a bulk status change through applyLeadStatus (the single change's path: history, ledger
 * entries, publisher postbacks), counted into the reply; a change refused for this row's own reason is
 * reported and the others go on.
 */
export async function applyBulkStatus(
  ctx: AppContext,
  tx: Tx,
  reply: LeadBulkReply,
  row: { id: string; leadId: string },
  change: { status: LeadStatus; reason: string; adminId: number },
): Promise<void> {
  try {
    const outcome = await applyLeadStatus(ctx, tx, {
      leadId: row.leadId,
      status: change.status,
      source: 'admin',
      reason: change.reason,
      actor: `admin:${change.adminId}`,
    });
    if (outcome.queued) reply.skipped.push({ id: row.id, reason: 'held: past its finality window' });
    else if (outcome.change) reply.changed++;
    else reply.skipped.push({ id: row.id, reason: `already ${change.status}` });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    reply.failed.push({ id: row.id, reason: error.message });
  }
}

/** The leads a bulk call names, within the caller's scope; ids that are not found are reported. */
async function selectLeads(ctx: AppContext, body: LeadBulkBody, scope?: AccessScope) {
  if ((body.ids === undefined) === (body.filter === undefined)) {
    throw new ValidationError(
      'send either ids (the selected leads) or filter (all matching)',
      'ids',
      'bulk_selection_required',
    );
  }
  const filter = leadFilterOf(body.filter ?? {}, scope);
  const rows = await leadRowsAfter(ctx.db, filter, undefined, BULK_MAX + 1, body.ids);
  return { rows, missing: checkBulkSelection(rows, body.ids, 'leads') };
}

/**
 * One call for many leads, in ONE transaction: a status change with a reason through applyLeadStatus
 * (the path of the single change: history, ledger entries, publisher postbacks), or a push again of
 * the failed ones. A lead refused for its own reason is reported and the others still change.
 */
export async function bulkLeads(
  ctx: AppContext,
  body: LeadBulkBody,
  adminId: number,
  scope?: AccessScope,
): Promise<LeadBulkReply> {
  if (body.action === 'status' && (!body.status || !body.reason?.trim())) {
    if (!body.status)
      throw new ValidationError('a status change needs status and reason', 'status', 'status_required');
    throw new ValidationError('a status change needs status and reason', 'reason', 'reason_required');
  }
  const { rows, missing } = await selectLeads(ctx, body, scope);
  const reply: LeadBulkReply = {
    matched: rows.length,
    changed: 0,
    skipped: [],
    failed: missing.map((id) => ({ id, reason: 'no such lead' })),
  };
  const now = ctx.clock.now().toISOString();
  const change = body.status && { status: body.status, reason: body.reason?.trim() ?? '', adminId };
  await inTransaction(ctx.db, async (tx) => {
    for (const row of rows) {
      if (body.action === 'repush') {
        const lead = await requeueFailedPush(tx, row.id, now);
        if (!lead) {
          reply.skipped.push({
            id: row.id,
            reason: `push is ${row.push_status}; only a failed push is retried`,
          });
          continue;
        }
        await enqueueJob(tx, ctx, { type: pushLeadJob, payload: { leadId: lead.id } });
        reply.changed++;
        continue;
      }
      if (change) await applyBulkStatus(ctx, tx, reply, { id: row.id, leadId: row.id }, change);
    }
  });
  return reply;
}
