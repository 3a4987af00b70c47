import { createHash } from 'node:crypto';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { DatabaseUnavailableError } from '../lib/errors.js';
import { CoalescedHits, countHitsTogether } from './rate-limit-batch.js';

/** A window's rows are kept this long past its end, then pruned (at most once a minute per process). */
const PRUNE_EVERY_MS = 60_000;

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface RouteInfo {
  routeInfo?: { method?: string | string[]; url?: string };
}

/** @fastify/rate-limit's store interface (its `store` option takes a class built with the global options). */
interface Store {
  incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void;
  child(routeOptions: RouteInfo): Store;
}

/**
 * Count one request against `key` in the window that is running, or open a new window if the last
 * one has ended: one atomic upsert (the row lock on PostgreSQL, the write lock on SQLite), the same
 * statement on both databases. Returns the hits in the window and the ms until it ends.
 */
export async function countHit(
  db: Db,
  key: string,
  timeWindowMs: number,
  now = Date.now(),
): Promise<{ current: number; ttl: number }> {
  const row = (await countHitsTogether(db, [{ key, n: 1, windowMs: timeWindowMs }], now)).get(key);
  if (!row) throw new Error('rate limit: the counter returned no row');
  return { current: row.hits, ttl: Math.max(0, row.resetAt - now) };
}

/** Delete the counters whose window has ended. */
export async function pruneRateLimits(db: Db, now = Date.now()): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function routeKey(options: RouteInfo): string {
  const method = options.routeInfo?.method;
  return `${Array.isArray(method) ? method.join(',') : (method ?? '')}${options.routeInfo?.url ?? ''}-`;
}

export type Count = (key: string, timeWindowMs: number) => Promise<{ current: number; ttl: number }>;

/** A store over one counting function; each route counts apart (its method and URL prefix the key). */
function storeClass(count: Count): new () => Store {
  class SharedStore implements Store {
    constructor(private readonly prefix = '') {}
    incr(key: string, callback: IncrCallback, timeWindow: number): void {
      // Hashed: a key may be a secret (the stats API counts per token) or hold bytes a database
      // text column refuses (a NUL), and neither belongs in the counters table or Redis.
      const hashed = createHash('sha256')
        .update(this.prefix + key)
        .digest('base64url');
      count(hashed, timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }
    child(routeOptions: RouteInfo): Store {
      return new SharedStore(`${this.prefix}${routeKey(routeOptions)}`);
    }
  }
  return SharedStore;
}

/**
 * The database-backed counter, one statement per event-loop turn (CoalescedHits). Windows are wall-clock (Date.now, as the plugin's own stores): a rate
 * limit protects against real time passing, not the app clock tests move. A database that is away
 * fails the request with the usual 503 (the error handler) rather than letting it through uncounted.
 */
function databaseCount(ctx: AppContext): Count {
  let lastPrune = 0;
  // One statement per event-loop turn for every request counted in it (src/http/rate-limit-batch.ts).
  const hits = new CoalescedHits(ctx.db);
  return async (key, timeWindowMs) => {
    const result = await hits.count(`rl:${key}`, timeWindowMs);
    const now = Date.now();
    if (now - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = now;
      pruneRateLimits(ctx.db, now).catch((error: unknown) =>
        ctx.logger.warn({ err: error }, 'pruning rate-limit counters failed'),
      );
    }
    return result;
  };
}

/** INCR, and the window's expiry set with the first hit (or mended if it was lost): one round trip. */
const REDIS_HIT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

type HitRedis = Redis & { leadrailHit(key: string, windowMs: number): Promise<[number, number]> };

/** Counts in Redis with one Lua call (INCR, PEXPIRE on the first hit). */
export function redisCount(redis: Redis): Count {
  redis.defineCommand('leadrailHit', { numberOfKeys: 1, lua: REDIS_HIT });
  return async (key, timeWindowMs) => {
    try {
      const [current, ttl] = await (redis as HitRedis).leadrailHit(`leadrail-rl:${key}`, timeWindowMs);
      return { current: Number(current), ttl: Number(ttl) };
    } catch {
      // Refused, not let through: the same answer as a database that is away.
      throw new DatabaseUnavailableError('the rate-limit store (Redis) is unavailable; try again shortly');
    }
  };
}

/**
 * Where @fastify/rate-limit keeps its counters, shared by every process on the database or Redis:
 * with REDIS_URL a real Redis, otherwise the `rate_limits` table. `close()` ends the Redis connection.
 */
export function sharedRateLimitStore(ctx: AppContext): {
  store: FastifyRateLimitStoreCtor;
  /** Resolves once Redis answers (or after 5 s: requests are refused until it does). */
  ready: Promise<void>;
  close(): Promise<void>;
} {
  const url = ctx.config.redisUrl;
  if (!url) {
    return {
      store: storeClass(databaseCount(ctx)) as unknown as FastifyRateLimitStoreCtor,
      ready: Promise.resolve(),
      close: async () => undefined,
    };
  }
  const redis = new Redis(url, {
    // A Redis that is away fails the request at once (503) instead of queueing it until it is back.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
  });
  redis.on('error', (error) => ctx.databaseUnavailable(error, 'the rate-limit Redis is unreachable'));
  const ready = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5000);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    store: storeClass(redisCount(redis)) as unknown as FastifyRateLimitStoreCtor,
    ready,
    close: async () => {
      redis.disconnect();
    },
  };
}
