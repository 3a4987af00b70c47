/**
 * bench:postback-cost — server CPU per postback in one process, without node:http or a load
 * generator: the real Fastify app (`app.inject`), 64 postbacks in flight, each a real change (a lead
 * and its conversion created on hold, then approved, then cancelled), on a fresh database per run.
 * CPU time (process.cpuUsage) rather than wall time: on a machine shared with other work it moves
 * far less with their load. bench:postbacks shows what it gives end to end.
 *
 * BENCH_DIST=/path/to/dist runs another build (main built in its own worktree); default this
 * checkout's `dist` (npm run build:server first). Run it once per build, alternating, and compare.
 * BENCH_DATABASE_URL=postgres://… runs on PostgreSQL (a new database beside that one per run);
 * BENCH_CLICKS (3000) clicks, so three times as many postbacks. With
 * `node --import tsx --import ./bench/sqlite-statement-cpu.mjs bench/postback-cost.ts` it also prints
 * the CPU each SQLite statement took in the measured phase. On PostgreSQL (server on this machine) it
 * also prints the CPU its backends used per postback (/proc, bench/pg-backend-cpu.ts).
 *
 * POSTBACK_COST_ALLOC=1: after the CPU pass, one more block (a tenth more clicks, seeded for it) under
 * V8's sampling heap profiler (1 kB interval, objects a scavenge already freed included) prints the
 * bytes allocated per postback — a figure the machine's load does not move; it sets how often the
 * young generation is scavenged. POSTBACK_COST_ALLOC_TOP=N also prints the N functions allocating
 * most (self bytes per postback) with their caller.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { sampleAllocations } from './heap-sampling.js';
import { freshDatabase } from './lib.js';
import { benchContext, seedBenchNetwork, seedClicks } from './network.js';
import { meterBackendCpu } from './pg-backend-cpu.js';

const CLICKS = Number(process.env.BENCH_CLICKS ?? 3000);
const IN_FLIGHT = 64;
const ALLOC = process.env.POSTBACK_COST_ALLOC === '1';
const ALLOC_TOP = Number(process.env.POSTBACK_COST_ALLOC_TOP ?? 0);
const ALLOC_CLICKS = ALLOC ? Math.floor(CLICKS / 10) : 0;

const dist = resolve(process.env.BENCH_DIST ?? 'dist');

interface DistModules {
  loadConfig(env: Record<string, string>): unknown;
  createContext(config: unknown, options: unknown): Promise<{ close(): Promise<void> }>;
  createLogger(options: { logLevel: string }): unknown;
  buildApp(ctx: unknown): Promise<{
    ready(): Promise<unknown>;
    close(): Promise<unknown>;
    inject(options: { method: 'GET'; url: string }): Promise<{ statusCode: number }>;
  }>;
}

async function importDist(): Promise<DistModules> {
  const [config, context, app] = await Promise.all([
    import(`${dist}/src/config.js`),
    import(`${dist}/src/context.js`),
    import(`${dist}/src/http/app.js`),
  ]);
  return { ...config, ...context, ...app } as DistModules;
}

async function main() {
  const { databaseUrl, env, cleanup } = await freshDatabase();
  const seedCtx = await benchContext(env);
  const { advertiser, offer, publisher } = await seedBenchNetwork(seedCtx);
  const clicks = await seedClicks(seedCtx, Number(offer.id), Number(publisher.id), CLICKS + ALLOC_CLICKS);
  await seedCtx.close();

  const m = await importDist();
  const config = m.loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const ctx = await m.createContext(config, { logger: m.createLogger({ logLevel: 'silent' }) });
  const app = await m.buildApp(ctx);
  await app.ready();

  const statuses: Record<number, number> = {};
  async function pass(status: string, ids: string[]) {
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const click = ids[next++] as string;
        const r = await app.inject({
          method: 'GET',
          url: `/postback?click_id=${click}&status=${status}&token=${advertiser.postback_token}`,
        });
        statuses[r.statusCode] = (statuses[r.statusCode] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  }
  // Warm up (caches, JIT, statement caches) on the first tenth, then measure the rest.
  const warm = clicks.slice(0, Math.floor(CLICKS / 10));
  const measured = clicks.slice(warm.length, CLICKS);
  const sampled = clicks.slice(CLICKS);
  for (const status of ['hold', 'approved', 'cancelled']) await pass(status, warm);
  const load = loadavg()[0] ?? 0;
  // bench/sqlite-statement-cpu.mjs, when loaded, times each SQLite statement from here on.
  (globalThis as { __statementCpu?: (on: boolean) => void }).__statementCpu?.(true);
  const backend = await meterBackendCpu(databaseUrl);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const status of ['hold', 'approved', 'cancelled']) await pass(status, measured);
  const used = process.cpuUsage(cpu);
  const backendMs = await backend.stop();
  const wallMs = performance.now() - started;
  const postbacks = measured.length * 3;
  const allocation = ALLOC
    ? await sampleAllocations(async () => {
        for (const status of ['hold', 'approved', 'cancelled']) await pass(status, sampled);
      })
    : undefined;
  const sampledPostbacks = sampled.length * 3;
  const cpuMs = (used.user + used.system) / 1000 / postbacks;
  await app.close();
  await ctx.close();
  await cleanup();
  process.stdout.write(
    `${JSON.stringify({
      dist,
      database: databaseUrl.split(':')[0],
      postbacks,
      answers: statuses,
      cpuMsPerPostback: Number(cpuMs.toFixed(3)),
      // PostgreSQL only, the server on this machine: its backends' CPU for the same postbacks.
      backendCpuMsPerPostback:
        backendMs === undefined ? undefined : Number((backendMs / postbacks).toFixed(3)),
      wallPerSecond: Math.round(postbacks / (wallMs / 1000)),
      bytesAllocatedPerPostback: allocation && Math.round(allocation.total / sampledPostbacks),
      loadAverage: Number(load.toFixed(1)),
    })}\n`,
  );
  if (allocation && ALLOC_TOP > 0) {
    const top = [...allocation.bySite].sort((a, b) => b[1] - a[1]).slice(0, ALLOC_TOP);
    for (const [site, bytes] of top)
      process.stdout.write(`${String(Math.round(bytes / sampledPostbacks)).padStart(7)} B  ${site}\n`);
  }
  const ok = Object.keys(statuses).every((s) => s === '200');
  if (!ok) process.exitCode = 1;
}

await main();
