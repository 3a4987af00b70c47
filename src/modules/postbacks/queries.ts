import type { DbOrTx } from '../../db/database.js';
import type { Row } from '../../db/schema.js';
import { byText, byValue, orderList, type SortColumns, type SortRequest } from '../../db/sort.js';
import type { PostbackLogSort } from './schemas.js';

/** The postbacks module owns postback_log. */
export type PostbackLogRow = Row<'postback_log'>;

export interface PostbackLogFilter {
  flowId?: number;
  clickId?: string;
  advertiserId?: number;
  answerStatus?: number;
  answerCode?: string;
  endpoint?: string;
  from?: string;
  to?: string;
}

const POSTBACK_LOG_SORT_COLUMNS: SortColumns<PostbackLogSort> = {
  created_at: byValue('created_at'),
  id: byValue('id'),
  answer_status: byValue('answer_status'),
  answer_code: byText('answer_code'),
  endpoint: byText('endpoint'),
  click_id: byText('click_id', { nullable: true }),
  status: byText('status', { nullable: true }),
  goal: byText('goal', { nullable: true }),
  flow_id: byValue('flow_id', { nullable: true }),
  ip: byText('ip'),
  duration_ms: byValue('duration_ms'),
};

function filteredLog(db: DbOrTx, filter: PostbackLogFilter) {
  let query = db.selectFrom('postback_log');
  if (filter.flowId !== undefined) query = query.where('flow_id', '=', filter.flowId);
  if (filter.clickId) query = query.where('click_id', '=', filter.clickId);
  if (filter.advertiserId !== undefined) query = query.where('advertiser_id', '=', filter.advertiserId);
  if (filter.answerStatus !== undefined) query = query.where('answer_status', '=', filter.answerStatus);
  if (filter.answerCode) query = query.where('answer_code', '=', filter.answerCode);
  if (filter.endpoint) query = query.where('endpoint', '=', filter.endpoint);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  return query;
}

/** The log's rows, newest id first, after `afterId` (keyset, for exports). */
export function postbackLogRowsAfter(
  db: DbOrTx,
  filter: PostbackLogFilter,
  afterId: string | undefined,
  limit: number,
) {
  let query = filteredLog(db, filter);
  if (afterId !== undefined) query = query.where('id', '<', afterId);
  return query.selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function listPostbackLogRows(
  db: DbOrTx,
  filter: PostbackLogFilter,
  sort: SortRequest,
  limit: number,
  offset: number,
) {
  const query = filteredLog(db, filter);
  const [rows, count] = await Promise.all([
    orderList(db, query.selectAll(), sort, POSTBACK_LOG_SORT_COLUMNS).limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findPostbackLogRow(db: DbOrTx, id: string): Promise<PostbackLogRow | undefined> {
  return db.selectFrom('postback_log').selectAll().where('id', '=', id).executeTakeFirst();
}
