/**
 * Cost of one rate-limited request's counting, per store: the plugin's in-memory LocalStore (what
 * main had, per process), the `rate_limits` table on SQLite and PostgreSQL, and Redis. Each count is
 * awaited before the next (one request's added latency), over N distinct addresses.
 *   tsx bench/rate-limits.ts   (BENCH_POSTGRES_URL / BENCH_REDIS_URL add those stores)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { countHit, redisCount } from '../src/http/rate-limit-store.js';

const N = Number(process.env.BENCH_N ?? 5000);
const require = createRequire(import.meta.url);
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  c: boolean,
  e: boolean,
  size: number,
) => { incr(key: string, cb: () => void, window: number, max: number): void };

async function time(label: string, count: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await count(i);
  const start = performance.now();
  for (let i = 0; i < N; i++) await count(i);
  const us = ((performance.now() - start) * 1000) / N;
  process.stdout.write(`${label.padEnd(24)} ${us.toFixed(1)} µs per counted request\n`);
  return us;
}

const local = new LocalStore(false, false, 5000);
await time(
  'memory (per process)',
  (i) => new Promise<void>((r) => local.incr(`k${i % 1000}`, r, 60_000, 10)),
);

const dir = mkdtempSync(join(tmpdir(), 'leadrail-bench-rl-'));
const databases: [string, string][] = [['sqlite table', `sqlite:${join(dir, 'bench.db')}`]];
if (process.env.BENCH_POSTGRES_URL) databases.push(['postgresql table', process.env.BENCH_POSTGRES_URL]);
for (const [label, url] of databases) {
  const ctx = await createContext(
    loadConfig({ DATABASE_URL: url, SECRET_KEY: 'x'.repeat(32), LOG_LEVEL: 'silent' }),
    {
      logger: createLogger({ logLevel: 'silent' }),
    },
  );
  await time(label, (i) => countHit(ctx.db, `bench:${i % 1000}`, 60_000));
  await ctx.db.deleteFrom('rate_limits').where('key', 'like', 'bench:%').execute();
  await ctx.close();
}
rmSync(dir, { recursive: true, force: true });

if (process.env.BENCH_REDIS_URL) {
  const redis = new Redis(process.env.BENCH_REDIS_URL);
  const count = redisCount(redis);
  await time('redis', (i) => count(`bench:${i % 1000}`, 60_000));
  redis.disconnect();
}
