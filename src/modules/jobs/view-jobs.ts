import type { AppContext } from '../../context.js';
import type { JobRow } from '../../jobs/define-job.js';
import { findJob, listJobRows } from '../../jobs/queries.js';
import { NotFoundError } from '../../lib/errors.js';
import type { Job, JobListQuery } from './schemas.js';

export async function listJobs(ctx: AppContext, query: JobListQuery, limit: number, offset: number) {
  const { rows, total } = await listJobRows(ctx.db, query, limit, offset);
  return { jobs: rows.map(presentJob), total };
}

export async function getJob(ctx: AppContext, id: string): Promise<Job> {
  const row = await findJob(ctx.db, id);
  if (!row) throw new NotFoundError('job');
  return presentJob(row);
}

export function presentJob(row: JobRow): Job {
  return { ...row, payload: JSON.parse(row.payload) as unknown };
}
