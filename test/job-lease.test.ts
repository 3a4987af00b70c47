import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineJob, JobRegistry } from '../src/jobs/define-job.js';
import { enqueueJob } from '../src/jobs/enqueue-job.js';
import { claimDueJobs, extendJobLease } from '../src/jobs/queries.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { systemClock } from '../src/lib/clock.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Real time throughout: leases and heartbeats are timers, and the point is what happens as they pass.
let t: TestApp;
let workers: Worker[];
beforeEach(async () => {
  t = await createTestApp({ clock: systemClock });
  workers = [];
});
afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await t.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jobRow = (id: string) =>
  t.ctx.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** A job that takes `ms` of real time, counting how many times it starts. */
function slowJob(ms: number) {
  const runs: { attempt: number; worker: string }[] = [];
  const definition = defineJob<{ worker?: string }>({
    type: 'test_slow',
    maxAttempts: 5,
    backoff: { baseMs: 10, capMs: 10 },
    async handler(_ctx, _payload, job) {
      runs.push({ attempt: job.attempts, worker: job.locked_by ?? '' });
      await sleep(ms);
    },
  });
  return { definition, runs };
}

describe('job leases and heartbeats', () => {
  it('claims a job for 15 seconds by default, not minutes', async () => {
    let lease = 0;
    const peek = defineJob({
      type: 'test_peek',
      async handler(ctx, _payload, running) {
        const row = await ctx.db
          .selectFrom('jobs')
          .selectAll()
          .where('id', '=', running.id)
          .executeTakeFirstOrThrow();
        lease = Date.parse(row.locked_until ?? '') - Date.parse(row.updated_at);
      },
    });
    const worker = startWorker(t.ctx, new JobRegistry([peek]), { poll: false });
    workers.push(worker);
    const job = await enqueueJob(t.ctx.db, t.ctx, { type: peek, payload: {} });
    expect(await worker.runOnce()).toBe(1);
    expect((await jobRow(job.id)).status).toBe('done');
    expect(lease).toBe(15_000);
  });

  it('retakes a job whose worker died (no more heartbeats) within a second of its short lease', async () => {
    const { definition, runs } = slowJob(0);
    const job = await enqueueJob(t.ctx.db, t.ctx, { type: definition, payload: {} });
    // A worker with a 1 s lease claims the job and dies at once (kill -9: no settle, no heartbeat).
    const claimedAt = Date.now();
    await claimDueJobs(t.ctx.db, {
      types: [definition.type],
      limit: 1,
      workerId: 'killed-worker',
      now: new Date(claimedAt).toISOString(),
      lockedUntil: new Date(claimedAt + 1000).toISOString(),
    });
    const survivor = startWorker(t.ctx, new JobRegistry([definition]), {
      pollMs: 50,
      lockMs: 1000,
      heartbeatMs: 200,
      jitter: false,
      workerId: 'survivor',
    });
    workers.push(survivor);
    await until(async () => (await jobRow(job.id)).status === 'done', 5000);
    const tookMs = Date.now() - claimedAt;
    expect(tookMs).toBeGreaterThanOrEqual(1000);
    expect(tookMs).toBeLessThan(2500);
    expect(runs).toEqual([{ attempt: 2, worker: 'survivor' }]);
  });

  it('never runs twice a healthy job that takes longer than its lease: the heartbeat keeps it', async () => {
    // The job takes over twice its lease. The lease leaves a heartbeat 1.2 s to land (a CI machine
    // under load delayed one past a 600 ms lease once on PostgreSQL, session 16).
    const { definition, runs } = slowJob(3500);
    const job = await enqueueJob(t.ctx.db, t.ctx, { type: definition, payload: {} });
    for (const id of ['worker-a', 'worker-b']) {
      const worker = startWorker(t.ctx, new JobRegistry([definition]), {
        pollMs: 50,
        lockMs: 1500,
        heartbeatMs: 300,
        jitter: false,
        workerId: id,
      });
      workers.push(worker);
    }
    await until(async () => (await jobRow(job.id)).status === 'done', 10_000);
    // Give a stray second run the chance to show up before counting.
    await sleep(300);
    expect(runs).toHaveLength(1);
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('lets only the holder of a claim (its worker and attempt) extend the lease', async () => {
    const { definition } = slowJob(0);
    const job = await enqueueJob(t.ctx.db, t.ctx, { type: definition, payload: {} });
    const now = Date.now();
    const [claimed] = await claimDueJobs(t.ctx.db, {
      types: [definition.type],
      limit: 1,
      workerId: 'holder',
      now: new Date(now).toISOString(),
      lockedUntil: new Date(now + 1000).toISOString(),
    });
    const later = new Date(now + 60_000).toISOString();
    expect(await extendJobLease(t.ctx.db, claimed!, 'someone-else', later)).toBe(false);
    expect(await extendJobLease(t.ctx.db, { id: job.id, attempts: 7 }, 'holder', later)).toBe(false);
    expect((await jobRow(job.id)).locked_until).toBe(new Date(now + 1000).toISOString());
    expect(await extendJobLease(t.ctx.db, claimed!, 'holder', later)).toBe(true);
    expect((await jobRow(job.id)).locked_until).toBe(later);
  });

  it('refuses a heartbeat that does not fit in the lease', () => {
    expect(() =>
      startWorker(t.ctx, new JobRegistry([]), { poll: false, lockMs: 1000, heartbeatMs: 1000 }),
    ).toThrow(/heartbeat/);
  });
});
