import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/lib/clock.js';
import { freePort, spawnCli, waitForLine } from './helpers/cli.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, TEST_SECRET, type TestApp } from './helpers/test-app.js';

/**
 * kill -9 a real `leadrail start` while lead pushes are in flight to a slow advertiser, start it
 * again, and check what the advertiser and the operator see (issue 18, item 4).
 */

const LEADS = 8;

interface Received {
  leadKey: string | undefined;
  at: number;
}

/** An advertiser that holds every push while `slow` is on (the process dies meanwhile), else answers at once. */
async function startSlowAdvertiser() {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  const state = { slow: true };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const key = request.headers['idempotency-key'];
      received.push({ leadKey: typeof key === 'string' ? key : undefined, at: Date.now() });
      if (state.slow) {
        held.push(response);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    state,
    async close() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a crash with lead pushes in flight', () => {
  let t: TestApp;
  let advertiser: Awaited<ReturnType<typeof startSlowAdvertiser>>;
  const children: ReturnType<typeof spawnCli>[] = [];

  beforeAll(async () => {
    t = await createTestApp({ clock: systemClock, env: { ALLOW_PRIVATE_TARGETS: '1' } });
    advertiser = await startSlowAdvertiser();
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await advertiser.close();
    await t.close();
  });

  async function start() {
    const port = await freePort();
    const child = spawnCli(['start'], {
      DATABASE_URL: t.databaseUrl,
      SECRET_KEY: TEST_SECRET,
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      ALLOW_PRIVATE_TARGETS: '1',
      JOB_CONCURRENCY: String(LEADS),
      // Short enough for a test: a dead process's pushes are free again 2 s after its last heartbeat.
      JOB_LEASE_MS: '2000',
      JOB_HEARTBEAT_MS: '500',
    });
    children.push(child);
    await waitForLine(child, /leadrail listening/, 60_000);
    return child;
  }

  async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('retries each cut-off push within seconds, with the same Idempotency-Key, and marks it may-have-been-sent', async () => {
    const token = await t.adminToken();
    const pub = await makePublisher(t, token);
    const adv = await makeAdvertiser(t, token, {
      endpoint_url: `${advertiser.url}/leads`,
      post_encoding: 'json',
      auth_key: 'KEY',
      auth_location: 'header',
    });
    const offer = await makeOffer(t, token, { advertiser_id: adv.id });
    const leadIds: string[] = [];
    for (let i = 0; i < LEADS; i++) {
      const r = await submitLead(t, {
        offer_id: offer.id,
        pub_id: pub.id,
        name: `Lead ${i}`,
        phone: nextPhone(),
      });
      expect(r.status).toBe(201);
      leadIds.push(r.body.id as string);
    }

    const began = Date.now();
    const step = (what: string) => process.stdout.write(`push-crash: ${what} at ${Date.now() - began} ms\n`);
    const first = await start();
    step('first server listening');
    await until(() => advertiser.received.length >= LEADS, 20_000, 'every push in flight');
    step('every push in flight');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('close', resolve));
    const firstRound = advertiser.received.splice(0);
    advertiser.state.slow = false;

    await start();
    const restarted = Date.now();
    step('second server listening');
    const sentCount = async () =>
      (await t.ctx.db.selectFrom('leads').select('push_status').execute()).filter(
        (l) => l.push_status === 'sent',
      ).length;
    await until(async () => (await sentCount()) === LEADS, 15_000, 'every lead pushed after the restart');
    const tookMs = Date.now() - restarted;
    step(`every lead pushed, ${tookMs} ms after the restart`);
    // Lease (2 s) + a poll (1 s), with room for a loaded machine: seconds, not the old 5 minutes.
    expect(tookMs).toBeLessThan(10_000);

    // Every push, cut off or retried, named its lead; each lead's retry carried its first key.
    expect(firstRound.map((r) => r.leadKey).sort()).toEqual([...leadIds].sort());
    expect(advertiser.received.map((r) => r.leadKey).sort()).toEqual([...leadIds].sort());

    for (const id of leadIds) {
      const r = await t.call('GET', `/api/admin/leads/${id}`, { token });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ push_status: 'sent', push_maybe_sent: true });
      const outcomes = (
        r.body.push_requests as { outcome: string; request_headers: Record<string, string> }[]
      ).map((q) => q.outcome);
      expect(outcomes).toEqual(['interrupted', 'response']);
      for (const q of r.body.push_requests as { request_headers: Record<string, string> }[]) {
        expect(q.request_headers['Idempotency-Key']).toBe(id);
      }
    }
  }, 150_000);
});
