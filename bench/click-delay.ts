/**
 * bench:click-delay — latency and event-loop delay of /click at a FIXED rate, old build against new:
 * on a shared machine a saturating load (bench:clicks) measures the machine, while a rate both
 * builds can carry shows what each adds: the answers' p50/p99 (autocannon, `overallRate`) and the
 * server's event-loop delay beyond prom-client's 10 ms sampling tick (p50/p99/max), per round.
 * Each build is its own `leadrail start` on its own database; rounds alternate new, old, old, new…
 * (an even number of rounds: the first rounds after the warm-up run slower for either build, so each
 * build must take the first place as often as the other).
 *
 *   npm run build:server
 *   CLICK_DELAY_OLD_DIST=/tmp/clicks-old/dist BENCH_DATABASE_URL=postgres://…/postgres npx tsx bench/click-delay.ts
 *
 * BENCH_RATE (2000) clicks/s over 64 connections, BENCH_SECONDS (10) per round (the click caches
 * live 5 s, so a round spans two of their refreshes), BENCH_ROUNDS (4) per build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { loadBuild } from './build-modules.js';
import {
  BENCH_CONNECTIONS,
  BENCH_SECONDS,
  eventLoopDelayMs,
  freshDatabase,
  nextIp,
  startLeadrail,
  stopProcess,
} from './lib.js';
import { seedBenchNetwork } from './network.js';

const RATE = Number(process.env.BENCH_RATE ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

async function startBuild(name: string, dist: string) {
  const spoolDir = mkdtempSync(join(tmpdir(), 'leadrail-bench-spool-'));
  const fresh = await freshDatabase({ CLICK_SPOOL_DIR: spoolDir });
  // Migrated and seeded by the build's own code (bench/build-modules.ts).
  const build = await loadBuild(join(dist, 'src'));
  const ctx = await build.context(fresh.env);
  const { offer, publisher } = await seedBenchNetwork(ctx, {}, build.services);
  await ctx.close();
  const { server, base } = await startLeadrail(fresh.env, dist);
  return {
    name,
    url: `${base}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=bench`,
    base,
    async stop() {
      await stopProcess(server);
      await fresh.cleanup();
      rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

type Build = Awaited<ReturnType<typeof startBuild>>;

async function drive(url: string, seconds: number) {
  const result = await autocannon({
    url,
    connections: BENCH_CONNECTIONS,
    duration: seconds,
    overallRate: RATE,
    headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36' },
    requests: [
      {
        setupRequest: (request) => {
          request.headers = { ...request.headers, 'x-forwarded-for': nextIp() };
          return request;
        },
      },
    ],
  });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    non2xx: result.non2xx - (result.statusCodeStats?.['302']?.count ?? 0),
  };
}

/** The server's loop delay since the last scrape (which resets it), beyond the sampling tick. */
async function loopDelay(base: string): Promise<number[]> {
  const { p50, p99, max } = eventLoopDelayMs(await (await fetch(`${base}/metrics`)).text());
  return [p50, p99, max];
}

/** The middle value; the mean of the two middle ones for an even count. */
function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main() {
  const oldDist = process.env.CLICK_DELAY_OLD_DIST;
  if (!oldDist) throw new Error('CLICK_DELAY_OLD_DIST=/path/to/old/dist is needed');
  const builds = [
    await startBuild('new', resolve(process.env.CLICK_DELAY_DIST ?? 'dist')),
    await startBuild('old', resolve(oldDist)),
  ];
  // Warm-up: JIT, pools, caches, the address window's first read.
  for (const build of builds) await drive(build.url, 5);
  const rows: Record<string, { p50: number; p99: number; max: number; loop: number[]; load: string }[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    const turn = round % 2 === 1 ? [...builds].reverse() : builds;
    for (const build of turn as Build[]) {
      await loopDelay(build.base);
      const load = loadavg()[0]?.toFixed(2) ?? '?';
      const r = await drive(build.url, BENCH_SECONDS);
      const loop = await loopDelay(build.base);
      rows[build.name] = [...(rows[build.name] ?? []), { p50: r.p50, p99: r.p99, max: r.max, loop, load }];
      process.stdout.write(
        `${build.name} round ${round + 1}: ${r.total} clicks (not 302: ${r.non2xx}); latency p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms; loop delay beyond the tick p50 ${loop[0]?.toFixed(1)}, p99 ${loop[1]?.toFixed(1)}, max ${loop[2]?.toFixed(1)} ms; load ${load}\n`,
      );
    }
  }
  for (const build of builds) await build.stop();
  for (const [name, list] of Object.entries(rows))
    process.stdout.write(
      `${name} median of ${list.length} rounds at ${RATE} clicks/s: latency p50 ${median(list.map((r) => r.p50))} ms, p99 ${median(list.map((r) => r.p99))} ms; loop delay p99 ${median(list.map((r) => r.loop[1] ?? Number.NaN)).toFixed(1)} ms, max ${median(list.map((r) => r.loop[2] ?? Number.NaN)).toFixed(1)} ms\n`,
    );
}

await main();
