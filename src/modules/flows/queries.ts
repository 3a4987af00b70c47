import type { DbOrTx } from '../../db/database.js';
import { containsInsensitive } from '../../db/dialect.js';
import type { Row } from '../../db/schema.js';
import { byText, byValue, orderList, pickSorts, type SortColumns, type SortRequest } from '../../db/sort.js';
import type { FlowSort } from './schemas.js';

export type FlowRow = Row<'flows'>;

export interface FlowFilter {
  publisherId?: number;
  offerId?: number;
  status?: string;
  q?: string;
}

export function findFlow(db: DbOrTx, id: number): Promise<FlowRow | undefined> {
  return db.selectFrom('flows').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findFlowByCode(db: DbOrTx, code: string): Promise<FlowRow | undefined> {
  return db.selectFrom('flows').selectAll().where('code', '=', code).executeTakeFirst();
}

const FLOW_SORT_COLUMNS: SortColumns<FlowSort> = {
  id: byValue('id'),
  code: byText('code'),
  name: byText('name'),
  status: byText('status'),
  publisher_id: byValue('publisher_id'),
  offer_id: byValue('offer_id'),
  created_at: byValue('created_at'),
  updated_at: byValue('updated_at'),
};

/** `sortable`: the names this endpoint offers (every one unless told). */
export async function listFlowRows(
  db: DbOrTx,
  filter: FlowFilter,
  sort: SortRequest & { sortable?: readonly FlowSort[] },
  limit: number,
  offset: number,
) {
  let query = db.selectFrom('flows');
  if (filter.publisherId !== undefined) query = query.where('publisher_id', '=', filter.publisherId);
  if (filter.offerId !== undefined) query = query.where('offer_id', '=', filter.offerId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) => eb.or([containsInsensitive('name', q), containsInsensitive('code', q)]));
  }
  const [rows, count] = await Promise.all([
    orderList(db, query.selectAll(), sort, columnsFor(sort.sortable)).limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

function columnsFor(sortable: readonly FlowSort[] | undefined): SortColumns {
  return sortable ? pickSorts(FLOW_SORT_COLUMNS, sortable) : FLOW_SORT_COLUMNS;
}
