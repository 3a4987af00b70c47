import { hostname } from 'node:os';
import type { AppContext } from '../context.js';
import { isDatabaseUnavailable } from '../db/availability.js';
import { newToken } from '../lib/ids.js';
import { backoffDelayMs } from './backoff.js';
import type { JobDefinition, JobRegistry, JobRow, JobRun } from './define-job.js';
import { PermanentError } from './errors.js';
import { claimDueJobs, extendJobLease, settleClaimedJob } from './queries.js';

export interface WorkerOptions {
  /** Jobs run at the same time in this process. */
  concurrency?: number;
  /** How often to look for due jobs when idle. */
  pollMs?: number;
  /**
   * How long a claim (and each heartbeat) holds a job. A job whose worker died (kill -9, a lost
   * machine) is taken again by another worker once it passes; short, so that happens in seconds.
   */
  lockMs?: number;
  /**
   * How often a running job's lease is pushed forward (to now + lockMs) while its handler runs, so
   * a healthy job slower than lockMs is never taken twice. Must be well under lockMs.
   */
  heartbeatMs?: number;
  /** Spread retries randomly (off in tests, so run_at is exact). */
  jitter?: boolean;
  /** Poll in the background; false leaves it to runOnce() (tests). */
  poll?: boolean;
  /**
   * True while the process's own intake is saturated (leads/lead-batcher.ts `leadIntakeBusy`): the
   * worker then keeps one job running, not `concurrency`, and takes the rest up again once it is
   * false. Never zero, so pushes go on during the load and the backlog drains after it.
   */
  yieldWhile?: () => boolean;
  workerId?: string;
}

export interface Worker {
  readonly id: string;
  /** Claim the jobs due now (up to concurrency), run them and wait; the number claimed. */
  runOnce(): Promise<number>;
  /** Stop claiming and wait for the jobs that are running to finish. */
  stop(): Promise<void>;
}

/** The lease rule (docs/architecture.md "Job leases, heartbeats and Idempotency-Key"): a 15 s lease, renewed every 5 s while the job runs. */
export const DEFAULT_LEASE_MS = 15_000;
export const DEFAULT_HEARTBEAT_MS = 5_000;

/** Jobs kept running while the worker yields to intake (WorkerOptions.yieldWhile). */
export const YIELDING_CONCURRENCY = 1;

const DEFAULTS = {
  concurrency: 4,
  pollMs: 1000,
  lockMs: DEFAULT_LEASE_MS,
  heartbeatMs: DEFAULT_HEARTBEAT_MS,
  jitter: true,
  poll: true,
};
const MAX_ERROR_LENGTH = 2000;

type Settings = typeof DEFAULTS & { workerId: string; yieldWhile?: () => boolean };

export function startWorker(ctx: AppContext, registry: JobRegistry, options: WorkerOptions = {}): Worker {
  const settings: Settings = {
    ...DEFAULTS,
    ...definedOnly(options),
    workerId: options.workerId ?? `${hostname()}:${process.pid}:${newToken(6)}`,
    yieldWhile: options.yieldWhile,
  };
  // A shorter lease named alone gets a heartbeat that fits it (three beats per lease).
  if (options.heartbeatMs === undefined && options.lockMs !== undefined) {
    settings.heartbeatMs = Math.min(DEFAULT_HEARTBEAT_MS, Math.max(1, Math.floor(settings.lockMs / 3)));
  }
  if (!(settings.heartbeatMs > 0 && settings.heartbeatMs < settings.lockMs)) {
    throw new RangeError(
      `job heartbeat (${settings.heartbeatMs} ms) must be shorter than the lease (${settings.lockMs} ms)`,
    );
  }
  const running = new Set<Promise<void>>();
  const claim = (limit: number) => {
    const now = ctx.clock.now();
    return claimDueJobs(ctx.db, {
      types: registry.types(),
      limit,
      workerId: settings.workerId,
      now: now.toISOString(),
      lockedUntil: new Date(now.getTime() + settings.lockMs).toISOString(),
    });
  };
  const track = (job: JobRow) => {
    const run = runJob(ctx, registry, job, settings).finally(() => {
      running.delete(run);
      // More jobs may be waiting: look again now, not after pollMs, once half the slots are free, so
      // one claim statement takes several jobs under a backlog (not one claim per finished job).
      if (settings.concurrency - running.size >= Math.ceil(settings.concurrency / 2)) poller?.wake();
    });
    running.add(run);
    return run;
  };
  const poller = settings.poll
    ? startPolling(ctx, settings.pollMs, async () => {
        const limit = settings.yieldWhile?.() ? YIELDING_CONCURRENCY : settings.concurrency;
        const free = limit - running.size;
        for (const job of free > 0 ? await claim(free) : []) track(job);
      })
    : undefined;

  return {
    id: settings.workerId,
    async runOnce() {
      const jobs = await claim(settings.concurrency);
      await Promise.all(jobs.map(track));
      return jobs.length;
    },
    async stop() {
      await poller?.stop();
      await Promise.all([...running]);
    },
  };
}

function definedOnly(options: WorkerOptions): Partial<typeof DEFAULTS> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** Calls `poll` every pollMs, or at once when woken; never two polls at a time. */
function startPolling(ctx: AppContext, pollMs: number, poll: () => Promise<void>) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let pollAgain = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
  };
  function tick() {
    timer = undefined;
    polling = poll()
      // A database outage is waited out here, polling on: one throttled line, not one per poll.
      .catch((error: unknown) =>
        isDatabaseUnavailable(error)
          ? ctx.databaseUnavailable(error, 'job claim failed')
          : ctx.logger.error({ err: error }, 'job claim failed'),
      )
      .finally(() => {
        polling = undefined;
        schedule(pollAgain ? 0 : pollMs);
        pollAgain = false;
      });
  }

  schedule(0);
  return {
    wake() {
      if (polling) pollAgain = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await polling;
    },
  };
}

/** Run one claimed job and record the outcome; never throws (a lost outcome is retried by lease expiry). */
async function runJob(ctx: AppContext, registry: JobRegistry, job: JobRow, settings: Settings) {
  const heartbeat = startHeartbeat(ctx, job, settings);
  try {
    await runClaimedJob(ctx, registry, job, settings);
  } finally {
    // Beats on until the outcome is recorded: a settle waiting out a database blip keeps its lease.
    await heartbeat.stop();
  }
}

/**
 * Extends the job's lease every heartbeatMs while it runs. A beat that finds the lease lost (it
 * expired while the event loop or database stalled, and another worker took the job) is logged:
 * the handler runs on, and its settle is refused by the fence.
 */
function startHeartbeat(ctx: AppContext, job: JobRow, settings: Settings) {
  let beating: Promise<void> | undefined;
  let lost = false;
  const beat = async () => {
    const lockedUntil = new Date(ctx.clock.now().getTime() + settings.lockMs).toISOString();
    try {
      const held = await extendJobLease(ctx.db, job, settings.workerId, lockedUntil);
      if (!held && !lost) {
        lost = true;
        ctx.logger.warn({ job_id: job.id, type: job.type }, 'job lease was lost while it ran');
      }
    } catch (error) {
      if (isDatabaseUnavailable(error)) ctx.databaseUnavailable(error, 'a job heartbeat failed');
      else ctx.logger.error({ err: error, job_id: job.id }, 'a job heartbeat failed');
    }
  };
  const timer = setInterval(() => {
    if (!beating && !lost) beating = beat().finally(() => (beating = undefined));
  }, settings.heartbeatMs);
  return {
    async stop() {
      clearInterval(timer);
      await beating;
    },
  };
}

async function runClaimedJob(ctx: AppContext, registry: JobRegistry, job: JobRow, settings: Settings) {
  const definition = registry.get(job.type);
  // Set when the handler settled its run itself (JobRun.settleDoneIn), in its last transaction.
  let settledByHandler: boolean | undefined;
  const run: JobRun = {
    async settleDoneIn(db) {
      settledByHandler = undefined;
      const changes = { status: 'done' as const, updated_at: ctx.clock.now().toISOString() };
      settledByHandler = await settleClaimedJob(db, job, settings.workerId, changes);
      return settledByHandler;
    },
  };
  try {
    if (!definition) throw new PermanentError(`no handler for job type "${job.type}"`);
    // Reclaimed after its worker died on the last allowed attempt: running it again would exceed the limit.
    if (job.attempts > job.max_attempts) {
      throw new PermanentError('lease expired on the final attempt (the worker stopped or crashed)');
    }
    await definition.handler(ctx, parsePayload(job), job, run);
    if (settledByHandler === undefined) await settle(ctx, job, settings, { status: 'done' });
    else if (!settledByHandler) ctx.logger.warn({ job_id: job.id }, 'job lease was lost before it finished');
    ctx.logger.debug({ job_id: job.id, type: job.type, attempts: job.attempts }, 'job done');
  } catch (error) {
    await settleFailure(ctx, job, definition, settings, error);
  }
}

function parsePayload(job: JobRow): unknown {
  try {
    return JSON.parse(job.payload);
  } catch (error) {
    throw new PermanentError('payload is not valid JSON', { cause: error });
  }
}

async function settleFailure(
  ctx: AppContext,
  job: JobRow,
  definition: JobDefinition | undefined,
  settings: Settings,
  error: unknown,
) {
  const lastError = describeError(error);
  const permanent = error instanceof PermanentError;
  const log = { job_id: job.id, type: job.type, attempts: job.attempts, error: lastError };
  if (permanent || !definition || job.attempts >= job.max_attempts) {
    ctx.logger.warn(log, 'job failed');
    const settled = await settle(ctx, job, settings, { status: 'failed', last_error: lastError });
    if (settled && definition?.onGiveUp) await giveUp(ctx, definition, job, lastError);
    return;
  }
  const delay = backoffDelayMs(definition.backoff, job.attempts, settings.jitter ? Math.random : undefined);
  const runAt = new Date(ctx.clock.now().getTime() + delay).toISOString();
  ctx.logger.info({ ...log, run_at: runAt }, 'job will be retried');
  await settle(ctx, job, settings, { status: 'pending', run_at: runAt, last_error: lastError });
}

/** How long a finished job's outcome waits for a database that is away before its lease decides. */
const SETTLE_WAIT_MS = 30_000;

/**
 * True when the outcome was recorded (this worker still held the job). A database that is away
 * (a restart, a short outage) is waited for: an unrecorded run would be run again once its lease
 * expires, pushing the same lead twice. The write is fenced on the claim, so a late one is safe.
 */
async function settle(
  ctx: AppContext,
  job: JobRow,
  settings: Settings,
  changes: { status: 'done' | 'failed' | 'pending'; run_at?: string; last_error?: string },
): Promise<boolean> {
  const giveUpAt = Date.now() + SETTLE_WAIT_MS;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      const settled = await settleClaimedJob(ctx.db, job, settings.workerId, {
        ...changes,
        updated_at: ctx.clock.now().toISOString(),
      });
      if (!settled) ctx.logger.warn({ job_id: job.id }, 'job lease was lost before it finished');
      return settled;
    } catch (error) {
      if (isDatabaseUnavailable(error) && Date.now() + delay < giveUpAt) {
        ctx.databaseUnavailable(error, 'a job outcome waits for the database');
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
      ctx.logger.error({ err: error, job_id: job.id }, 'could not record job outcome; its lease will expire');
      return false;
    }
  }
}

async function giveUp(ctx: AppContext, definition: JobDefinition, job: JobRow, lastError: string) {
  try {
    await definition.onGiveUp?.(ctx, JSON.parse(job.payload), job, lastError);
  } catch (error) {
    ctx.logger.error({ err: error, job_id: job.id, type: job.type }, 'job give-up hook failed');
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
