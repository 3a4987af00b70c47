import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { notifyPublisher } from '../src/modules/publisher-postbacks/notify-publisher.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let tracker: FakeServer;
let worker: Worker;

beforeAll(async () => {
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1' } });
  token = await t.adminToken();
  tracker = await startFakeServer();
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
});
afterAll(async () => {
  await worker.stop();
  await tracker.close();
  await t.close();
});

describe('pasted URLs', () => {
  it('saves a publisher postback with "¤cy=" repaired to "&currency=", says so, and sends it repaired', async () => {
    const pub = await makePublisher(t, token);
    const pasted = `${tracker.url}/k1/postback?subid={sub1}&status={status}&payout={payout}¤cy={currency}`;
    const r = await t.call('POST', '/api/publisher/postbacks', { token: pub.token, body: { url: pasted } });
    expect(r.status, r.text).toBe(201);
    expect(r.body.url).toBe(
      `${tracker.url}/k1/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}`,
    );
    expect(r.body.notices).toHaveLength(1);
    expect(r.body.notices[0]).toMatch(/^url: .*&curren/);

    const listed = await t.call('GET', '/api/publisher/postbacks', { token: pub.token });
    expect(listed.body.data[0].url).toBe(r.body.url);
    expect(listed.body.data[0].notices).toBeUndefined();

    const before = tracker.requests.length;
    await t.ctx.db.transaction().execute((tx) =>
      notifyPublisher(tx, t.ctx, {
        event: 'approved',
        leadId: '01KT1LEAD000000000000000PH',
        clickId: '01KT1CLICK00000000000000PH',
        offerId: 1,
        publisherId: Number(pub.id),
        flowId: null,
        goal: null,
        status: 'approved',
        publisherPayout: 750,
        currency: 'EUR',
        subs: ['kt-9', null, null, null, null],
      }),
    );
    while ((await worker.runOnce()) > 0) {}
    const sent = tracker.requests.slice(before);
    expect(sent).toHaveLength(1);
    const query = new URL(sent[0]?.url ?? '', tracker.url).searchParams;
    expect(query.get('currency')).toBe('EUR');
    expect(query.get('subid')).toBe('kt-9');
  });

  it('repairs "&amp;" and "¶m" when a postback URL is changed, and a clean URL gets no notices', async () => {
    const pub = await makePublisher(t, token);
    const created = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: `${tracker.url}/pb?cid={click_id}` },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.notices).toBeUndefined();
    const r = await t.call('PATCH', `/api/publisher/postbacks/${created.body.id}`, {
      token: pub.token,
      body: { url: `${tracker.url}/pb?cid={click_id}&amp;s={status}¶m1={payout}` },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.url).toBe(`${tracker.url}/pb?cid={click_id}&s={status}&param1={payout}`);
    expect(r.body.notices).toHaveLength(2);
  });

  it('refuses "cid={}" with 422 naming "{}", and other leftover template words by name', async () => {
    const pub = await makePublisher(t, token);
    const save = (url: string) =>
      t.call('POST', '/api/publisher/postbacks', { token: pub.token, body: { url } });
    const r = await save(`${tracker.url}/pb?cid={}&status={status}`);
    expect(r.status).toBe(422);
    expect(r.body.field).toBe('url');
    expect(r.body.message).toContain('"{}"');
    for (const [url, word] of [
      [`${tracker.url}/pb?cid={click_id}&token=REPLACE`, 'REPLACE'],
      [`${tracker.url}/pb?cid={click_id}&sub2=OPTIONAL`, 'OPTIONAL'],
      [`${tracker.url}/<postback_key>/postback?subid={sub1}`, '<postback_key>'],
      ['https://your-domain.com/postback?subid={sub1}', 'your-domain'],
    ] as const) {
      const refused = await save(url);
      expect(refused.status, url).toBe(422);
      expect(refused.body.message).toContain(`"${word}"`);
    }
    expect((await t.call('GET', '/api/publisher/postbacks', { token: pub.token })).body.data).toEqual([]);
  });

  it('maps an offer landing URL’s {clickId} to {click_id} with a notice, on create and update', async () => {
    const r = await t.call('POST', '/api/admin/offers', {
      token,
      body: {
        name: 'Paste Offer',
        advertiser_id: (await makeAdvertiser(t, token)).id,
        landing_url: 'https://lander.example/p?cid={clickId}&s={SUB1}',
        adv_payout: '10.00',
        pub_payout: '7.00',
      },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.body.landing_url).toBe('https://lander.example/p?cid={click_id}&s={sub1}');
    expect(r.body.notices).toEqual([
      'landing_url: {clickId} was read as {click_id}',
      'landing_url: {SUB1} was read as {sub1}',
    ]);
    const updated = await t.call('PATCH', `/api/admin/offers/${r.body.id}`, {
      token,
      body: { landing_url: 'https://lander.example/p?cid={Click_ID}' },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.landing_url).toBe('https://lander.example/p?cid={click_id}');
    expect(updated.body.notices).toEqual(['landing_url: {Click_ID} was read as {click_id}']);
  });

  it('saves a non-ASCII host as punycode with a warning (offer, advertiser endpoint, postback)', async () => {
    const offer = await makeOffer(t, token);
    const r = await t.call('PATCH', `/api/admin/offers/${offer.id}`, {
      token,
      body: { landing_url: 'https://bücher.example/land?c={click_id}' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.landing_url).toBe('https://xn--bcher-kva.example/land?c={click_id}');
    expect(r.body.notices).toHaveLength(1);
    expect(r.body.notices[0]).toContain('"xn--bcher-kva.example" (punycode)');

    const adv = await t.call('POST', '/api/admin/advertisers', {
      token,
      body: {
        name: 'IDN Adv',
        endpoint_url: 'https://\u0440artner.example/api/lead?amp;x=1&amp;o={adv_offer_id}',
      },
    });
    expect(adv.status, adv.text).toBe(201);
    expect(adv.body.endpoint_url).toMatch(
      /^https:\/\/xn--[a-z0-9-]+\.example\/api\/lead\?amp;x=1&o=\{adv_offer_id\}$/,
    );
    expect(adv.body.notices).toHaveLength(2);

    const pub = await makePublisher(t, token);
    const pb = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: 'https://трекер.example/pb?cid={click_id}' },
    });
    expect(pb.status, pb.text).toBe(201);
    expect(pb.body.url).toMatch(/^https:\/\/xn--[a-z0-9-]+\.example\/pb\?cid=\{click_id\}$/);
    expect(pb.body.notices[0]).toContain('punycode');
  });

  it("cleans an offer's trafficback URL and a publisher's own postback_url too", async () => {
    const offer = await makeOffer(t, token);
    const r = await t.call('PATCH', `/api/admin/offers/${offer.id}`, {
      token,
      body: { trafficback_url: 'https://back.example/tb?c={clickId}&amp;o={offer_id}' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.trafficback_url).toBe('https://back.example/tb?c={click_id}&o={offer_id}');
    expect(r.body.notices).toHaveLength(2);
    const refused = await t.call('PATCH', `/api/admin/offers/${offer.id}`, {
      token,
      body: { trafficback_url: 'https://back.example/tb?c={}' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.field).toBe('trafficback_url');

    const pub = await makePublisher(t, token, {
      postback_url: `${tracker.url}/pb?cid={click_id}¤cy={currency}`,
    });
    const stored = await t.call('GET', `/api/admin/publishers/${pub.id}`, { token });
    expect(stored.body.postback_url).toBe(`${tracker.url}/pb?cid={click_id}&currency={currency}`);
    const bad = await t.call('PATCH', `/api/admin/publishers/${pub.id}`, {
      token,
      body: { postback_url: `${tracker.url}/pb?cid=REPLACE` },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toContain('"REPLACE"');
  });

  it('refuses the placeholder words of our own endpoint hints on an advertiser', async () => {
    const adv = await t.call('POST', '/api/admin/advertisers', {
      token,
      body: { name: 'Hint Adv', endpoint_url: 'https://api-NETWORK.affise.com/3.0/partner/lead/add' },
    });
    expect(adv.status).toBe(422);
    expect(adv.body.field).toBe('endpoint_url');
    expect(adv.body.message).toContain('"NETWORK"');
  });

  it("repairs a flow's lead postback URL with a notice", async () => {
    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, { geo: '' });
    const flow = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, code: 'paste-fl' },
    });
    expect(flow.status, flow.text).toBe(201);
    const r = await t.call('PATCH', `/api/admin/flows/${flow.body.id}`, {
      token,
      body: { lead_postback_url: `${tracker.url}/net/lead?lead={leadId}&amp;s={status}` },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.lead_postback_url).toBe(`${tracker.url}/net/lead?lead={lead_id}&s={status}`);
    expect(r.body.notices).toHaveLength(2);
  });
});
