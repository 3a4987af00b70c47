import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { Row } from '../../db/schema.js';

export type ClickRow = Row<'clicks'>;

export function findClickRow(db: DbOrTx, id: string): Promise<ClickRow | undefined> {
  return db.selectFrom('clicks').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * One indexed read for both per-address checks: clicks from this address in the last hour
 * (velocity), and whether this address + user agent already clicked this offer in the last day.
 */
export async function addressHistory(
  db: DbOrTx,
  input: { ip: string; offerId: number | null; userAgent: string; hourAgo: string; dayAgo: string },
): Promise<{ lastHour: number; seenBefore: boolean }> {
  const row = await db
    .selectFrom('clicks')
    .select([
      sql<number>`coalesce(sum(case when created_at > ${input.hourAgo} then 1 else 0 end), 0)`.as(
        'last_hour',
      ),
      sql<number>`coalesce(max(case when offer_id = ${input.offerId ?? -1} and user_agent = ${input.userAgent} then 1 else 0 end), 0)`.as(
        'seen',
      ),
    ])
    .where('ip', '=', input.ip)
    .where('created_at', '>', input.dayAgo)
    .executeTakeFirst();
  return { lastHour: Number(row?.last_hour ?? 0), seenBefore: Number(row?.seen ?? 0) === 1 };
}

export interface ClickFilter {
  offerId?: number;
  publisherId?: number;
  flowId?: number;
  country?: string;
  status?: string;
  rejectReason?: string;
  from?: string;
  to?: string;
}

export async function listClickRows(db: DbOrTx, filter: ClickFilter, limit: number, offset: number) {
  let query = db.selectFrom('clicks');
  if (filter.offerId !== undefined) query = query.where('offer_id', '=', filter.offerId);
  if (filter.publisherId !== undefined) query = query.where('publisher_id', '=', filter.publisherId);
  if (filter.flowId !== undefined) query = query.where('flow_id', '=', filter.flowId);
  if (filter.country) query = query.where('country', '=', filter.country);
  if (filter.status) query = query.where('status', '=', filter.status as 'accepted' | 'rejected');
  if (filter.rejectReason) query = query.where('reject_reason', '=', filter.rejectReason);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
