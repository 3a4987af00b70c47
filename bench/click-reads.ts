/**
 * bench:click-reads — the database reads the click path makes under load, in one process: 64 clicks
 * in flight through answerTracking for BENCH_SECONDS (12) after a 3 s warm-up, every statement on the
 * main connection counted by its text (onQuery), and each click's wall time (p50/p99/p99.9, and in
 * which 250 ms slots the clicks slower than the p99 fell). A warm click reads nothing; what is
 * counted is the caches' refreshes (session 12: 64 × 5 reads per lapse before, 1 per cache now).
 * The batch inserts run on the insert thread's own connections and are not counted.
 *
 *   BENCH_DATABASE_URL=postgres://…/postgres npx tsx bench/click-reads.ts
 *
 * (a new database is created beside the one named). For an old build, copy this file into its
 * checkout's bench/ and run it there.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { answerTracking } from '../src/modules/clicks/answer-tracking.js';
import { freshDatabase } from './lib.js';
import { seedBenchNetwork } from './network.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const spoolDir = mkdtempSync(join(tmpdir(), 'diag-spool-'));
const fresh = await freshDatabase({ CLICK_SPOOL_DIR: spoolDir });
const queries = new Map<string, number>();
let counting = false;
const ctx = await createContext(loadConfig({ ...fresh.env, LOG_LEVEL: 'silent' }), {
  logger: createLogger({ logLevel: 'silent' }),
  onQuery: (s) => {
    if (counting) queries.set(s.slice(0, 70), (queries.get(s.slice(0, 70)) ?? 0) + 1);
  },
});
const { offer, publisher } = await seedBenchNetwork(ctx);
let n = 0;
const ip = () => {
  n++;
  return `49.${36 + (Math.floor(n / 65536) % 8)}.${Math.floor(n / 256) % 256}.${n % 256}`;
};
const lat: [number, number][] = [];
async function run(seconds: number, record: boolean) {
  const end = performance.now() + seconds * 1000;
  const lane = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const a = await answerTracking(ctx, {
        path: '/click',
        query: { offer_id: String(offer.id), pub_id: String(publisher.id), sub1: 'x' },
        headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36' },
        ip: ip(),
      });
      if (a?.status !== 302) throw new Error(String(a?.status));
      if (record) lat.push([t, performance.now() - t]);
      // Back to the event loop between clicks, as a socket's next request would be.
      await new Promise((r) => setImmediate(r));
    }
  };
  await Promise.all(Array.from({ length: 64 }, lane));
}
await run(3, false);
counting = true;
const t0 = performance.now();
await run(SECONDS, true);
counting = false;
const sorted = lat.map((l) => l[1]).sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.floor((sorted.length * p) / 100)]?.toFixed(2);
console.log(
  `clicks ${lat.length} (${(lat.length / SECONDS).toFixed(0)}/s) p50 ${pct(50)} p99 ${pct(99)} p99.9 ${pct(99.9)} max ${pct(99.999)} load ${loadavg()[0]}`,
);
const slow = lat.filter((l) => l[1] > Number(pct(99)));
const bySec = new Map<number, number>();
for (const [t] of slow)
  bySec.set(Math.floor((t - t0) / 250) / 4, (bySec.get(Math.floor((t - t0) / 250) / 4) ?? 0) + 1);
console.log('slow (>p99) clicks by 250 ms slot:', [...bySec].map(([s, c]) => `${s}s:${c}`).join(' '));
console.log(
  'statements on the main connection during the run:',
  [...queries].map(([s, c]) => `${c} × ${s}`).join('\n  '),
);
await ctx.close();
await fresh.cleanup();
