import type { AppContext } from '../context.js';
import { ConflictError, NotFoundError } from '../lib/errors.js';
import type { JobRow } from './define-job.js';
import { findJob, requeueFailedJob } from './queries.js';

/** An operator's second chance for a failed job: back to pending, due now, with all its attempts. */
export async function retryFailedJob(ctx: AppContext, id: string): Promise<JobRow> {
  const requeued = await requeueFailedJob(ctx.db, id, ctx.clock.now().toISOString());
  if (requeued) return requeued;
  const job = await findJob(ctx.db, id);
  if (!job) throw new NotFoundError('job');
  throw new ConflictError(
    `only a failed job can be retried; this one is ${job.status}`,
    undefined,
    'job_not_failed',
  );
}
