import { compiledStatement } from '../../db/compiled-query.js';
import type { DbOrTx } from '../../db/database.js';
import type { Row } from '../../db/schema.js';
import { byText, byValue, orderList, type SortColumns, type SortRequest } from '../../db/sort.js';
import { clickIdTime } from './click-id-time.js';
import type { ClickSort } from './schemas.js';

export type ClickRow = Row<'clicks'>;

const DAY_MS = 86_400_000;

/**
 * A click by id. Our ids carry the time they were minted (= the click's created_at, unless the clock
 * went back), so the lookup names the days around it first: on PostgreSQL clicks is partitioned by
 * day (migration 0041) and an id alone would probe every day's index. A miss there (a foreign id, an
 * id minted while the clock stood ahead) is looked up by id alone.
 */
const clickInDays = compiledStatement((db, p: { id: string; from: string; to: string }) =>
  db
    .selectFrom('clicks')
    .selectAll()
    .where('id', '=', p.id)
    .where('created_at', '>=', p.from)
    .where('created_at', '<', p.to),
);

export async function findClickRow(db: DbOrTx, id: string): Promise<ClickRow | undefined> {
  const minted = clickIdTime(id);
  if (minted !== undefined) {
    const row = await clickInDays.takeFirst(db, {
      id,
      from: new Date(minted - DAY_MS).toISOString(),
      to: new Date(minted + DAY_MS).toISOString(),
    });
    if (row) return row;
  }
  return db.selectFrom('clicks').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ClickFilter {
  offerId?: number;
  publisherId?: number;
  flowId?: number;
  country?: string;
  status?: string;
  rejectReason?: string;
  /** Where a visitor's reference can be (clicks/reference.ts). */
  reference?: { ranges: [string, string][]; suffix: string };
  hosting?: boolean;
  from?: string;
  to?: string;
}

const CLICK_SORT_COLUMNS: SortColumns<ClickSort> = {
  created_at: byValue('created_at'),
  id: byValue('id'),
  status: byText('status'),
  reject_reason: byText('reject_reason', { nullable: true }),
  offer_id: byValue('offer_id', { nullable: true }),
  publisher_id: byValue('publisher_id', { nullable: true }),
  country: byText('country', { nullable: true }),
  ip: byText('ip'),
  source: byText('source'),
  sub1: byText('sub1', { nullable: true }),
  destination: byText('destination', { nullable: true }),
};

function filteredClicks(db: DbOrTx, filter: ClickFilter) {
  let query = db.selectFrom('clicks');
  if (filter.offerId !== undefined) query = query.where('offer_id', '=', filter.offerId);
  if (filter.publisherId !== undefined) query = query.where('publisher_id', '=', filter.publisherId);
  if (filter.flowId !== undefined) query = query.where('flow_id', '=', filter.flowId);
  if (filter.country) query = query.where('country', '=', filter.country);
  if (filter.status) query = query.where('status', '=', filter.status as 'accepted' | 'rejected');
  if (filter.rejectReason) query = query.where('reject_reason', '=', filter.rejectReason);
  const reference = filter.reference;
  if (reference) {
    query = query
      .where((eb) =>
        eb.or(reference.ranges.map(([from, to]) => eb.and([eb('id', '>=', from), eb('id', '<', to)]))),
      )
      .where('id', 'like', `%${reference.suffix}`);
  }
  if (filter.hosting !== undefined) query = query.where('hosting', '=', filter.hosting ? 1 : 0);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  return query;
}

/** The list's rows, newest id first, after `afterId` (keyset, for exports). */
export function clickRowsAfter(db: DbOrTx, filter: ClickFilter, afterId: string | undefined, limit: number) {
  let query = filteredClicks(db, filter);
  if (afterId !== undefined) query = query.where('id', '<', afterId);
  return query.selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function listClickRows(
  db: DbOrTx,
  filter: ClickFilter,
  sort: SortRequest,
  limit: number,
  offset: number,
) {
  const query = filteredClicks(db, filter);
  const [rows, count] = await Promise.all([
    orderList(db, query.selectAll(), sort, CLICK_SORT_COLUMNS).limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
