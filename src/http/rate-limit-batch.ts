import { sql } from 'kysely';
import { statementFamily } from '../db/compiled-query.js';
import type { Db, DbOrTx } from '../db/database.js';

/** Keys counted by one statement at most (3 parameters each, far under either database's limit). */
const MAX_KEYS_PER_STATEMENT = 500;

export interface CountedHits {
  /** The key's hits in its running window, this call's included. */
  hits: number;
  /** When the key's window ends (epoch ms). */
  resetAt: number;
}

/**
 * Count `n` hits for each key in one statement: a multi-row upsert that, per key, opens a new window
 * (hits = n) when the last one ended, or adds n to the running one. Each row is updated atomically
 * (PostgreSQL's row lock, SQLite's write lock), exactly as `n` single-hit upserts would be, so the
 * counter a process gets back is its own: the hits `total - n + 1 … total` were given to it and to
 * no other process. A key must appear once (PostgreSQL refuses to update one row twice in a statement).
 */
export async function countHitsTogether(
  db: Db,
  keys: { key: string; n: number; windowMs: number }[],
  now: number,
): Promise<Map<string, CountedHits>> {
  const counted = new Map<string, CountedHits>();
  for (let i = 0; i < keys.length; i += MAX_KEYS_PER_STATEMENT) {
    const chunk = keys.slice(i, i + MAX_KEYS_PER_STATEMENT);
    const rows =
      chunk.length <= COMPILED_UP_TO
        ? await upsertOf(chunk.length).execute(db, paramsOf(chunk, now))
        : await upsert(
            db,
            chunk.map((_, j) => j),
            paramsOf(chunk, now),
          ).execute();
    for (const row of rows) counted.set(row.key, { hits: Number(row.hits), resetAt: Number(row.reset_at) });
  }
  return counted;
}

/** Turns with at most this many keys (64 connections' worth) use a statement compiled once per key count. */
const COMPILED_UP_TO = 64;

function paramsOf(
  keys: { key: string; n: number; windowMs: number }[],
  now: number,
): Record<string, unknown> {
  const params: Record<string, unknown> = { now };
  keys.forEach((k, j) => {
    params[`key${j}`] = k.key;
    params[`hits${j}`] = k.n;
    params[`reset${j}`] = now + k.windowMs;
  });
  return params;
}

function upsert(db: Db, rows: number[], p: Record<string, unknown>) {
  const now = p.now as number;
  return db
    .insertInto('rate_limits')
    .values(
      rows.map((j) => ({
        key: p[`key${j}`] as string,
        hits: p[`hits${j}`] as number,
        reset_at: p[`reset${j}`] as number,
      })),
    )
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limits.reset_at <= ${now} then excluded.hits else rate_limits.hits + excluded.hits end`,
        reset_at: sql<number>`case when rate_limits.reset_at <= ${now} then excluded.reset_at else rate_limits.reset_at end`,
      }),
    )
    .returning(['key', 'hits', 'reset_at']);
}

/** The upsert of `count` keys, built and compiled once per count (db/compiled-query.ts, issue 18). */
const upsertOf = statementFamily((count: number) => {
  const rows = Array.from({ length: count }, (_, j) => j);
  return (db: DbOrTx, p: Record<string, unknown>) => upsert(db as Db, rows, p);
});

interface Pending {
  windowMs: number;
  waiting: { resolve(value: { current: number; ttl: number }): void; reject(error: unknown): void }[];
}

/**
 * The database counter, coalesced per event-loop turn: every hit asked for during one turn (any key,
 * any route) is counted by one statement at the end of it (setImmediate), and hits on one key become
 * one row of it with n = their number. Each request still gets its own hit number from the shared
 * counter (`total - n + 1 + i`), so the limit is exactly what one upsert per request gave: across all
 * processes at most `max` requests per key and window are let through, none is counted twice, none
 * is let through uncounted. What changes is when: a request is counted at the end of the turn it
 * arrived in instead of at once, and one statement (one commit on SQLite) serves the whole turn.
 * If the statement fails (the database away), every request of the turn gets that error (503).
 */
export class CoalescedHits {
  private pending = new Map<string, Pending>();
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {}

  count(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
    return new Promise((resolve, reject) => {
      const entry = this.pending.get(key);
      if (entry) entry.waiting.push({ resolve, reject });
      else this.pending.set(key, { windowMs, waiting: [{ resolve, reject }] });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    const now = this.clock();
    let counted: Map<string, CountedHits>;
    try {
      counted = await countHitsTogether(
        this.db,
        [...batch].map(([key, p]) => ({ key, n: p.waiting.length, windowMs: p.windowMs })),
        now,
      );
    } catch (error) {
      for (const p of batch.values()) for (const w of p.waiting) w.reject(error);
      return;
    }
    for (const [key, p] of batch) {
      const row = counted.get(key);
      if (!row) {
        for (const w of p.waiting) w.reject(new Error('rate limit: the counter returned no row'));
        continue;
      }
      const first = row.hits - p.waiting.length + 1;
      const ttl = Math.max(0, row.resetAt - now);
      p.waiting.forEach((w, i) => {
        w.resolve({ current: first + i, ttl });
      });
    }
  }
}
