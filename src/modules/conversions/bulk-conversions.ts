import { type Static, Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { ValidationError } from '../../lib/errors.js';
import type { AccessScope } from '../auth/access-scope.js';
import { applyBulkStatus, BULK_MAX, checkBulkSelection, LeadBulkReply } from '../leads/bulk-leads.js';
import { conversionRowsAfter } from './queries.js';
import { conversionFilterOf } from './routes.js';
import { ConversionListQuery, LeadStatusSchema } from './schemas.js';

export const ConversionBulkBody = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9A-Za-z]{1,64}$' }), {
        minItems: 1,
        maxItems: BULK_MAX,
        description: 'the selected conversions (a page selection)',
      }),
    ),
    filter: Type.Optional(
      Type.Omit(ConversionListQuery, ['page', 'per_page', 'sort', 'order'], {
        description: 'every conversion the list filter matches ("select all matching")',
      }),
    ),
    status: LeadStatusSchema,
    reason: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'why; kept in each lead status history',
    }),
  },
  { additionalProperties: false },
);
export type ConversionBulkBody = Static<typeof ConversionBulkBody>;
export const ConversionBulkReply = LeadBulkReply;

/**
 * A status change for many conversions in ONE transaction. Each goes through applyLeadStatus on its
 * lead, the single manual change's path (history, reversing ledger entries, publisher postbacks), so
 * money moves exactly as it would one by one. A payment conversion (ingest sale or rebill) has its
 * own event path (refund, chargeback) and is reported, not changed.
 */
export async function bulkConversions(
  ctx: AppContext,
  body: ConversionBulkBody,
  adminId: number,
  scope?: AccessScope,
): Promise<LeadBulkReply> {
  if ((body.ids === undefined) === (body.filter === undefined)) {
    throw new ValidationError(
      'send either ids (the selected conversions) or filter (all matching)',
      'ids',
      'bulk_selection_required',
    );
  }
  const reason = body.reason.trim();
  if (!reason) throw new ValidationError('a status change needs a reason', 'reason', 'reason_required');
  const filter = conversionFilterOf(body.filter ?? {}, scope);
  const rows = await conversionRowsAfter(ctx.db, filter, undefined, BULK_MAX + 1, body.ids);
  const missing = checkBulkSelection(rows, body.ids, 'conversions');
  const reply: LeadBulkReply = {
    matched: rows.length,
    changed: 0,
    skipped: [],
    failed: missing.map((id) => ({ id, reason: 'no such conversion' })),
  };
  await inTransaction(ctx.db, async (tx) => {
    for (const row of rows) {
      if (row.external_payment_id !== null) {
        reply.failed.push({
          id: row.id,
          reason: 'a payment conversion changes through the ingest refund or chargeback',
        });
        continue;
      }
      await applyBulkStatus(
        ctx,
        tx,
        reply,
        { id: row.id, leadId: row.lead_id },
        {
          status: body.status,
          reason,
          adminId,
        },
      );
    }
  });
  return reply;
}
