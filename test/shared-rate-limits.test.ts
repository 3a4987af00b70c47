import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext, createLogger } from '../src/context.js';
import { buildApp } from '../src/http/app.js';
import { CoalescedHits } from '../src/http/rate-limit-batch.js';
import { countHit, pruneRateLimits } from '../src/http/rate-limit-store.js';
import type { App } from '../src/http/types.js';
import { createTestApp, TEST_SECRET, type TestApp } from './helpers/test-app.js';

/**
 * Rate limits counted once for every process on the database (or Redis): two apps over one
 * database are two processes as far as @fastify/rate-limit is concerned.
 */
interface Second {
  app: App;
  ctx: AppContext;
}

async function secondApp(t: TestApp, env: Record<string, string> = {}): Promise<Second> {
  const ctx = await createContext(
    loadConfig({ DATABASE_URL: t.databaseUrl, SECRET_KEY: TEST_SECRET, LOG_LEVEL: 'silent', ...env }),
    { logger: createLogger({ logLevel: 'silent' }), migrate: false },
  );
  const app = await buildApp(ctx);
  await app.ready();
  return { app, ctx };
}

async function wrongLogin(app: App, address: string): Promise<number> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: address,
    payload: { email: 'nobody@leadrail.test', password: 'wrong-password' },
  });
  return r.statusCode;
}

async function pixelFires(app: App, address: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    statuses.push(
      (await app.inject({ method: 'GET', url: '/pixel.gif', remoteAddress: address })).statusCode,
    );
  }
  return statuses;
}

describe('rate limits shared through the database', () => {
  let t: TestApp;
  let other: Second;

  beforeAll(async () => {
    t = await createTestApp({ env: { INTAKE_RATE_LIMIT: '3' } });
    other = await secondApp(t, { INTAKE_RATE_LIMIT: '3' });
  });
  afterAll(async () => {
    await other?.app.close();
    await other?.ctx.close();
    await t?.close();
  });

  it('keeps neither a stats token nor a NUL in the counters: keys are hashed', async () => {
    const token = 'secret-stats-token-in-a-query';
    const r = await t.app.inject({ method: 'GET', url: `/api/affiliate/stats-api?token=${token}` });
    expect(r.statusCode).toBeLessThan(500);
    const nul = await t.app.inject({ method: 'GET', url: '/api/affiliate/stats-api?token=%00' });
    expect(nul.statusCode).toBeLessThan(500);
    const keys = (await t.ctx.db.selectFrom('rate_limits').select('key').execute()).map((k) => k.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.includes(token))).toBe(false);
  });

  it('refuses the 11th wrong password from one address spread over two processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await wrongLogin(i % 2 ? other.app : t.app, '203.0.113.7'));
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // Another address, and the same address on another route, count apart.
    expect(await wrongLogin(other.app, '203.0.113.8')).toBe(401);
    const portal = await t.app.inject({
      method: 'POST',
      url: '/api/publisher/login',
      remoteAddress: '203.0.113.7',
      payload: { email: 'nobody@leadrail.test', password: 'wrong-password' },
    });
    expect(portal.statusCode).toBe(401);
  });

  it('counts the pixel limit (INTAKE_RATE_LIMIT) across processes', async () => {
    const first = await pixelFires(t.app, '203.0.113.20', 2);
    const second = await pixelFires(other.app, '203.0.113.20', 2);
    expect(first.every((s) => s !== 429)).toBe(true);
    expect(second[0]).not.toBe(429);
    expect(second[1]).toBe(429);
  });

  it('holds the limit exactly for bursts spread over two processes, each counted in one statement per turn', async () => {
    // INTAKE_RATE_LIMIT=3: 10 pixel fires at once from one address, 5 through each process. Each
    // process counts its 5 in one upsert (n = 5), and each fire gets its own number from the shared
    // counter, so exactly 3 pass in all: no slack either way.
    const fire = (app: App) =>
      app
        .inject({ method: 'GET', url: '/pixel.gif', remoteAddress: '203.0.113.30' })
        .then((r) => r.statusCode);
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => fire(i % 2 ? other.app : t.app)));
    expect(burst.filter((s) => s !== 429).length, String(burst)).toBe(3);
    // A second burst in the same window passes none; another address is counted apart.
    const again = await Promise.all(Array.from({ length: 6 }, (_, i) => fire(i % 2 ? other.app : t.app)));
    expect(again.filter((s) => s !== 429)).toEqual([]);
    expect((await pixelFires(other.app, '203.0.113.31', 1))[0]).not.toBe(429);
  });

  it('gives every hit of a coalesced burst its own number, on one key from two processes', async () => {
    const now = Date.now();
    const a = new CoalescedHits(t.ctx.db, () => now);
    const b = new CoalescedHits(other.ctx.db, () => now);
    const hits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 3 ? a : b).count('test:coalesced', 60_000)),
    );
    expect(hits.map((h) => h.current).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(new Set(hits.map((h) => h.ttl))).toEqual(new Set([60_000]));
  });

  it('opens a new window once the last one ended, and prunes ended windows', async () => {
    const now = Date.now();
    expect(await countHit(t.ctx.db, 'test:window', 1000, now)).toEqual({ current: 1, ttl: 1000 });
    expect(await countHit(t.ctx.db, 'test:window', 1000, now + 400)).toEqual({ current: 2, ttl: 600 });
    expect(await countHit(t.ctx.db, 'test:window', 1000, now + 1000)).toEqual({ current: 1, ttl: 1000 });
    const hits = await Promise.all(
      Array.from({ length: 20 }, () => countHit(other.ctx.db, 'test:race', 60_000, now)),
    );
    expect(hits.map((h) => h.current).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(await pruneRateLimits(t.ctx.db, now + 2500)).toBeGreaterThanOrEqual(0);
    const left = await t.ctx.db
      .selectFrom('rate_limits')
      .select('key')
      .where('key', 'like', 'test:%')
      .execute();
    expect(left.map((r) => r.key).sort()).toEqual(['test:coalesced', 'test:race']);
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('rate limits shared through Redis (REDIS_URL)', () => {
  let t: TestApp;
  let other: Second;
  const address = `198.51.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;

  beforeAll(async () => {
    const env = { REDIS_URL: process.env.TEST_REDIS_URL ?? '' };
    t = await createTestApp({ env });
    other = await secondApp(t, env);
  });
  afterAll(async () => {
    await other?.app.close();
    await other?.ctx.close();
    await t?.close();
  });

  it('refuses the 11th wrong password across two processes and keeps no row in the database', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push(await wrongLogin(i % 2 ? other.app : t.app, address));
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    expect(await t.ctx.db.selectFrom('rate_limits').select('key').execute()).toEqual([]);
  });
});
