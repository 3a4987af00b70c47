import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker } from '../src/jobs/worker.js';
import { leadIntakeBusy } from '../src/modules/leads/lead-batcher.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { indianIp, leadRow, nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 18, session 12: lead pushes run in the process that takes the leads. While its intake is
 * saturated the job worker keeps one push running, not JOB_CONCURRENCY, and takes the others up
 * again once intake eases: every accepted lead is still pushed.
 */

let t: TestApp;
let token: string;
let advertiser: Server;
let inFlight = 0;
let mostInFlight = 0;
let offer: { id: string };
let pub: { id: string };

beforeAll(async () => {
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1', TRUST_PROXY: '1' } });
  token = await t.adminToken();
  // Holds each push 80 ms and counts how many it holds at once.
  advertiser = createServer((request, response) => {
    request.resume();
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"ok","id":5}');
    }, 80);
  });
  await new Promise<void>((resolve) => advertiser.listen(0, '127.0.0.1', resolve));
  const adv = await makeAdvertiser(t, token, {
    endpoint_url: `http://127.0.0.1:${(advertiser.address() as AddressInfo).port}/lead/add`,
    integration_type: 'api_post',
    post_encoding: 'json',
    payload_template: { phone: '{phone}' },
  });
  offer = await makeOffer(t, token, { advertiser_id: adv.id, adv_offer_id: '55' });
  pub = await makePublisher(t, token);
});
afterAll(async () => {
  await new Promise<void>((resolve) => advertiser.close(() => resolve()));
  await t.close();
});

const lead = () =>
  submitLead(
    t,
    { offer_id: offer.id, pub_id: pub.id, name: 'Kiran', phone: nextPhone() },
    { 'x-forwarded-for': indianIp() },
  );

describe('the job worker beside a saturated lead intake', () => {
  it('counts intake busy while leads queue behind a group write, and not after a lone lead', async () => {
    // 12 leads at once are one group (leads/lead-batcher.ts): intake is saturated.
    for (const r of await Promise.all(Array.from({ length: 12 }, lead))) expect(r.status, r.text).toBe(201);
    expect(leadIntakeBusy(t.ctx)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // BUSY_HOLD_MS
    expect(leadIntakeBusy(t.ctx)).toBe(false);
    expect((await lead()).status).toBe(201);
    expect(leadIntakeBusy(t.ctx)).toBe(false);
  });

  it('keeps one push running while intake is busy, then drains the backlog at full concurrency', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await lead();
      expect(r.status, r.text).toBe(201);
      ids.push(r.body.id as string);
    }
    let busy = true;
    mostInFlight = 0;
    const sent = async () => {
      let n = 0;
      for (const id of ids) if ((await leadRow(t, id)).push_status === 'sent') n += 1;
      return n;
    };
    const worker = startWorker(t.ctx, appJobRegistry(), {
      concurrency: 4,
      pollMs: 50,
      jitter: false,
      yieldWhile: () => busy,
    });
    try {
      // The leads of the first test are pushed too: wait until 3 of these have gone, one at a time.
      await vi.waitFor(async () => expect(await sent()).toBeGreaterThanOrEqual(3), {
        timeout: 15_000,
        interval: 50,
      });
      expect(mostInFlight).toBe(1);
      busy = false;
      await vi.waitFor(async () => expect(await sent()).toBe(ids.length), { timeout: 15_000, interval: 50 });
      expect(mostInFlight).toBeGreaterThan(1);
    } finally {
      await worker.stop();
    }
  });
});
