import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { type AppProcess, sleep, startAppProcess, until } from './helpers/app-process.js';
import { adminToken, click, seedClickNetwork, setOfferStatus } from './helpers/cluster-network.js';
import { TEST_SECRET } from './helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-db.js';

/**
 * `leadrail start --workers 2`: two app processes under a cluster primary on one port. A worker
 * that dies is started again; an offer paused through one worker is refused by the other at once
 * (SQLite: relayed through the primary; PostgreSQL: NOTIFY); SIGTERM stops both gracefully, and the
 * clicks they answered but still held (CLICK_BATCH_MS=60000) are in the database afterwards.
 */
describe('leadrail start --workers 2', () => {
  let db: TestDatabase;
  let app: AppProcess;
  let offerId: string;
  let publisherId: string;
  const clickIds: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ offerId, publisherId } = await seedClickNetwork(db.url));
    app = await startAppProcess(
      {
        DATABASE_URL: db.url,
        SECRET_KEY: TEST_SECRET,
        LOG_LEVEL: 'info',
        TRUST_PROXY: '1',
        CLICK_BATCH_MS: '60000',
      },
      { args: ['--workers', '2'], listening: 2, timeoutMs: 180_000 },
    );
  }, 240_000);

  afterAll(async () => {
    if (app && !app.exited()) app.child.kill('SIGKILL');
    await app?.exitCode();
    await db?.drop();
  });

  async function clickAll(n: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await click(app.url, offerId, publisherId);
      statuses.push(r.status);
      const location = r.headers.location;
      if (r.status === 302 && typeof location === 'string') {
        clickIds.push(new URL(location).searchParams.get('click_id') ?? '');
      }
    }
    return statuses;
  }

  it('starts two workers and starts a worker again when one dies', async () => {
    const started = app.logs('worker started');
    expect(started.map((l) => l.worker)).toEqual([1, 2]);
    process.kill(Number(started[1]?.pid), 'SIGKILL');
    await until(() => app.logs('worker died; starting another').length === 1, 10_000, 'the death noticed');
    await until(() => app.logs('leadrail listening').length === 3, 180_000, 'the new worker listening');
    expect(app.logs('worker started').at(-1)).toMatchObject({ worker: 2 });
    expect(await clickAll(4)).toEqual([302, 302, 302, 302]);
  }, 240_000);

  it('refuses a paused offer on every worker at once', async () => {
    // Both workers cached the offer as active (5 s TTL) answering the clicks above.
    expect(await clickAll(4)).toEqual([302, 302, 302, 302]);
    const token = await adminToken(app.url);
    await setOfferStatus(app.url, token, offerId, 'paused');
    await sleep(300);
    expect(await clickAll(6)).toEqual([403, 403, 403, 403, 403, 403]);
    await setOfferStatus(app.url, token, offerId, 'active');
    await sleep(300);
    expect(await clickAll(4)).toEqual([302, 302, 302, 302]);
  }, 60_000);

  it('stops both workers on SIGTERM, writing the clicks they still held', async () => {
    app.child.kill('SIGTERM');
    expect(await app.exitCode()).toBe(0);
    expect(app.logs('leadrail stopped').length).toBe(2);
    const ctx = await createContext(
      loadConfig({ DATABASE_URL: db.url, SECRET_KEY: TEST_SECRET, LOG_LEVEL: 'silent' }),
      { logger: createLogger({ logLevel: 'silent' }), migrate: false },
    );
    try {
      const stored = await ctx.db.selectFrom('clicks').select('id').where('id', 'in', clickIds).execute();
      expect(clickIds.length).toBe(12);
      expect(stored.length).toBe(clickIds.length);
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
