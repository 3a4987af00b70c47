/**
 * bench/rollup-refresh-cost.ts — what the report rollups' minute refresh costs the event loop after a
 * click load, old build against new (issue 18, session 13). Each build on a fresh database of its
 * own, migrated by its own code: BENCH_CLICKS (200,000) clicks in the current hour go through the
 * build's click writer (its insert thread on SQLite), then one refreshRollups() runs as the minute
 * job would. Printed per build and round: the whole process's CPU µs per click written (the insert
 * thread included: what counting clicks in their insert adds), the refresh's main-thread CPU (10 ms
 * ticks; on SQLite the refresh's statements are synchronous on the event loop) and wall time, and
 * the click hours it recomputed. BENCH_ROUNDS (3) rounds, builds alternating.
 *
 *   npm run build:server   (and the old build in its own directory, see docs/benchmarks.md)
 *   ROLLUP_COST_OLD_DIST=/tmp/clicks-old/dist npx tsx bench/rollup-refresh-cost.ts
 *
 * ROLLUP_COST_DIST names the new build (this checkout's `dist` by default); BENCH_DATABASE_URL runs
 * it on PostgreSQL (a new database per build and round, beside the one named).
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { NewClick } from '../src/modules/clicks/click-writer.js';
import type { refreshRollups } from '../src/modules/rollups/refresh-rollups.js';
import { loadBuild } from './build-modules.js';
import { freshDatabase } from './lib.js';
import { mainThreadCpuSeconds } from './process-cpu.js';

const CLICKS = Number(process.env.BENCH_CLICKS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CHUNK = 10_000;

async function round(name: string, root: string) {
  const build = await loadBuild(root);
  const { refreshRollups: refresh } = await build.load<{ refreshRollups: typeof refreshRollups }>(
    'modules/rollups/refresh-rollups.js',
  );
  const fresh = await freshDatabase();
  const ctx = await build.context(fresh.env);
  try {
    await refresh(ctx); // the migrations' own marks, if any
    const now = Date.now();
    const hourStart = now - (now % 3_600_000);
    const cpu = process.cpuUsage();
    for (let sent = 0; sent < CLICKS; sent += CHUNK) {
      for (let i = sent; i < Math.min(sent + CHUNK, CLICKS); i++) {
        const click: NewClick = {
          id: `BENCHROLLUP${name}${String(i).padStart(10, '0')}`,
          // Spread over the hour so far: the refresh's range scan is the real one.
          created_at: new Date(hourStart + (i % 3_000_000)).toISOString(),
          source: 'link',
          offer_id: 1 + (i % 4),
          publisher_id: 1 + (i % 7),
          status: i % 20 === 0 ? 'rejected' : 'accepted',
          is_unique: i % 3 === 0 ? 0 : 1,
          ip: `49.36.${Math.floor(i / 250) % 250}.${i % 250}`,
          country: i % 2 ? 'IN' : 'BD',
          user_agent: 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36',
          sub1: `s${i % 10}`,
          params: '{}',
        };
        void ctx.clickWriter.add(click);
      }
      await ctx.clickWriter.flush();
    }
    const used = process.cpuUsage(cpu);
    const loop = mainThreadCpuSeconds(process.pid) ?? 0;
    const started = performance.now();
    const result = await refresh(ctx);
    const wallMs = performance.now() - started;
    const loopMs = ((mainThreadCpuSeconds(process.pid) ?? 0) - loop) * 1000;
    return {
      writeUs: (used.user + used.system) / CLICKS,
      loopMs,
      wallMs,
      clickHours: result.clickHours,
      dialect: ctx.dialect,
    };
  } finally {
    await ctx.close();
    await fresh.cleanup();
  }
}

async function main() {
  const oldDist = process.env.ROLLUP_COST_OLD_DIST;
  if (!oldDist) throw new Error('ROLLUP_COST_OLD_DIST=/path/to/old/dist is needed');
  const builds = [
    { name: 'new', root: join(resolve(process.env.ROLLUP_COST_DIST ?? 'dist'), 'src') },
    { name: 'old', root: join(resolve(oldDist), 'src') },
  ];
  const out = (line: string) => process.stdout.write(`${line}\n`);
  for (let r = 0; r < ROUNDS; r++) {
    for (const build of r % 2 === 1 ? [...builds].reverse() : builds) {
      const x = await round(build.name, build.root);
      out(
        `${build.name} round ${r + 1} (${x.dialect}, ${CLICKS} clicks in the hour): write ${x.writeUs.toFixed(1)} CPU µs per click; refresh main thread ${x.loopMs.toFixed(0)} ms CPU, ${x.wallMs.toFixed(0)} ms wall, ${x.clickHours} click hours recomputed; load ${loadavg()[0]?.toFixed(2)}`,
      );
    }
  }
}

await main();
