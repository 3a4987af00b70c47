/**
 * bench:lead-cost — CPU microseconds per lead taken by POST /api/lead in one process: the whole
 * Fastify app of a build (`dist`, or LEAD_COST_DIST=/path/to/other/dist), driven by `app.inject`
 * with 64 leads in flight, a new phone and visitor address per lead, and no job worker (pushes are
 * not sent: they are measured by bench:leads). CPU time (process.cpuUsage), not wall time, so the
 * figure moves little with other processes' load; the inject overhead is the same for every build.
 *
 *   LEAD_COST_DIST=/tmp/old/dist npx tsx bench/lead-cost.ts; npx tsx bench/lead-cost.ts
 *
 * BENCH_DATABASE_URL=postgres://… (an empty database) runs it on PostgreSQL. BENCH_LEADS (5000)
 * leads per block, BENCH_ROUNDS (3) blocks; the median is printed. BENCH_PROFILE=/path/x.cpuprofile
 * writes a CPU profile of the measured blocks only (not start-up or warm-up).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshDatabase, undoUnknownMigrations } from './lib.js';
import { benchContext, injectLead, type LeadInjectable, seedBenchNetwork } from './network.js';
import { meterBackendCpu } from './pg-backend-cpu.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 64;
const dist = resolve(process.env.LEAD_COST_DIST ?? 'dist');

let n = 0;
async function main() {
  const spool = mkdtempSync(join(tmpdir(), 'leadrail-lead-cost-'));
  const { databaseUrl, env, cleanup } = await freshDatabase({ CLICK_SPOOL_DIR: spool });
  const seedCtx = await benchContext(env);
  const { offer, publisher } = await seedBenchNetwork(seedCtx);
  if (process.env.LEAD_COST_DIST) await undoUnknownMigrations(seedCtx, dist);
  await seedCtx.close();

  const config = (await import(pathToFileURL(join(dist, 'src/config.js')).href)) as {
    loadConfig(env: Record<string, string>): unknown;
  };
  const context = (await import(pathToFileURL(join(dist, 'src/context.js')).href)) as {
    createContext(config: unknown, options: unknown): Promise<{ close(): Promise<void> }>;
    createLogger(options: unknown): unknown;
  };
  const http = (await import(pathToFileURL(join(dist, 'src/http/app.js')).href)) as {
    buildApp(ctx: unknown): Promise<LeadInjectable>;
  };
  const ctx = await context.createContext(config.loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: context.createLogger({ logLevel: 'silent' }),
  });
  const app = await http.buildApp(ctx);
  await app.ready();

  const target = { offerId: String(offer.id), publisherId: String(publisher.id) };
  const lead = () => injectLead(app, target, ++n);
  const backendCosts: number[] = [];
  async function block(leads: number): Promise<number> {
    const backend = await meterBackendCpu(databaseUrl);
    const cpu = process.cpuUsage();
    let sent = 0;
    const lane = async () => {
      while (sent < leads) {
        sent++;
        await lead();
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    const used = process.cpuUsage(cpu);
    const backendMs = await backend.stop();
    if (backendMs !== undefined) backendCosts.push((backendMs * 1000) / leads);
    return (used.user + used.system) / leads;
  }

  await block(Number(process.env.BENCH_WARMUP ?? 5000)); // warm-up: JIT, caches
  backendCosts.length = 0;
  const profilePath = process.env.BENCH_PROFILE;
  const session = profilePath ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const costs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) costs.push(await block(LEADS));
  if (session && profilePath) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profilePath, JSON.stringify(profile));
    session.disconnect();
  }
  await app.close();
  await ctx.close();
  await cleanup();
  rmSync(spool, { recursive: true, force: true });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  // PostgreSQL on this machine: its backends' CPU for the same leads (/proc, bench/pg-backend-cpu.ts).
  const backend =
    backendCosts.length > 0
      ? `, PostgreSQL backends ${backendCosts.map((c) => c.toFixed(0)).join(' / ')} µs, median ${median(backendCosts)?.toFixed(0)} µs`
      : '';
  process.stdout.write(
    `${dist} on ${databaseUrl.split(':')[0]}: CPU per lead ${costs.map((c) => c.toFixed(0)).join(' / ')} µs, median ${median(costs)?.toFixed(0)} µs${backend} (load average ${loadavg()[0]?.toFixed(1)})\n`,
  );
}

await main();
