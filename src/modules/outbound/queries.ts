import type { DbOrTx } from '../../db/database.js';
import type { NewRow, Row } from '../../db/schema.js';

export type OutboundRequestRow = Row<'outbound_requests'>;

export async function insertOutboundRequest(db: DbOrTx, row: NewRow<'outbound_requests'>): Promise<void> {
  await db.insertInto('outbound_requests').values(row).execute();
}

export interface OutboundRequestFilter {
  kind?: string;
  subject_id?: string;
  job_id?: string;
}

export async function listOutboundRequestRows(
  db: DbOrTx,
  filter: OutboundRequestFilter,
  limit: number,
  offset: number,
) {
  let query = db.selectFrom('outbound_requests');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.subject_id) query = query.where('subject_id', '=', filter.subject_id);
  if (filter.job_id) query = query.where('job_id', '=', filter.job_id);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
