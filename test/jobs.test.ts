import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext, createLogger } from '../src/context.js';
import { inTransaction } from '../src/db/database.js';
import { defineJob, JobRegistry } from '../src/jobs/define-job.js';
import { enqueueJob } from '../src/jobs/enqueue-job.js';
import { claimDueJobs, settleClaimedJob } from '../src/jobs/queries.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { ensureDelivered } from '../src/modules/outbound/classify-result.js';
import { sendRequest } from '../src/modules/outbound/send-request.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** A lead push as later modules will write it: one logged request, its result decides the retry. */
const pushJob = defineJob<{ url: string; timeoutMs?: number }>({
  type: 'test_push',
  maxAttempts: 3,
  backoff: { baseMs: 1000, capMs: 60_000 },
  async handler(ctx, payload, job) {
    const result = await sendRequest(ctx, {
      kind: 'lead_push',
      method: 'POST',
      url: payload.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ job: job.id }),
      timeoutMs: payload.timeoutMs,
      jobId: job.id,
    });
    ensureDelivered(result);
  },
});

let t: TestApp;
let server: FakeServer;
let worker: Worker;
let token: string;

beforeEach(async () => {
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1' } });
  server = await startFakeServer();
  worker = startWorker(t.ctx, new JobRegistry([pushJob]), { poll: false, jitter: false });
  token = await t.adminToken();
});
afterEach(async () => {
  await worker.stop();
  await server.close();
  await t.close();
});

const iso = (ms: number) => new Date(ms).toISOString();
const jobRow = (id: string) =>
  t.ctx.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const enqueuePush = (payload: { url: string; timeoutMs?: number }, maxAttempts?: number) =>
  enqueueJob(t.ctx.db, t.ctx, { type: pushJob, payload, maxAttempts });

describe('job outbox', () => {
  it('never runs a job whose enqueuing transaction rolled back, and runs a committed one', async () => {
    await expect(
      inTransaction(t.ctx.db, async (tx) => {
        await enqueueJob(tx, t.ctx, { type: pushJob, payload: { url: `${server.url}/rolled-back` } });
        throw new Error('lead rejected');
      }),
    ).rejects.toThrow('lead rejected');
    expect(await worker.runOnce()).toBe(0);
    expect(await t.ctx.db.selectFrom('jobs').selectAll().execute()).toHaveLength(0);

    const job = await inTransaction(t.ctx.db, (tx) =>
      enqueueJob(tx, t.ctx, { type: pushJob, payload: { url: `${server.url}/committed` } }),
    );
    expect(await worker.runOnce()).toBe(1);
    expect(server.requests.map((r) => r.url)).toEqual(['/committed']);
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', attempts: 1, locked_by: null });
  });

  it('retries a 5xx with exponential backoff on the clock, then succeeds', async () => {
    server.respondWith({ status: 500, body: 'down' }, { status: 503, body: 'still down' });
    const job = await enqueuePush({ url: `${server.url}/leads` });
    const start = t.clock.now().getTime();

    expect(await worker.runOnce()).toBe(1);
    expect(await jobRow(job.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      run_at: iso(start + 1000),
      last_error: expect.stringContaining('HTTP 500'),
    });
    t.clock.advance(999);
    expect(await worker.runOnce()).toBe(0);
    t.clock.advance(1);
    expect(await worker.runOnce()).toBe(1);
    expect(await jobRow(job.id)).toMatchObject({ status: 'pending', attempts: 2, run_at: iso(start + 3000) });

    t.clock.advance(2000);
    expect(await worker.runOnce()).toBe(1);
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', attempts: 3 });
    expect(server.requests).toHaveLength(3);

    const log = await t.call('GET', '/api/admin/outbound-requests', { token, query: { job_id: job.id } });
    expect(log.body.total).toBe(3);
    expect(log.body.data.map((r: any) => r.response_status).sort()).toEqual([200, 500, 503]);
    expect(log.body.data[0]).toMatchObject({ kind: 'lead_push', method: 'POST', outcome: 'response' });
  });

  it('does not retry a 404: the job fails after one attempt', async () => {
    server.respondWith({ status: 404, body: 'no such offer' });
    const job = await enqueuePush({ url: `${server.url}/leads` });
    expect(await worker.runOnce()).toBe(1);
    expect(await jobRow(job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: expect.stringContaining('HTTP 404'),
    });
    t.clock.advance(24 * 60 * 60 * 1000);
    expect(await worker.runOnce()).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('treats a timeout as retryable', async () => {
    server.respondWith({ hang: true });
    const job = await enqueuePush({ url: `${server.url}/slow`, timeoutMs: 200 });
    expect(await worker.runOnce()).toBe(1);
    const row = await jobRow(job.id);
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: expect.stringContaining('timeout'),
    });
    const [logged] = await t.ctx.db.selectFrom('outbound_requests').selectAll().execute();
    expect(logged).toMatchObject({ outcome: 'timeout', response_status: null, job_id: job.id });

    t.clock.advance(1000);
    expect(await worker.runOnce()).toBe(1);
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('fails after max attempts; the admin retry puts it back and it then succeeds', async () => {
    server.setFallback({ status: 500 });
    const job = await enqueuePush({ url: `${server.url}/leads` }, 2);
    expect(await worker.runOnce()).toBe(1);
    t.clock.advance(1000);
    expect(await worker.runOnce()).toBe(1);
    expect(await jobRow(job.id)).toMatchObject({ status: 'failed', attempts: 2 });

    const failed = await t.call('GET', '/api/admin/jobs', {
      token,
      query: { status: 'failed', type: 'test_push' },
    });
    expect(failed.body).toMatchObject({ total: 1, data: [{ id: job.id, status: 'failed' }] });
    expect(failed.body.data[0].payload).toEqual({ url: `${server.url}/leads` });

    const retried = await t.call('POST', `/api/admin/jobs/${job.id}/retry`, { token });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      status: 'pending',
      attempts: 0,
      run_at: iso(t.clock.now().getTime()),
    });
    const again = await t.call('POST', `/api/admin/jobs/${job.id}/retry`, { token });
    expect(again.status).toBe(409);

    server.setFallback({ status: 200 });
    expect(await worker.runOnce()).toBe(1);
    const done = await t.call('GET', `/api/admin/jobs/${job.id}`, { token });
    expect(done.body).toMatchObject({ status: 'done', attempts: 1 });
    expect(server.requests).toHaveLength(3);
  });

  it('answers 404 for an unknown job and 400 for a malformed id', async () => {
    expect((await t.call('GET', '/api/admin/jobs/01J00000000000000000000000', { token })).status).toBe(404);
    expect((await t.call('POST', '/api/admin/jobs/01J00000000000000000000000/retry', { token })).status).toBe(
      404,
    );
    expect((await t.call('GET', '/api/admin/jobs/nope', { token })).status).toBe(400);
    expect((await t.call('GET', '/api/admin/jobs')).status).toBe(401);
  });

  it('reclaims a job whose worker died once its lease expires, and fences the dead worker out', async () => {
    const job = await enqueuePush({ url: `${server.url}/leads` });
    const now = t.clock.now().getTime();
    const [claimed] = await claimDueJobs(t.ctx.db, {
      types: ['test_push'],
      limit: 5,
      workerId: 'dead-worker',
      now: iso(now),
      lockedUntil: iso(now + 60_000),
    });
    expect(claimed).toMatchObject({ id: job.id, status: 'running', attempts: 1, locked_by: 'dead-worker' });

    expect(await worker.runOnce()).toBe(0);
    t.clock.advance(60_001);
    expect(await worker.runOnce()).toBe(1);
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', attempts: 2, locked_by: null });
    expect(server.requests).toHaveLength(1);

    // The dead worker waking up late cannot overwrite the newer run's outcome.
    expect(await settleClaimedJob(t.ctx.db, claimed!, 'dead-worker', { status: 'failed' })).toBe(false);
    expect((await jobRow(job.id)).status).toBe('done');
  });

  it('fences out its own stale run when the same worker re-claimed the job after its lease expired', async () => {
    // Each run waits until the test ends it, so two runs of one job overlap in one worker.
    const runs = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
    const gated = defineJob<Record<string, never>>({
      type: 'test_gated',
      maxAttempts: 5,
      backoff: { baseMs: 1000, capMs: 1000 },
      handler: (_ctx, _payload, job) =>
        new Promise<void>((resolve, reject) => runs.set(job.attempts, { resolve, reject })),
    });
    const same = startWorker(t.ctx, new JobRegistry([gated]), {
      poll: false,
      jitter: false,
      lockMs: 1000,
      workerId: 'worker-a',
    });
    const started = async (attempt: number) => {
      while (!runs.has(attempt)) await new Promise((resolve) => setTimeout(resolve, 2));
      return runs.get(attempt) as { resolve: () => void; reject: (error: Error) => void };
    };
    try {
      const job = await enqueueJob(t.ctx.db, t.ctx, { type: gated, payload: {} });
      const firstRun = same.runOnce();
      const first = await started(1);
      t.clock.advance(1001);
      // The lease ran out: this worker, believing the run lost, claims the job again.
      const secondRun = same.runOnce();
      const second = await started(2);
      expect(await jobRow(job.id)).toMatchObject({ status: 'running', attempts: 2, locked_by: 'worker-a' });

      // The first run ends late, failing: it must not put back a job its newer run holds.
      first.reject(new Error('stale run'));
      await firstRun;
      expect(await jobRow(job.id)).toMatchObject({ status: 'running', attempts: 2, locked_by: 'worker-a' });

      second.resolve();
      await secondRun;
      const r = await t.call('GET', `/api/admin/jobs/${job.id}`, { token });
      expect(r.body).toMatchObject({ status: 'done', attempts: 2 });
      expect(await same.runOnce()).toBe(0);
    } finally {
      for (const run of runs.values()) run.resolve();
      await same.stop();
    }
  });

  it('fails a job whose lease expired on its final attempt instead of running it again', async () => {
    const job = await enqueuePush({ url: `${server.url}/leads` }, 1);
    const now = t.clock.now().getTime();
    await claimDueJobs(t.ctx.db, {
      types: ['test_push'],
      limit: 1,
      workerId: 'dead-worker',
      now: iso(now),
      lockedUntil: iso(now + 1000),
    });
    t.clock.advance(1001);
    expect(await worker.runOnce()).toBe(1);
    expect(await jobRow(job.id)).toMatchObject({
      status: 'failed',
      last_error: expect.stringContaining('lease'),
    });
    expect(server.requests).toHaveLength(0);
  });

  it('leaves jobs of types it does not know for a worker that does', async () => {
    const job = await enqueueJob(t.ctx.db, t.ctx, { type: 'added_in_a_later_release', payload: {} });
    expect(await worker.runOnce()).toBe(0);
    expect(await jobRow(job.id)).toMatchObject({ status: 'pending', attempts: 0, max_attempts: 5 });
  });

  it('stop() waits for the jobs that are running', async () => {
    server.respondWith({ hang: true });
    await enqueuePush({ url: `${server.url}/slow`, timeoutMs: 300 });
    const background = startWorker(t.ctx, new JobRegistry([pushJob]), { pollMs: 10, jitter: false });
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await background.stop();
    const [row] = await t.ctx.db.selectFrom('jobs').selectAll().execute();
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: expect.stringContaining('timeout'),
    });
  });

  it('two workers claiming at the same time never run the same job twice', async () => {
    const runs = new Map<string, number>();
    const countJob = defineJob<{ n: number }>({
      type: 'test_count',
      async handler(_ctx, _payload, job) {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 2));
      },
    });
    for (let n = 0; n < 50; n++) await enqueueJob(t.ctx.db, t.ctx, { type: countJob, payload: { n } });
    // A second process: its own connection pool to the same database.
    const other = await createContext(t.ctx.config, {
      clock: t.clock,
      logger: createLogger({ logLevel: 'silent' }),
      migrate: false,
    });
    const registry = new JobRegistry([countJob]);
    const workers = [t.ctx, other].map((ctx) => startWorker(ctx, registry, { poll: false, concurrency: 5 }));
    const claimedBy = [0, 0];
    try {
      await Promise.all(
        workers.map(async (w, i) => {
          for (let claimed = await w.runOnce(); claimed > 0; claimed = await w.runOnce()) {
            claimedBy[i] = (claimedBy[i] ?? 0) + claimed;
          }
        }),
      );
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await other.close();
    }
    expect(runs.size).toBe(50);
    expect([...runs].filter(([, count]) => count !== 1)).toEqual([]);
    expect(claimedBy[0]! + claimedBy[1]!).toBe(50);
    const done = await t.call('GET', '/api/admin/jobs', { token, query: { status: 'done', per_page: '10' } });
    expect(done.body).toMatchObject({ total: 50, page: 1, per_page: 10 });
    expect(done.body.data).toHaveLength(10);
  });
});
