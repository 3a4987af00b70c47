import type { DbOrTx } from '../../db/database.js';
import type { Row } from '../../db/schema.js';

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

export async function listPostbackLogRows(
  db: DbOrTx,
  filter: PostbackLogFilter,
  limit: number,
  offset: number,
) {
  let query = db.selectFrom('postback_log');
  if (filter.flowId !== undefined) query = query.where('flow_id', '=', filter.flowId);
  if (filter.clickId) query = query.where('click_id', '=', filter.clickId);
  if (filter.advertiserId !== undefined) query = query.where('advertiser_id', '=', filter.advertiserId);
  if (filter.answerStatus !== undefined) query = query.where('answer_status', '=', filter.answerStatus);
  if (filter.answerCode) query = query.where('answer_code', '=', filter.answerCode);
  if (filter.endpoint) query = query.where('endpoint', '=', filter.endpoint);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findPostbackLogRow(db: DbOrTx, id: string): Promise<PostbackLogRow | undefined> {
  return db.selectFrom('postback_log').selectAll().where('id', '=', id).executeTakeFirst();
}
