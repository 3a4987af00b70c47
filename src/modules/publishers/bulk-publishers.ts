import { type Static, Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { ValidationError } from '../../lib/errors.js';
import type { AccessScope } from '../auth/access-scope.js';
import { BULK_MAX, LeadBulkReply } from '../leads/bulk-leads.js';
import { publisherRowsAfter } from './queries.js';
import { PublisherListQuery } from './schemas.js';

export const PublisherBulkBody = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9]{1,15}$' }), {
        minItems: 1,
        maxItems: BULK_MAX,
        description: 'the selected publishers (a page selection)',
      }),
    ),
    filter: Type.Optional(
      Type.Omit(PublisherListQuery, ['page', 'per_page', 'sort', 'order'], {
        description: 'every publisher the list filter matches ("select all matching")',
      }),
    ),
    action: Type.Union([Type.Literal('approve'), Type.Literal('suspend')]),
    reason: Type.Optional(Type.String({ maxLength: 1000, description: 'why; kept in the audit log' })),
  },
  { additionalProperties: false },
);
export type PublisherBulkBody = Static<typeof PublisherBulkBody>;
export const PublisherBulkReply = LeadBulkReply;

const TARGET = { approve: 'approved', suspend: 'suspended' } as const;

/**
 * Approve or suspend many publishers in ONE transaction (the audit log keeps the request and its
 * reason), as the single approve or a PATCH of the status would. One already in that status is skipped.
 */
export async function bulkPublishers(
  ctx: AppContext,
  body: PublisherBulkBody,
  scope?: AccessScope,
): Promise<LeadBulkReply> {
  if ((body.ids === undefined) === (body.filter === undefined)) {
    throw new ValidationError(
      'send either ids (the selected publishers) or filter (all matching)',
      'ids',
      'bulk_selection_required',
    );
  }
  const ids = body.ids?.map(Number);
  const rows = await publisherRowsAfter(ctx.db, body.filter ?? {}, scope, undefined, BULK_MAX + 1, ids);
  if (rows.length > BULK_MAX) {
    throw new ValidationError(
      `the filter matches more than ${BULK_MAX} publishers; narrow it`,
      'filter',
      'bulk_too_broad',
    );
  }
  const found = new Set(rows.map((r) => r.id));
  const missing = [...new Set((ids ?? []).filter((id) => !found.has(id)))];
  const target = TARGET[body.action];
  const reply: LeadBulkReply = {
    matched: rows.length,
    changed: 0,
    skipped: [],
    failed: missing.map((id) => ({ id: String(id), reason: 'no such publisher' })),
  };
  const change: number[] = [];
  for (const row of rows) {
    if (row.status === target) reply.skipped.push({ id: String(row.id), reason: `already ${target}` });
    else change.push(row.id);
  }
  if (change.length > 0) {
    const now = ctx.clock.now().toISOString();
    await inTransaction(ctx.db, async (tx) => {
      for (let i = 0; i < change.length; i += 500) {
        await tx
          .updateTable('publishers')
          .set({ status: target, updated_at: now })
          .where('id', 'in', change.slice(i, i + 500))
          .execute();
      }
    });
    reply.changed = change.length;
  }
  return reply;
}
