import type { DbOrTx } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { DEFAULT_MAX_ATTEMPTS, type JobDefinition, JobDefinitionError, type JobRow } from './define-job.js';
import { insertJob, insertJobs } from './queries.js';

export interface EnqueueJobInput<P> {
  /** The definition (its maxAttempts applies, and the payload is type-checked) or its type name. */
  type: JobDefinition<P> | string;
  /** Must survive JSON: it is stored as text and parsed again by the worker. */
  payload: P;
  /** Not before this time; now when left out. */
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Queue a job. Pass the caller's transaction so the job exists exactly when the change that
 * causes it commits: a rolled-back lead never gets pushed.
 */
export async function enqueueJob<P>(
  db: DbOrTx,
  ctx: { clock: Clock },
  input: EnqueueJobInput<P>,
): Promise<JobRow> {
  const type = typeof input.type === 'string' ? input.type : input.type.type;
  const maxAttempts =
    input.maxAttempts ?? (typeof input.type === 'string' ? DEFAULT_MAX_ATTEMPTS : input.type.maxAttempts);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new JobDefinitionError(`job type "${type}": maxAttempts must be a positive integer`);
  }
  const payload = JSON.stringify(input.payload);
  if (payload === undefined) throw new JobDefinitionError(`job type "${type}": payload is not JSON`);
  const now = ctx.clock.now();
  const iso = now.toISOString();
  return insertJob(db, {
    id: newId(now.getTime()),
    type,
    payload,
    status: 'pending',
    attempts: 0,
    max_attempts: maxAttempts,
    run_at: (input.runAt ?? now).toISOString(),
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: iso,
    updated_at: iso,
  });
}

/** Queue one job per payload, all of one type, in as few statements as possible (bulk work like imports). */
export async function enqueueJobs<P>(
  db: DbOrTx,
  ctx: { clock: Clock },
  type: JobDefinition<P>,
  payloads: readonly P[],
): Promise<void> {
  const now = ctx.clock.now();
  const iso = now.toISOString();
  await insertJobs(
    db,
    payloads.map((payload) => ({
      id: newId(now.getTime()),
      type: type.type,
      payload: JSON.stringify(payload),
      status: 'pending' as const,
      attempts: 0,
      max_attempts: type.maxAttempts,
      run_at: iso,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: iso,
      updated_at: iso,
    })),
  );
}
