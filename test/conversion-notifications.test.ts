import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { makeClick, makeNetwork, type Network, postback, trackPostback } from './helpers/conversions.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeOffer } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// End to end: an advertiser's postback or a product owner's payment changes a lead, and the
// publisher's tracker hears about it once per real change (issue 6 on top of issue 5).
let t: TestApp;
let net: Network;
let tracker: FakeServer;
let worker: Worker;

beforeAll(async () => {
  tracker = await startFakeServer();
  t = await createTestApp({ env: { TRUST_PROXY: '1', ALLOW_PRIVATE_TARGETS: '1' } });
  net = await makeNetwork(t);
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
  const host = new URL(tracker.url).host;
  const created = await t.call('POST', '/api/publisher/postbacks', {
    token: net.publisher.token,
    body: {
      url: `http://${host}/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}&goal={goal}&tid={txid}&e={event}`,
    },
  });
  if (created.status !== 201) throw new Error(created.text);
});
afterAll(async () => {
  await worker.stop();
  await tracker.close();
  await t.close();
});

async function delivered(): Promise<string[]> {
  while ((await worker.runOnce()) > 0) {}
  const urls = tracker.requests.map((r) => r.url);
  tracker.requests.length = 0;
  return urls;
}

describe('publisher postbacks fire from the conversion pipeline', () => {
  it('tells the tracker about each real status change once, never about a repeat', async () => {
    const clickId = await makeClick(t, net);
    const token = net.advertiser.postback_token;
    await delivered();

    expect((await postback(t, { click_id: clickId, status: 'pending', token })).status).toBe(200);
    expect(await delivered()).toEqual([
      expect.stringContaining('status=lead&payout=7.50&currency=USD&goal=&'),
    ]);

    expect((await postback(t, { click_id: clickId, status: 'approved', token })).status).toBe(200);
    const [approved] = await delivered();
    expect(approved).toContain('subid=camp&status=approved&payout=7.50');

    const repeat = await postback(t, { click_id: clickId, status: 'approved', token });
    expect(repeat.body.result).toBe('no-changes');
    expect(await delivered()).toEqual([]);

    await postback(t, { click_id: clickId, status: 'chargeback', token });
    expect(await delivered()).toEqual([expect.stringContaining('status=chargeback')]);
  });

  it('sends a goal change of an approved lead with the new goal and payout', async () => {
    const clickId = await makeClick(t, net);
    await delivered();
    await trackPostback(t, {
      id: net.advertiser.postback_token,
      click: clickId,
      status: 'approve',
      goal: 'reg',
      auto: '1',
    });
    expect(await delivered()).toEqual([
      expect.stringContaining('status=approved&payout=2.00&currency=USD&goal=reg'),
    ]);
    await trackPostback(t, {
      id: net.advertiser.postback_token,
      click: clickId,
      status: 'approve',
      goal: 'ftd',
    });
    expect(await delivered()).toEqual([
      expect.stringContaining('status=approved&payout=30.00&currency=USD&goal=dep'),
    ]);
  });

  it('tells the tracker nothing when only a payout changes, status and goal staying the same', async () => {
    const clickId = await makeClick(t, net);
    const token = net.advertiser.postback_token;
    await delivered();
    expect((await postback(t, { click_id: clickId, status: 'approved', token })).status).toBe(200);
    expect(await delivered()).toEqual([expect.stringContaining('status=approved&payout=7.50')]);

    // The advertiser's payout alone, then the publisher's alone: real changes, on the ledger too.
    const advertiserPayout = await postback(t, {
      click_id: clickId,
      status: 'approved',
      payout: '12.00',
      token,
    });
    expect(advertiserPayout.body).toMatchObject({ result: 'ok', changes: { adv_payout: { to: '12.00' } } });
    const publisherPayout = await trackPostback(t, {
      id: token,
      click: clickId,
      status: 'approve',
      wm: '8.00',
    });
    expect(publisherPayout.body).toMatchObject({ result: 'ok', changes: { pub_payout: { to: '8.00' } } });
    expect(await delivered()).toEqual([]);

    // The next status change carries the payout as it is now.
    await postback(t, { click_id: clickId, status: 'chargeback', token });
    expect(await delivered()).toEqual([expect.stringContaining('status=chargeback&payout=8.00')]);
  });

  it('sends ingest payments as sale and rebill with the payment id as txid', async () => {
    const offer = await makeOffer(t, net.token, {
      advertiser_id: net.advertiser.id,
      geo: '',
      goals: [
        { key: 'sale', adv_payout: '10.00', pub_payout: '7.00' },
        { key: 'rebill', adv_payout: '5.00', pub_payout: '3.00' },
      ],
    });
    const clickId = await makeClick(t, { offer, publisher: net.publisher });
    await delivered();
    const pay = (event: string, id: string) =>
      t.call('POST', '/api/ingest/conversion', {
        headers: { 'x-offer-key': offer.ingest_key },
        body: {
          click_id: clickId,
          event,
          external_payment_id: id,
          gross_amount: 20,
          currency: 'USD',
          is_first_payment: event === 'sale',
        },
      });
    expect((await pay('sale', 'pi_first')).status).toBe(200);
    expect(await delivered()).toEqual([
      expect.stringMatching(/status=sale&payout=7\.00.*tid=pi_first&e=sale/),
    ]);
    expect((await pay('rebill', 'pi_second')).status).toBe(200);
    expect(await delivered()).toEqual([
      expect.stringMatching(/status=rebill&payout=3\.00.*tid=pi_second&e=rebill/),
    ]);
    expect((await pay('rebill', 'pi_second')).status).toBe(200);
    expect(await delivered()).toEqual([]);
  });
});

describe('a new lead from the landing page', () => {
  it('fires the lead event to the publisher tracker, and trash for a duplicate', async () => {
    const clickId = await makeClick(t, net);
    await delivered();
    const lead = await t.call('POST', '/api/lead', {
      body: { click_id: clickId, name: 'Asha Rao', phone: '+91 98765 43210' },
      headers: { 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
    });
    expect(lead.status, lead.text).toBe(201);
    const urls = await delivered();
    expect(urls).toEqual([expect.stringContaining('subid=camp&status=lead&payout=0.00&currency=USD')]);
    const again = await t.call('POST', '/api/lead', {
      body: { click_id: clickId, name: 'Asha Rao', phone: '+919876543210' },
      headers: { 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
    });
    expect(again.body.status).toBe('duplicate');
    expect(await delivered()).toEqual([expect.stringContaining('status=trash')]);
  });
});
