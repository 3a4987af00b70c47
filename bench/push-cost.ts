/**
 * bench:push-cost — CPU microseconds per lead push in one process: the job worker of a build
 * (`dist`, or PUSH_COST_DIST=/path/to/other/dist) draining lead_push jobs to the local fake
 * advertiser (bench/fake-advertiser.mjs, its own process, so its CPU is not counted). Each round
 * first takes BENCH_PUSHES leads through `POST /api/lead` (`app.inject`, not measured), then starts
 * the worker and reads process.cpuUsage until every push is sent. CPU time, not wall time, so the
 * figure moves little with other processes' load; run old and new builds alternately and compare.
 *
 *   PUSH_COST_DIST=/tmp/old/dist npx tsx bench/push-cost.ts; npx tsx bench/push-cost.ts
 *
 * BENCH_DATABASE_URL=postgres://… (an empty database) runs it on PostgreSQL. BENCH_PUSHES (2000)
 * pushes per round, BENCH_ROUNDS (3) rounds after a warm-up round; the median is printed.
 * JOB_CONCURRENCY as for the server (its default when unset). BENCH_PROFILE=/path/x.cpuprofile
 * writes a CPU profile of the measured drains only. On PostgreSQL the backends' CPU per push is
 * printed beside it (`database`, bench/pg-backend-cpu.ts; the server must be on this machine).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppContext } from '../src/context.js';
import { freshDatabase, stopProcess, undoUnknownMigrations } from './lib.js';
import { benchContext, injectLead, type LeadInjectable, seedPushNetwork } from './network.js';
import { meterBackendCpu } from './pg-backend-cpu.js';

const PUSHES = Number(process.env.BENCH_PUSHES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 64;
const dist = resolve(process.env.PUSH_COST_DIST ?? 'dist');

interface DistContext {
  close(): Promise<void>;
  config: { jobConcurrency: number; jobLeaseMs: number; jobHeartbeatMs: number };
}
interface DistModules {
  loadConfig(env: Record<string, string>): unknown;
  createContext(config: unknown, options: unknown): Promise<DistContext>;
  createLogger(options: unknown): unknown;
  buildApp(ctx: unknown): Promise<LeadInjectable>;
  appJobRegistry(): unknown;
  startWorker(ctx: unknown, registry: unknown, options: Record<string, unknown>): { stop(): Promise<void> };
}

async function importDist(): Promise<DistModules> {
  const load = (path: string) => import(pathToFileURL(join(dist, path)).href);
  const parts = await Promise.all(
    ['src/config.js', 'src/context.js', 'src/http/app.js', 'src/jobs/registry.js', 'src/jobs/worker.js'].map(
      load,
    ),
  );
  return Object.assign({}, ...parts) as DistModules;
}

async function unsentPushes(ctx: AppContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('jobs')
    .where('type', '=', 'lead_push')
    .where('status', 'in', ['pending', 'running'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

let n = 0;
async function main() {
  const spool = mkdtempSync(join(tmpdir(), 'leadrail-push-cost-'));
  const { databaseUrl, env, cleanup } = await freshDatabase({
    CLICK_SPOOL_DIR: spool,
    ALLOW_PRIVATE_TARGETS: '1',
  });
  // The counting context is this checkout's; it only reads the jobs table.
  const seedCtx = await benchContext(env);
  const { offer, publisher, advertiserServer } = await seedPushNetwork(seedCtx);
  if (process.env.PUSH_COST_DIST) await undoUnknownMigrations(seedCtx, dist);

  const m = await importDist();
  const ctx = await m.createContext(m.loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: m.createLogger({ logLevel: 'silent' }),
  });
  const app = await m.buildApp(ctx);
  await app.ready();

  const target = { offerId: String(offer.id), publisherId: String(publisher.id) };
  const lead = () => injectLead(app, target, ++n);
  async function takeLeads(count: number) {
    let sent = 0;
    const lane = async () => {
      while (sent < count) {
        sent++;
        await lead();
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  }
  /** Start the worker on `count` waiting pushes; CPU µs per push until none is left. */
  const backendCosts: number[] = [];
  async function drain(count: number): Promise<number> {
    const backend = await meterBackendCpu(databaseUrl);
    const cpu = process.cpuUsage();
    const worker = m.startWorker(ctx, m.appJobRegistry(), {
      concurrency: ctx.config.jobConcurrency,
      pollMs: 1000,
      lockMs: ctx.config.jobLeaseMs,
      heartbeatMs: ctx.config.jobHeartbeatMs,
    });
    while ((await unsentPushes(seedCtx)) > 0) await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    const used = process.cpuUsage(cpu);
    const backendMs = await backend.stop();
    if (backendMs !== undefined) backendCosts.push((backendMs * 1000) / count);
    return (used.user + used.system) / count;
  }

  const round = async (count: number) => {
    await takeLeads(count);
    return drain(count);
  };
  await round(Number(process.env.BENCH_WARMUP ?? 1000)); // warm-up: JIT, caches, connections
  backendCosts.length = 0;
  // bench/sqlite-statement-cpu.mjs counts from here (measured rounds only), when it is loaded.
  (globalThis as { __statementCpu?: (on: boolean) => void }).__statementCpu?.(true);
  const profilePath = process.env.BENCH_PROFILE;
  const session = profilePath ? new Session() : undefined;
  const costs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await takeLeads(PUSHES);
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    costs.push(await drain(PUSHES));
    if (session && profilePath) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(profilePath.replace(/(\.cpuprofile)?$/, `-${i}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
  }
  const sent = await seedCtx.db
    .selectFrom('leads')
    .where('push_status', '=', 'sent')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await app.close();
  await ctx.close();
  await seedCtx.close();
  await stopProcess(advertiserServer);
  await cleanup();
  rmSync(spool, { recursive: true, force: true });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const database =
    backendCosts.length > 0
      ? `; database ${backendCosts.map((c) => c.toFixed(0)).join(' / ')} µs, median ${median(backendCosts)?.toFixed(0)} µs`
      : '';
  process.stdout.write(
    `${dist} on ${databaseUrl.split(':')[0]}: CPU per push ${costs.map((c) => c.toFixed(0)).join(' / ')} µs, median ${median(costs)?.toFixed(0)} µs${database}; ${Number(sent.n)} leads sent (load average ${loadavg()[0]?.toFixed(1)})\n`,
  );
}

await main();
