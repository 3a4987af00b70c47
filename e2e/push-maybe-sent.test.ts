import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/** The advertiser holds the first push (its process dies meanwhile), then answers at once. */
async function startSlowAdvertiser() {
  const keys: string[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      keys.push(String(request.headers['idempotency-key']));
      if (keys.length === 1) return void held.push(response);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"ok","id":"ADV-1"}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys,
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise((done) => server.close(() => done(undefined)));
    },
  };
}

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const JOBS = { ALLOW_PRIVATE_TARGETS: '1', JOB_LEASE_MS: '2000', JOB_HEARTBEAT_MS: '500' };

describe('a push cut off by a crash, on the lead page', () => {
  let first: RunningServer;
  let second: RunningServer;
  let browser: Browser;
  let advertiser: Awaited<ReturnType<typeof startSlowAdvertiser>>;
  let leadId: string;

  beforeAll(async () => {
    [first, browser, advertiser] = await Promise.all([
      startBuiltServer(JOBS),
      launchChromium(),
      startSlowAdvertiser(),
    ]);
    const post = await adminApi(first.url);
    const adv = await post('/api/admin/advertisers', {
      name: 'SlowBuyer',
      endpoint_url: `${advertiser.url}/lead`,
    });
    const offer = await post('/api/admin/offers', {
      name: 'Keto Slim',
      advertiser_id: adv.id,
      landing_url: 'https://lander.example/keto?click_id={click_id}',
      adv_payout: '12.00',
      pub_payout: '8.00',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Traffic Co',
      email: 'traffic@co.test',
      status: 'approved',
    });
    const lead = await fetch(`${first.url}/api/lead`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1' },
      body: JSON.stringify({
        offer_id: offer.id,
        pub_id: publisher.id,
        name: 'Asha Rao',
        phone: '+919876543210',
      }),
    });
    expect(lead.status).toBe(201);
    leadId = ((await lead.json()) as { id: string }).id;
    await until(() => advertiser.keys.length === 1, 15_000);
    // kill -9 with the push in flight, then the same database under a new process.
    await first.kill();
    second = await startBuiltServer({ ...JOBS, DATABASE_URL: `sqlite:${first.databaseFile}` });
    await until(() => advertiser.keys.length === 2, 15_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await second?.stop();
    await first?.stop();
    await advertiser?.close();
  });

  it('shows the May-have-been-sent badge, why, and both attempts with the same Idempotency-Key', async () => {
    expect(advertiser.keys).toEqual([leadId, leadId]);
    const person = await newPerson(browser, second.url);
    const { page } = person;
    await signInAsAdmin(page, `/admin/leads/${leadId}`);
    await page.getByRole('heading', { name: /^Lead / }).waitFor();
    await expect
      .poll(
        async () => {
          if (await page.getByText(/Attempt 2 · HTTP 200/).isVisible()) return true;
          await page.getByRole('button', { name: 'Refresh' }).click();
          return false;
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBe(true);
    await page.getByRole('heading', { name: /Push to advertiser.*Sent.*May have been sent/ }).waitFor();
    const notice = page.getByRole('status').filter({ hasText: 'May have been sent.' });
    await notice
      .getByText(/The process stopped while this push was in flight; the advertiser may have received it/)
      .waitFor();
    await notice.getByText(/same Idempotency-Key/).waitFor();
    await page
      .getByText(/Attempt 1 · no answer recorded: the process stopped while it was in flight/)
      .waitFor();
    await screenshot(page, 'admin-lead-maybe-sent');
  });
});
