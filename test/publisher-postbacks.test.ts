import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import {
  type ConversionEvent,
  notifyPublisher,
} from '../src/modules/publisher-postbacks/notify-publisher.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let tracker: FakeServer;
let worker: Worker;
let trackerHost: string;

beforeAll(async () => {
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1' } });
  token = await t.adminToken();
  tracker = await startFakeServer();
  trackerHost = new URL(tracker.url).host;
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
});
afterAll(async () => {
  await worker.stop();
  await tracker.close();
  await t.close();
});

function event(publisherId: string, overrides: Partial<ConversionEvent> = {}): ConversionEvent {
  return {
    event: 'approved',
    leadId: '01KT1LEAD000000000000000AA',
    clickId: '01KT1CLICK00000000000000AA',
    offerId: 1,
    publisherId: Number(publisherId),
    flowId: null,
    goal: 'dep',
    status: 'approved',
    publisherPayout: 750,
    currency: 'USD',
    subs: ['kt-777', 'adset 2', null, null, null],
    ...overrides,
  };
}

/** Queue the event's postbacks as the conversion pipeline does, run the jobs, return what the tracker got. */
async function fire(e: ConversionEvent) {
  const before = tracker.requests.length;
  await t.ctx.db.transaction().execute((tx) => notifyPublisher(tx, t.ctx, e));
  while ((await worker.runOnce()) > 0) {}
  return tracker.requests.slice(before);
}

describe('publisher postback settings', () => {
  it('builds a preset URL from the tracker domain, with all events by default', async () => {
    const pub = await makePublisher(t, token);
    const r = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { preset: 'keitaro', domain: 'keitaro.example.com' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      preset: 'keitaro',
      method: 'GET',
      url: 'https://keitaro.example.com/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}&tid={txid}',
      previous_url: null,
      events: ['lead', 'hold', 'approved', 'cancelled', 'trash', 'chargeback', 'sale', 'rebill'],
    });
    const presets = await t.call('GET', '/api/publisher/postback-presets', { token: pub.token });
    expect(presets.body.data.map((p: any) => p.key)).toEqual([
      'keitaro',
      'binom',
      'binom2',
      'voluum',
      'redtrack',
      'bemob',
      'peerclick',
      'funnelflux',
      'clickflare',
      'adsbridge',
      'orbitra',
      'altercpa',
    ]);
  });

  it('takes Keitaro’s postback address with its key, typed or pasted whole, and says why subid is sub1', async () => {
    const pub = await makePublisher(t, token);
    const keitaro = (domain: string) =>
      t.call('POST', '/api/publisher/postbacks', { token: pub.token, body: { preset: 'keitaro', domain } });
    const query = 'subid={sub1}&status={status}&payout={payout}&currency={currency}&tid={txid}';
    for (const domain of ['trk.example.com/a1b2c3d', 'https://trk.example.com/a1b2c3d/postback']) {
      const r = await keitaro(domain);
      expect(r.status, r.text).toBe(201);
      expect(r.body.url).toBe(`https://trk.example.com/a1b2c3d/postback?${query}`);
    }
    expect((await keitaro('http://203.0.113.7/k3y/postback')).body.url).toBe(
      `http://203.0.113.7/k3y/postback?${query}`,
    );
    const pasted = await keitaro('https://trk.example.com/k/postback?subid={subid}');
    expect(pasted.status).toBe(422);
    expect(pasted.body.message).toContain('without ?');
    expect((await keitaro('trk.example.com/{sub1}')).status).toBe(422);

    const presets = await t.call('GET', '/api/publisher/postback-presets', { token: pub.token });
    const preset = presets.body.data.find((p: any) => p.key === 'keitaro');
    expect(preset).toMatchObject({
      click_macro: '{subid}',
      docs_url: 'https://docs.keitaro.io/en/conversions/postback.html',
    });
    expect(preset.setup).toContain('sub1={subid}');
    expect(preset.setup).toContain('{clickid}');
  });

  it('sends a Keitaro postback to the key path with Keitaro’s subid from sub1', async () => {
    const pub = await makePublisher(t, token);
    const r = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { preset: 'keitaro', domain: `http://${trackerHost}/k3yK3y/postback` },
    });
    expect(r.status, r.text).toBe(201);
    expect((await fire(event(pub.id))).map((x) => x.url)).toEqual([
      '/k3yK3y/postback?subid=kt-777&status=sale&payout=7.50&currency=USD&tid=01KT1LEAD000000000000000AA',
    ]);
  });

  it('refuses a non-http URL, an unknown macro, and hides other publishers postbacks', async () => {
    const pub = await makePublisher(t, token);
    const other = await makePublisher(t, token);
    const ftp = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: 'ftp://x.example/pb' },
    });
    expect(ftp.status).toBe(422);
    const macro = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: 'https://x.example/pb?c={clik_id}' },
    });
    expect(macro.status).toBe(422);
    expect(macro.body.message).toContain('{clik_id}');
    const own = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: 'https://x.example/pb?c={click_id}' },
    });
    expect(
      (
        await t.call('PATCH', `/api/publisher/postbacks/${own.body.id}`, {
          token: other.token,
          body: { status: 'disabled' },
        })
      ).status,
    ).toBe(404);
    expect((await t.call('GET', '/api/publisher/postbacks', { token: other.token })).body.data).toEqual([]);
    expect(
      (await t.call('POST', `/api/publisher/postbacks/${own.body.id}/test`, { token: other.token })).status,
    ).toBe(404);
  });

  it('refuses a literal private address unless ALLOW_PRIVATE_TARGETS is set', async () => {
    const strict = await createTestApp();
    try {
      const admin = await strict.adminToken();
      const pub = await makePublisher(strict, admin);
      for (const url of ['http://127.0.0.1:9/pb', 'http://10.1.2.3/pb', 'http://localhost/pb']) {
        const r = await strict.call('POST', '/api/publisher/postbacks', { token: pub.token, body: { url } });
        expect(r.status, url).toBe(422);
        expect(r.body.message).toContain('ALLOW_PRIVATE_TARGETS');
      }
    } finally {
      await strict.close();
    }
  });
});

describe('firing postbacks', () => {
  it('sends each preset its own parameter names and status words', async () => {
    const expected: Record<string, string> = {
      keitaro: '/postback?subid=kt-777&status=sale&payout=7.50&currency=USD&tid=01KT1LEAD000000000000000AA',
      binom: '/click.php?cnv_id=kt-777&payout=7.50&cnv_status=approved&cnv_currency=USD',
      voluum: '/postback?cid=kt-777&payout=7.50&txid=01KT1LEAD000000000000000AA&currency=USD',
      redtrack: '/postback?clickid=kt-777&sum=7.50&type=Purchase&rdtk_event_id=01KT1LEAD000000000000000AA',
    };
    for (const [preset, path] of Object.entries(expected)) {
      const pub = await makePublisher(t, token);
      const url = (
        await t.call('POST', '/api/publisher/postbacks', {
          token: pub.token,
          body: { preset, domain: trackerHost },
        })
      ).body.url.replace('https://', 'http://');
      await t.call(
        'PATCH',
        `/api/publisher/postbacks/${(await t.call('GET', '/api/publisher/postbacks', { token: pub.token })).body.data[0].id}`,
        {
          token: pub.token,
          body: { url },
        },
      );
      // A changed URL waits 24 hours: move past it to test the preset itself.
      t.clock.advance(24 * 3_600_000 + 1000);
      const got = await fire(event(pub.id));
      expect(
        got.map((r) => r.url),
        preset,
      ).toEqual([path]);
    }
    token = await t.adminToken({ fresh: true });
  });

  it('fills the seed 000 and seed 004 macros for a custom URL, once per event, only for chosen events', async () => {
    const pub = await makePublisher(t, token);
    await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: {
        url: `${tracker.url}/pb?click_id={click_id}&clickid={clickid}&subid={subid}&status={status}&event={event}&payout={payout}&cur={currency}&o={offer_id}&p={publisher_id}&g={goal}&tx={txid}&s2={sub2}&s10={sub10}`,
        events: ['approved', 'chargeback'],
      },
    });
    const approved = await fire(event(pub.id, { txid: 'pi_123' }));
    expect(approved.map((r) => r.url)).toEqual([
      `/pb?click_id=01KT1CLICK00000000000000AA&clickid=01KT1CLICK00000000000000AA&subid=kt-777&status=approved&event=approved&payout=7.50&cur=USD&o=1&p=${pub.id}&g=dep&tx=pi_123&s2=adset%202&s10=`,
    ]);
    expect(await fire(event(pub.id, { event: 'lead', status: 'processing' }))).toEqual([]);
    const chargeback = await fire(
      event(pub.id, { event: 'chargeback', status: 'chargedback', publisherPayout: 0 }),
    );
    expect(chargeback[0]?.url).toContain('status=chargeback');
  });

  it('posts JSON when the postback method is POST', async () => {
    const pub = await makePublisher(t, token);
    await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: `${tracker.url}/json`, method: 'POST' },
    });
    const [got] = await fire(event(pub.id));
    expect(got?.method).toBe('POST');
    expect(got?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got!.body)).toMatchObject({
      click_id: '01KT1CLICK00000000000000AA',
      status: 'approved',
      payout: '7.50',
    });
  });

  it('lets a flow or offer postback override the global one', async () => {
    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, { geo: [] });
    const flow = await t.call('POST', '/api/publisher/flows', {
      token: pub.token,
      body: { offer_id: offer.id },
    });
    await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: `${tracker.url}/global` },
    });
    await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: `${tracker.url}/offer`, offer_id: offer.id },
    });
    await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: `${tracker.url}/flow`, flow_id: flow.body.id },
    });
    const viaFlow = await fire(event(pub.id, { offerId: Number(offer.id), flowId: Number(flow.body.id) }));
    expect(viaFlow.map((r) => r.url)).toEqual(['/flow']);
    const viaOffer = await fire(event(pub.id, { offerId: Number(offer.id) }));
    expect(viaOffer.map((r) => r.url)).toEqual(['/offer']);
    const other = await fire(event(pub.id, { offerId: 999 }));
    expect(other.map((r) => r.url)).toEqual(['/global']);
  });

  it('keeps firing the previous URL for 24 hours after a change (anti retro-attribution)', async () => {
    const pub = await makePublisher(t, token);
    const created = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: `${tracker.url}/old?c={click_id}` },
    });
    const changed = await t.call('PATCH', `/api/publisher/postbacks/${created.body.id}`, {
      token: pub.token,
      body: { url: `${tracker.url}/new?c={click_id}` },
    });
    expect(changed.body.previous_url).toBe(`${tracker.url}/old?c={click_id}`);
    t.clock.advance(23 * 3_600_000);
    expect((await fire(event(pub.id))).map((r) => r.url.split('?')[0])).toEqual(['/old']);
    t.clock.advance(3_600_000 + 1000);
    expect((await fire(event(pub.id))).map((r) => r.url.split('?')[0])).toEqual(['/new']);
    token = await t.adminToken({ fresh: true });
  });

  it('retries a tracker that fails with 500, and gives up at once on 404, logging each attempt', async () => {
    const pub = await makePublisher(t, token);
    await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: `${tracker.url}/flaky?l={txid}` },
    });
    tracker.respondWith({ status: 500, body: 'down' }, { status: 200, body: 'ok' });
    const first = await fire(event(pub.id, { leadId: 'LEAD-RETRY' }));
    expect(first).toHaveLength(1);
    t.clock.advance(31_000);
    while ((await worker.runOnce()) > 0) {}
    const log = await t.call(
      'GET',
      '/api/admin/outbound-requests?kind=publisher_postback&subject_id=LEAD-RETRY',
      { token },
    );
    expect(log.body.data.map((r: any) => r.response_status).sort()).toEqual([200, 500]);

    tracker.respondWith({ status: 404, body: 'no such postback' });
    await fire(event(pub.id, { leadId: 'LEAD-404' }));
    const jobs = await t.call('GET', '/api/admin/jobs?type=publisher_postback&status=failed', { token });
    expect(jobs.body.data.some((j: any) => j.attempts === 1 && String(j.last_error).includes('404'))).toBe(
      true,
    );
  });

  it('sends a test postback and shows the exact URL and the tracker answer', async () => {
    const pub = await makePublisher(t, token);
    const pb = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: `${tracker.url}/t?c={click_id}&s={status}` },
    });
    tracker.respondWith({ status: 200, body: 'conversion recorded' });
    const r = await t.call('POST', `/api/publisher/postbacks/${pb.body.id}/test`, {
      token: pub.token,
      body: { event: 'lead' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      url: `${tracker.url}/t?c=TEST-CLICK-ID&s=lead`,
      method: 'GET',
      outcome: 'response',
      response_status: 200,
      response_body: 'conversion recorded',
    });
  });
});

describe("the publisher's single postback URL (seed 000)", () => {
  it('is kept as the default global postback and follows the 24-hour rule', async () => {
    const pub = await makePublisher(t, token, {
      postback_url: `${tracker.url}/first?c={click_id}&s={status}&p={payout}`,
    });
    const list = await t.call('GET', `/api/admin/publishers/${pub.id}/postbacks`, { token });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({
      url: `${tracker.url}/first?c={click_id}&s={status}&p={payout}`,
      offer_id: null,
    });
    const [got] = await fire(event(pub.id, { event: 'lead', status: 'processing', publisherPayout: 0 }));
    expect(got?.url).toBe('/first?c=01KT1CLICK00000000000000AA&s=lead&p=0.00');

    await t.call('PATCH', `/api/admin/publishers/${pub.id}`, {
      token,
      body: { postback_url: `${tracker.url}/second?c={click_id}` },
    });
    expect((await fire(event(pub.id)))[0]?.url.split('?')[0]).toBe('/first');
    t.clock.advance(24 * 3_600_000 + 1000);
    token = await t.adminToken({ fresh: true });
    expect((await fire(event(pub.id)))[0]?.url.split('?')[0]).toBe('/second');

    const bad = await t.call('PATCH', `/api/admin/publishers/${pub.id}`, {
      token,
      body: { postback_url: 'https://x.example/?a={nope}' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.field).toBe('postback_url');
    await t.call('PATCH', `/api/admin/publishers/${pub.id}`, { token, body: { postback_url: null } });
    expect((await t.call('GET', `/api/admin/publishers/${pub.id}/postbacks`, { token })).body.data).toEqual(
      [],
    );
  });
});
