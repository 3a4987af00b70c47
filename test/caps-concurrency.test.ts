import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnCli, waitForLine } from './helpers/cli.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER, nextPhone } from './helpers/leads.js';
import { createTestApp, TEST_SECRET, type TestApp } from './helpers/test-app.js';

/**
 * Caps under concurrency: many requests at once in one process, and two real `leadrail start`
 * processes on the same database racing for the last units. A hard cap is never exceeded, not by one.
 */

let t: TestApp;
let token: string;
let advertiserId: string;
let publisherId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1', INTAKE_RATE_LIMIT: '0' } });
  token = await t.adminToken();
  advertiserId = (await makeAdvertiser(t, token)).id;
  publisherId = (await makePublisher(t, token)).id;
});
afterAll(() => t.close());

let ipCounter = 0;
/** A fresh Indian (Jio) address per request: the per-address velocity rule never interferes. */
function freshIp(): string {
  ipCounter += 1;
  return `49.37.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

async function capUsed(capId: string): Promise<number> {
  const rows = await t.ctx.db
    .selectFrom('cap_counters')
    .select('used')
    .where('cap_id', '=', Number(capId))
    .execute();
  return rows.reduce((sum, r) => sum + Number(r.used), 0);
}

async function newCappedOffer(metric: 'clicks' | 'leads', limit: number) {
  const offer = await makeOffer(t, token, {
    advertiser_id: advertiserId,
    trafficback_url: 'https://tb.example/',
  });
  const cap = await t.call('POST', '/api/admin/caps', {
    token,
    body: { offer_id: offer.id, period: 'daily', metric, limit: String(limit) },
  });
  expect(cap.status, cap.text).toBe(201);
  return { offerId: offer.id as string, capId: cap.body.id as string };
}

describe('caps under concurrency', () => {
  it('400 concurrent clicks in one process: exactly the limit lands', async () => {
    const { offerId, capId } = await newCappedOffer('clicks', 37);
    const answers = await Promise.all(
      Array.from({ length: 400 }, () =>
        t.call('GET', `/click?offer_id=${offerId}&pub_id=${publisherId}`, {
          headers: { 'x-forwarded-for': freshIp(), 'user-agent': BROWSER },
        }),
      ),
    );
    const landed = answers.filter((a) => String(a.headers.location).startsWith('https://lander.example'));
    expect(landed).toHaveLength(37);
    expect(await capUsed(capId)).toBe(37);
  });

  it('200 concurrent leads in one process: exactly the limit is stored', async () => {
    const { offerId, capId } = await newCappedOffer('leads', 23);
    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        t.call('POST', '/api/lead', {
          body: { offer_id: offerId, pub_id: Number(publisherId), name: 'Ravi', phone: nextPhone() },
          headers: { 'x-forwarded-for': freshIp(), 'user-agent': BROWSER },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(23);
    expect(answers.filter((a) => a.status === 403)).toHaveLength(177);
    const stored = await t.ctx.db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('offer_id', '=', Number(offerId))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(23);
    expect(await capUsed(capId)).toBe(23);
  });

  describe('two real server processes on one database', () => {
    const servers: { child: ChildProcess; url: string }[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        const child = spawnCli(['start'], {
          DATABASE_URL: t.databaseUrl,
          SECRET_KEY: TEST_SECRET,
          LOG_LEVEL: 'info',
          TRUST_PROXY: '1',
          INTAKE_RATE_LIMIT: '0',
          PORT: String(port),
          HOST: '127.0.0.1',
        });
        child.stdout?.resume();
        servers.push({ child, url: `http://127.0.0.1:${port}` });
        await waitForLine(child, /listening|Server listening/i, 60_000);
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
              s.child.once('exit', () => resolve());
              s.child.kill('SIGTERM');
            }),
        ),
      );
    });

    async function hammer(path: (i: number) => string, init: (i: number) => RequestInit, n: number) {
      const answers: { status: number; location: string | null }[] = [];
      // Several waves of parallel requests, alternating between the two processes.
      const wave = 50;
      for (let start = 0; start < n; start += wave) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(wave, n - start) }, async (_, k) => {
            const i = start + k;
            const server = servers[i % 2] as { url: string };
            const response = await fetch(`${server.url}${path(i)}`, { redirect: 'manual', ...init(i) });
            await response.arrayBuffer();
            return { status: response.status, location: response.headers.get('location') };
          }),
        );
        answers.push(...batch);
      }
      return answers;
    }

    it('clicks from both processes never take more than a hard cap', async () => {
      const { offerId, capId } = await newCappedOffer('clicks', 61);
      // The servers read caps through a cache of a few seconds; this cap is new to them.
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      const answers = await hammer(
        () => `/click?offer_id=${offerId}&pub_id=${publisherId}`,
        () => ({ headers: { 'x-forwarded-for': freshIp(), 'user-agent': BROWSER } }),
        300,
      );
      const landed = answers.filter((a) => a.location?.startsWith('https://lander.example'));
      const back = answers.filter((a) => a.location?.startsWith('https://tb.example'));
      expect(landed.length + back.length).toBe(300);
      expect(landed).toHaveLength(61);
      expect(await capUsed(capId)).toBe(61);
    }, 120_000);

    it('leads from both processes never pass a hard cap', async () => {
      const { offerId, capId } = await newCappedOffer('leads', 17);
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      const answers = await hammer(
        () => '/api/lead',
        () => ({
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': freshIp(),
            'user-agent': BROWSER,
          },
          body: JSON.stringify({
            offer_id: offerId,
            pub_id: Number(publisherId),
            name: 'Ravi',
            phone: nextPhone(),
          }),
        }),
        120,
      );
      const statuses = answers.reduce<Record<number, number>>(
        (seen, a) => Object.assign(seen, { [a.status]: (seen[a.status] ?? 0) + 1 }),
        {},
      );
      expect(statuses[201], JSON.stringify(statuses)).toBe(17);
      // Two processes writing one SQLite file: a lead transaction that waits too long for the write
      // lock is answered 503 (try again), never stored. PostgreSQL takes them all.
      const refused =
        (statuses[403] ?? 0) + (process.env.LEADRAIL_TEST_DB === 'postgres' ? 0 : (statuses[503] ?? 0));
      expect(refused, JSON.stringify(statuses)).toBe(103);
      expect(statuses[403], JSON.stringify(statuses)).toBeGreaterThan(0);
      expect(await capUsed(capId)).toBe(17);
    }, 120_000);
  });
});
