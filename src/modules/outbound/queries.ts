import { compiledStatement } from '../../db/compiled-query.js';
import type { DbOrTx } from '../../db/database.js';
import type { Row, RowUpdate } from '../../db/schema.js';

export type OutboundRequestRow = Row<'outbound_requests'>;

/** What a request's outcome sets: all of it, every time (null where it has none). */
export type OutboundOutcome = Required<
  Pick<
    RowUpdate<'outbound_requests'>,
    'outcome' | 'response_status' | 'response_headers' | 'response_body' | 'error' | 'duration_ms'
  >
>;

/** A `sending` row gets its outcome; only a `sending` or `interrupted` row (a late answer wins). */
export async function recordOutboundOutcome(db: DbOrTx, id: string, changes: OutboundOutcome): Promise<void> {
  await outcomeById.run(db, { ...changes, id });
}
// Compiled once: every push and postback records its outcome.
const outcomeById = compiledStatement((db, p: OutboundOutcome & { id: string }) =>
  db
    .updateTable('outbound_requests')
    .set({
      outcome: p.outcome,
      response_status: p.response_status,
      response_headers: p.response_headers,
      response_body: p.response_body,
      error: p.error,
      duration_ms: p.duration_ms,
    })
    .where('id', '=', p.id)
    .where('outcome', 'in', ['sending', 'interrupted']),
);

/** This job's rows still `sending` become `interrupted`; how many did. */
export async function markInterruptedRequests(db: DbOrTx, jobId: string, error: string): Promise<number> {
  const result = await db
    .updateTable('outbound_requests')
    .set({ outcome: 'interrupted', error })
    .where('job_id', '=', jobId)
    .where('outcome', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
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
