import { statementFamily } from '../db/compiled-query.js';
import { insertRowReturning } from '../db/compiled-writes.js';
import type { DbOrTx } from '../db/database.js';
import { forUpdateSkipLocked } from '../db/dialect.js';
import { insertFullRows } from '../db/full-row-insert.js';
import type { JobStatus, NewRow, RowUpdate } from '../db/schema.js';
import type { JobRow } from './define-job.js';

/** Cached per set of columns (db/compiled-writes.ts): a lead or postback queues jobs on every event. */
export function insertJob(db: DbOrTx, row: NewRow<'jobs'>): Promise<JobRow> {
  return insertRowReturning(db, 'jobs', row);
}

export function findJob(db: DbOrTx, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ClaimInput {
  types: readonly string[];
  limit: number;
  workerId: string;
  now: string;
  lockedUntil: string;
}

/**
 * Take up to `limit` due jobs in one statement: pending ones whose time has come, and running ones
 * whose lease expired because their worker died. Each claim counts as an attempt, so a job that
 * kills its worker every time still runs out of attempts.
 */
export async function claimDueJobs(db: DbOrTx, input: ClaimInput): Promise<JobRow[]> {
  if (input.types.length === 0 || input.limit < 1) return [];
  const params: Record<string, unknown> = {
    limit: input.limit,
    workerId: input.workerId,
    now: input.now,
    lockedUntil: input.lockedUntil,
  };
  input.types.forEach((type, i) => {
    params[`type${i}`] = type;
  });
  const rows = (await claimStatement(input.types.length).execute(db, params)) as JobRow[];
  return rows.sort((a, b) => a.run_at.localeCompare(b.run_at) || a.id.localeCompare(b.id));
}

// Compiled once per number of job types (the registry's, so one): the worker claims on every poll.
// The due jobs are two index range scans, each read in its index's order and stopped at `limit`
// rows: the pending ones whose time has come (jobs_status_run_at, by run_at) and the running ones
// whose lease expired (jobs_status_locked_until, by locked_until); the first `limit` of the two by
// run_at are taken. One `or` of the two
// made SQLite read every due job of the backlog and sort them all on every claim (session 16: 1.3 ms
// a claim with 2,000 pushes waiting, a tenth of a push's CPU).
const claimStatement = statementFamily((typeCount: number) => (db, p: Record<string, unknown>) => {
  const types = Array.from({ length: typeCount }, (_, i) => p[`type${i}`] as string);
  const now = p.now as string;
  const limit = p.limit as number;
  // One index range of `column`, read in order and stopped at the limit.
  const dueBy = (status: 'pending' | 'running', column: 'run_at' | 'locked_until', op: '<=' | '<') =>
    forUpdateSkipLocked(
      db,
      db
        .selectFrom('jobs')
        .select(['id', 'run_at'])
        .where('status', '=', status)
        .where(column, op, now)
        .where('type', 'in', types)
        .orderBy(column)
        .orderBy('id')
        .limit(limit),
    );
  const pending = dueBy('pending', 'run_at', '<=');
  const expired = dueBy('running', 'locked_until', '<');
  const due = db
    .selectFrom(
      db
        .selectFrom(pending.as('pending'))
        .select(['id', 'run_at'])
        .unionAll(db.selectFrom(expired.as('expired')).select(['id', 'run_at']))
        .as('due'),
    )
    .select('id')
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit);
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running' as const,
      attempts: eb('attempts', '+', 1),
      locked_by: p.workerId as string,
      locked_until: p.lockedUntil as string,
      updated_at: now,
    }))
    .where('id', 'in', due)
    .returningAll();
});

/**
 * Record how a claimed run ended. Fenced on the claim (worker and attempt), so a worker whose lease
 * expired and was taken over cannot overwrite the newer run's state; false when that happened.
 */
export async function settleClaimedJob(
  db: DbOrTx,
  job: Pick<JobRow, 'id' | 'attempts'>,
  workerId: string,
  changes: SettleChanges,
): Promise<boolean> {
  const columns = SETTLE_COLUMNS.filter((c) => changes[c] !== undefined);
  const result = await settleStatement(columns.join(',')).run(db, {
    ...changes,
    id: job.id,
    workerId,
    attempts: job.attempts,
  });
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** What a settle may set (besides clearing the lease). */
export type SettleChanges = Pick<RowUpdate<'jobs'>, 'status' | 'run_at' | 'last_error' | 'updated_at'>;
const SETTLE_COLUMNS = ['status', 'run_at', 'last_error', 'updated_at'] as const;

// Compiled once per set of columns (done, failed, retried): every job ends with one.
const settleStatement = statementFamily((columnList: string) => (db, p: Record<string, unknown>) => {
  const set: Record<string, unknown> = { locked_by: null, locked_until: null };
  for (const column of columnList.split(',')) set[column] = p[column];
  return db
    .updateTable('jobs')
    .set(set as RowUpdate<'jobs'>)
    .where('id', '=', p.id as string)
    .where('status', '=', 'running')
    .where('locked_by', '=', p.workerId as string)
    .where('attempts', '=', p.attempts as number);
});

/**
 * A heartbeat: push a running job's lease forward. Fenced like settleClaimedJob (worker and
 * attempt), so only the holder of this claim extends it; false when the lease was lost (it expired
 * and another worker took the job, or the job was settled).
 */
export async function extendJobLease(
  db: DbOrTx,
  job: Pick<JobRow, 'id' | 'attempts'>,
  workerId: string,
  lockedUntil: string,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: lockedUntil })
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', workerId)
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A failed job back to the queue with fresh attempts; undefined when it is not (or no longer) failed. */
export function requeueFailedJob(db: DbOrTx, id: string, now: string): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set({
      status: 'pending',
      attempts: 0,
      run_at: now,
      locked_by: null,
      locked_until: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirst();
}

export interface JobFilter {
  type?: string;
  status?: JobStatus;
}

export async function listJobRows(db: DbOrTx, filter: JobFilter, limit: number, offset: number) {
  let query = db.selectFrom('jobs');
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.status) query = query.where('status', '=', filter.status);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Many jobs, every column set, one statement per 500 (12 columns each, under both parameter limits). */
export async function insertJobs(db: DbOrTx, rows: readonly JobRow[]): Promise<void> {
  await insertFullRows(db, 'jobs', JOB_COLUMNS, rows, 500);
}

const JOB_COLUMNS = [
  'id',
  'type',
  'payload',
  'status',
  'attempts',
  'max_attempts',
  'run_at',
  'locked_by',
  'locked_until',
  'last_error',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof JobRow)[];
