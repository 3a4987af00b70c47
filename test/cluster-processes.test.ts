import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, sleep, startAppProcess, until } from './helpers/app-process.js';
import {
  adminToken,
  click,
  seedClickNetwork,
  setOfferStatus,
  visitor,
  wrongLogin,
} from './helpers/cluster-network.js';
import { TEST_SECRET } from './helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-db.js';

/**
 * Issue 18: two real `leadrail start` processes on one PostgreSQL database, as two boxes behind a
 * load balancer would run. The login limit holds across them, an admin change made through one is
 * seen by the other within a second (LISTEN/NOTIFY), and Net-7 (every second here) runs in one of
 * them only, and in the other once the first dies. With TEST_REDIS_URL the limit is also checked
 * with REDIS_URL. Runs in the postgres project.
 */
const LOGIN_LIMIT = 10;

function baseEnv(db: TestDatabase): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'info',
    TRUST_PROXY: '1',
    ALLOW_PRIVATE_TARGETS: '1',
    NET7_SCHEDULE: '* * * * * *',
  };
}

/** LOGIN_LIMIT wrong passwords from one address, alternating between the processes, then one more. */
async function loginAttemptsAcross(a: AppProcess, b: AppProcess): Promise<number[]> {
  const address = visitor();
  const statuses: number[] = [];
  for (let i = 0; i <= LOGIN_LIMIT; i++) statuses.push(await wrongLogin((i % 2 ? b : a).url, address));
  return statuses;
}

describe.runIf(process.env.LEADRAIL_TEST_DB === 'postgres')(
  'two app processes on one PostgreSQL database',
  () => {
    let db: TestDatabase;
    let a: AppProcess;
    let b: AppProcess;
    let offerId: string;
    let publisherId: string;

    beforeAll(async () => {
      db = await createTestDatabase();
      ({ offerId, publisherId } = await seedClickNetwork(db.url));
      [a, b] = await Promise.all([startAppProcess(baseEnv(db)), startAppProcess(baseEnv(db))]);
    }, 240_000);

    afterAll(async () => {
      for (const p of [a, b]) if (p && !p.exited()) p.child.kill('SIGKILL');
      await Promise.all([a?.exitCode(), b?.exitCode()]);
      await db?.drop();
    });

    it('holds the login limit across both: the 11th wrong password from one address is refused', async () => {
      const statuses = await loginAttemptsAcross(a, b);
      expect(statuses.slice(0, LOGIN_LIMIT)).toEqual(Array(LOGIN_LIMIT).fill(401));
      expect(statuses[LOGIN_LIMIT]).toBe(429);
      // Another address is not held back.
      expect(await wrongLogin(a.url, visitor())).toBe(401);
    }, 60_000);

    it('sees an offer paused through one process in the other within a second', async () => {
      // Both processes have the offer in their caches (5 s TTL) as active.
      expect((await click(a.url, offerId, publisherId)).status).toBe(302);
      expect((await click(b.url, offerId, publisherId)).status).toBe(302);
      const token = await adminToken(a.url);
      await setOfferStatus(a.url, token, offerId, 'paused');
      const pausedAt = Date.now();
      expect((await click(a.url, offerId, publisherId)).status).toBe(403);
      let seenAfter = Number.POSITIVE_INFINITY;
      while (Date.now() - pausedAt < 3000) {
        if ((await click(b.url, offerId, publisherId)).status === 403) {
          seenAfter = Date.now() - pausedAt;
          break;
        }
        await sleep(20);
      }
      expect(seenAfter).toBeLessThan(1000);
      await setOfferStatus(b.url, token, offerId, 'active');
      const activeAt = Date.now();
      await until(
        async () => (await click(a.url, offerId, publisherId)).status === 302,
        3000,
        'active again on a',
      );
      expect(Date.now() - activeAt).toBeLessThan(1000);
    }, 60_000);

    it('runs Net-7 in one process only, and in the other within seconds once the leader dies', async () => {
      const runs = (p: AppProcess) => p.logs('net-7 payout run').length;
      await until(() => runs(a) + runs(b) >= 3, 20_000, 'three Net-7 runs');
      const [leader, follower] = runs(a) > 0 ? [a, b] : [b, a];
      expect(runs(leader)).toBeGreaterThanOrEqual(3);
      expect(runs(follower)).toBe(0);
      expect(leader.logs('scheduled tasks: this process is the leader')).toHaveLength(1);
      expect(follower.logs('scheduled tasks: this process is the leader')).toHaveLength(0);

      leader.child.kill('SIGKILL');
      await leader.exitCode();
      const diedAt = Date.now();
      await until(
        () => follower.logs('scheduled tasks: this process is the leader').length === 1,
        15_000,
        'a new leader',
      );
      await until(() => runs(follower) >= 1, 5_000, 'a Net-7 run in the new leader');
      expect(Date.now() - diedAt).toBeLessThan(10_000);
    }, 60_000);
  },
);

describe.runIf(process.env.LEADRAIL_TEST_DB === 'postgres' && process.env.TEST_REDIS_URL)(
  'two app processes sharing a Redis (REDIS_URL)',
  () => {
    let db: TestDatabase;
    let a: AppProcess;
    let b: AppProcess;

    beforeAll(async () => {
      db = await createTestDatabase();
      await seedClickNetwork(db.url);
      const env = { ...baseEnv(db), REDIS_URL: process.env.TEST_REDIS_URL ?? '', NET7_SCHEDULE: '' };
      [a, b] = await Promise.all([startAppProcess(env), startAppProcess(env)]);
    }, 240_000);

    afterAll(async () => {
      for (const p of [a, b]) if (p && !p.exited()) p.child.kill('SIGKILL');
      await Promise.all([a?.exitCode(), b?.exitCode()]);
      await db?.drop();
    });

    it('holds the login limit across both with the counters in Redis, not the database', async () => {
      const statuses = await loginAttemptsAcross(a, b);
      expect(statuses.slice(0, LOGIN_LIMIT)).toEqual(Array(LOGIN_LIMIT).fill(401));
      expect(statuses[LOGIN_LIMIT]).toBe(429);
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        expect((await client.query('select count(*)::int as n from rate_limits')).rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    }, 60_000);
  },
);
