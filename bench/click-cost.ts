/**
 * bench:click-cost — CPU microseconds per click in one process, without HTTP or a load generator:
 * answerTracking (the function both the fast path and the Fastify routes call) for a plain /click,
 * a flow without streams and a flow with 20 streams (bench/stream-flows.ts), 64 clicks in flight,
 * a different visitor address per click, and the click writer's batches flushed inside each
 * measured block. CPU time (process.cpuUsage) rather than wall time: on a shared machine it does not
 * move with the other processes' load. The figures decide what to cut (with BENCH_NODE_ARGS-style
 * `node --cpu-prof`); bench:clicks shows what they give end to end.
 *
 * Old build against new, alternating blocks in one process, each build on a fresh database of its
 * own, migrated and seeded through that build's own modules (from session 13: before, this
 * checkout's code migrated and seeded both, so an older build ran on the newer schema):
 *
 *   npm run build:server
 *   CLICK_COST_OLD_DIST=/tmp/clicks-old/dist npx tsx bench/click-cost.ts
 *
 * measures this checkout's `dist` (CLICK_COST_DIST to name another) against the old build and prints
 * new/old per kind. Without CLICK_COST_OLD_DIST it measures the sources (src/) alone.
 *
 * CLICK_COST_ALLOC=1 also prints the bytes each kind allocates per click (V8's sampling heap profiler,
 * objects a scavenge already freed included), a figure the machine's load does not move: what a
 * click allocates sets how often the young generation is scavenged, and each scavenge pauses the
 * event loop for every click in flight (session 16).
 *
 * BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL: a new database is created beside the one
 * named (the `postgres` database will do) and dropped afterwards. BENCH_CLICKS (20000) clicks per
 * block, BENCH_ROUNDS (3) blocks per kind and build, interleaved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppContext } from '../src/context.js';
import type { answerTracking } from '../src/modules/clicks/answer-tracking.js';
import { loadBuild } from './build-modules.js';
import { sampleAllocations } from './heap-sampling.js';
import { freshDatabase } from './lib.js';
import { mainThreadCpuSeconds } from './process-cpu.js';
import { seedFlows } from './stream-flows.js';

const CLICKS = Number(process.env.BENCH_CLICKS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 64;
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

let addressNumber = 0;
function nextAddress(): string {
  addressNumber = (addressNumber + 1) % 16_000_000;
  const n = addressNumber;
  return `49.${36 + (Math.floor(n / 65_536) % 8)}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

interface Build {
  name: string;
  answer: typeof answerTracking;
  ctx: AppContext;
  kinds: Record<string, { path: string; query: Record<string, string> }>;
  close(): Promise<void>;
}

/** A build's modules: `src` (through tsx) or a `dist` directory's. */
async function openBuild(name: string, root: string): Promise<Build> {
  const build = await loadBuild(root);
  const { answerTracking: answer } = await build.load<{ answerTracking: typeof answerTracking }>(
    'modules/clicks/answer-tracking.js',
  );
  const spoolDir = mkdtempSync(join(tmpdir(), 'leadrail-bench-spool-'));
  // Each build on a database of its own, migrated and seeded by the build's own code: an older
  // build cannot open a database a newer one migrated (its migrator refuses the unknown migrations,
  // and the newer schema's triggers would run under the old code).
  const fresh = await freshDatabase({ CLICK_SPOOL_DIR: spoolDir });
  const ctx = await build.context(fresh.env);
  const { plain, routed } = await seedFlows(ctx, build.services);
  const offerId = String(plain.offer_id);
  const pubId = String(plain.publisher_id);
  return {
    name,
    answer,
    ctx,
    kinds: {
      '/click': { path: '/click', query: { offer_id: offerId, pub_id: pubId, sub1: 'bench' } },
      'flow, no streams': { path: `/f/${plain.code}`, query: { sub1: 'bench' } },
      'flow, 20 streams': { path: `/f/${routed.code}`, query: { sub1: 'bench' } },
    },
    async close() {
      await ctx.close();
      await fresh.cleanup();
      rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

async function block(
  build: Build,
  kind: string,
  clicks: number,
): Promise<{ cpuUs: number; loopUs: number; wallUs: number }> {
  const { path, query } = build.kinds[kind] as Build['kinds'][string];
  const cpu = process.cpuUsage();
  const loop = mainThreadCpuSeconds(process.pid) ?? 0;
  const started = performance.now();
  let sent = 0;
  const lane = async () => {
    while (sent < clicks) {
      sent++;
      const answer = await build.answer(build.ctx, {
        path,
        query: { ...query },
        headers: { 'user-agent': USER_AGENT, 'accept-language': 'en-IN,en;q=0.9' },
        ip: nextAddress(),
      });
      if (answer?.status !== 302) throw new Error(`${kind}: answered ${answer?.status} ${answer?.body}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  await build.ctx.clickWriter.flush();
  const used = process.cpuUsage(cpu);
  return {
    cpuUs: (used.user + used.system) / clicks,
    loopUs: (((mainThreadCpuSeconds(process.pid) ?? 0) - loop) * 1e6) / clicks,
    wallUs: ((performance.now() - started) * 1000) / clicks,
  };
}

/** Bytes allocated per click of one block. */
async function allocatedPerClick(build: Build, kind: string, clicks: number): Promise<number> {
  const { total } = await sampleAllocations(async () => {
    await block(build, kind, clicks);
  });
  return total / clicks;
}

async function main() {
  const oldDist = process.env.CLICK_COST_OLD_DIST;
  const builds = oldDist
    ? [
        await openBuild('new', join(resolve(process.env.CLICK_COST_DIST ?? 'dist'), 'src')),
        await openBuild('old', join(resolve(oldDist), 'src')),
      ]
    : [await openBuild('src', new URL('../src/', import.meta.url).pathname)];
  const kinds = Object.keys((builds[0] as Build).kinds);

  // Warm-up: JIT, caches, the address window's first read.
  for (const build of builds) for (const kind of kinds) await block(build, kind, 3_000);
  const cpu = new Map<string, number[]>();
  const loop = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, value: number) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 1 ? [...kinds].reverse() : kinds;
    for (const kind of order) {
      // Old and new take turns, first one then the other: the machine's load falls on both alike.
      const turn = round % 2 === 1 ? [...builds].reverse() : builds;
      for (const build of turn) {
        const r = await block(build, kind, CLICKS);
        push(cpu, `${build.name} ${kind}`, r.cpuUs);
        push(loop, `${build.name} ${kind}`, r.loopUs);
      }
    }
  }
  const allocated = new Map<string, number>();
  if (process.env.CLICK_COST_ALLOC === '1')
    for (const kind of kinds)
      for (const build of builds)
        allocated.set(`${build.name} ${kind}`, await allocatedPerClick(build, kind, CLICKS));
  const dialect = (builds[0] as Build).ctx.dialect;
  for (const build of builds) await build.close();

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`database: ${dialect}; ${ROUNDS} rounds × ${CLICKS} clicks per kind and build, ${IN_FLIGHT} in flight`);
  for (const build of builds)
    for (const kind of kinds) {
      const key = `${build.name} ${kind}`;
      const values = cpu.get(key) ?? [];
      out(
        `${build.name.padEnd(4)} ${kind.padEnd(18)} CPU µs per click: ${values.map((v) => v.toFixed(1)).join(', ')}; median ${median(values).toFixed(1)}; main thread (10 ms ticks) median ${median(loop.get(key) ?? []).toFixed(1)}`,
      );
    }
  for (const [key, bytes] of allocated)
    out(`${key.padEnd(23)} bytes allocated per click: ${bytes.toFixed(0)}`);
  if (builds.length === 2)
    for (const kind of kinds)
      out(
        `new/old ${kind.padEnd(18)} CPU per click ${(median(cpu.get(`new ${kind}`) ?? []) / median(cpu.get(`old ${kind}`) ?? [])).toFixed(3)}, main thread ${(median(loop.get(`new ${kind}`) ?? []) / median(loop.get(`old ${kind}`) ?? [])).toFixed(3)}`,
      );
  const first = (builds[0] as Build).name;
  const plainUs = median(cpu.get(`${first} flow, no streams`) ?? []);
  const streamsUs = median(cpu.get(`${first} flow, 20 streams`) ?? []);
  out(`${first}: 20 streams / no streams CPU per click: ${(streamsUs / plainUs).toFixed(3)} (aim ≤ 1.15)`);
  out(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
