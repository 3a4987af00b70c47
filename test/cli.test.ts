import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { freePort, runCli, spawnCli, waitForLine } from './helpers/cli.js';
import { TEST_SECRET } from './helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-db.js';

let database: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, SECRET_KEY: TEST_SECRET, LOG_LEVEL: 'info' };
});
afterAll(() => database.drop());

async function count(
  table: 'users' | 'advertisers' | 'offers' | 'publishers' | 'flows' | 'publisher_offers',
) {
  const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: createLogger({ logLevel: 'silent' }),
  });
  try {
    const row = await ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await ctx.close();
  }
}

// Each test starts real processes (tsx compiles the CLI first): slow on a loaded 2-core machine.
describe('leadrail CLI', { timeout: 60_000 }, () => {
  it('migrates, creates an admin and refuses a duplicate one', async () => {
    const migrate = await runCli(['migrate'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    const created = await runCli(
      ['create-admin', '--email', 'ops@example.com', '--password', 'ops-password'],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('admin ops@example.com created');
    const again = await runCli(
      ['create-admin', '--email', 'ops@example.com', '--password', 'ops-password'],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(await count('users')).toBe(1);
  }, 90_000);

  it('seeds a believable demo network once', async () => {
    const first = await runCli(['seed-demo', '--clicks', '0'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('demo network created');
    expect(await count('advertisers')).toBe(3);
    expect(await count('offers')).toBe(4);
    expect(await count('publishers')).toBe(4);
    expect(await count('flows')).toBe(3);
    expect(await count('publisher_offers')).toBe(1);
    const second = await runCli(['seed-demo'], env);
    expect(second.stdout).toContain('already present');
    expect(await count('offers')).toBe(4);
  }, 90_000);

  it('seeds a month of traffic with --clicks, and refuses a --clicks that is not a whole number', async () => {
    const bad = await runCli(['seed-demo', '--clicks', 'lots'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('whole numbers');
    const fresh = await createTestDatabase();
    try {
      const seeded = await runCli(
        ['seed-demo', '--clicks', '300'],
        { ...env, DATABASE_URL: fresh.url },
        180_000,
      );
      expect(seeded.code, seeded.stderr).toBe(0);
      expect(seeded.stdout).toContain('300 clicks over 30 days');
      expect(seeded.stdout).toMatch(/Net-7 payout run/);
    } finally {
      await fresh.drop();
    }
  }, 200_000);

  it('starts, creates the first admin from ADMIN_EMAIL only while none exists, and stops cleanly on SIGTERM', async () => {
    const fresh = await createTestDatabase();
    try {
      const port = await freePort();
      const child = spawnCli(['start'], {
        ...env,
        DATABASE_URL: fresh.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        ADMIN_EMAIL: 'first@example.com',
        ADMIN_PASSWORD: 'first-password',
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // The line a person looks for (PUBLIC_URL defaults to http://localhost:PORT).
      const opened = waitForLine(child, new RegExp(`open http://localhost:${port}/admin \\(admin panel\\)`));
      await waitForLine(child, /leadrail listening/);
      await opened;
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first@example.com', password: 'first-password' }),
      });
      expect(login.status).toBe(200);
      const stopped = waitForLine(child, /leadrail stopped/);
      child.kill('SIGTERM');
      await stopped;
      expect(await exited).toBe(0);

      // A second start with other ADMIN_* values does not add another admin.
      const port2 = await freePort();
      const second = spawnCli(['start'], {
        ...env,
        DATABASE_URL: fresh.url,
        PORT: String(port2),
        HOST: '127.0.0.1',
        ADMIN_EMAIL: 'second@example.com',
        ADMIN_PASSWORD: 'second-password',
      });
      const secondExited = new Promise<number | null>((resolve) => second.on('close', resolve));
      await waitForLine(second, /leadrail listening/);
      const refused = await fetch(`http://127.0.0.1:${port2}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'second@example.com', password: 'second-password' }),
      });
      expect(refused.status).toBe(401);
      second.kill('SIGTERM');
      expect(await secondExited).toBe(0);
    } finally {
      await fresh.drop();
    }
  }, 120_000);
});
