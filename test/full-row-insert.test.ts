import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineJob } from '../src/jobs/define-job.js';
import { enqueueJobs } from '../src/jobs/enqueue-job.js';
import { insertJobs } from '../src/jobs/queries.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * db/full-row-insert.ts through the jobs insert: a multi-row insert bound as text stores every row
 * as given, in as many statements as 500-row chunks, and refuses a row that lacks a column instead of
 * writing a NULL or the column's default.
 */

let t: TestApp;
let statements: string[] | undefined;
const noop = defineJob<{ n: number }>({ type: 'full_row_test', maxAttempts: 4, async handler() {} });

beforeAll(async () => {
  t = await createTestApp({ onQuery: (text) => statements?.push(text) });
});
afterAll(() => t.close());

describe('full-row insert', () => {
  it('stores 501 jobs as given, in two statements', async () => {
    statements = [];
    await enqueueJobs(
      t.ctx.db,
      t.ctx,
      noop,
      Array.from({ length: 501 }, (_, n) => ({ n })),
    );
    const run = statements;
    statements = undefined;
    expect(run.filter((s) => s.startsWith('insert into "jobs"')).length).toBe(2);
    const rows = await t.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'full_row_test')
      .orderBy('id')
      .execute();
    expect(rows.length).toBe(501);
    expect(rows.map((r) => (JSON.parse(r.payload) as { n: number }).n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 501 }, (_, n) => n),
    );
    const first = rows[0];
    expect(first).toMatchObject({ status: 'pending', attempts: 0, max_attempts: 4, locked_by: null });
    expect(first?.run_at).toBe(first?.created_at);
  });

  it('refuses a row that lacks a column, and writes none of the statement', async () => {
    const now = new Date().toISOString();
    const row = {
      id: 'full-row-1',
      type: 'full_row_missing',
      payload: '{}',
      status: 'pending' as const,
      attempts: 0,
      max_attempts: 1,
      run_at: now,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
    const { last_error: _, ...lacking } = row;
    await expect(insertJobs(t.ctx.db, [row, lacking as typeof row])).rejects.toThrow(/lacks last_error/);
    const stored = await t.ctx.db
      .selectFrom('jobs')
      .select('id')
      .where('type', '=', 'full_row_missing')
      .execute();
    expect(stored).toEqual([]);
  });
});
