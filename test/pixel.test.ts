import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import {
  conversionsOfLead,
  count,
  lastLog,
  leadsOfClick,
  ledgerOf,
  makeClick,
  makeNetwork,
  type Network,
  query,
  trackPostback,
} from './helpers/conversions.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makePublisher } from './helpers/fixtures.js';
import { signPixel } from './helpers/pixel.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
let tracker: FakeServer;
let graph: FakeServer;
let worker: Worker;

const GOALS = [
  { key: 'reg', aliases: ['signup'], adv_payout: '3.00', pub_payout: '2.00' },
  { key: 'sale', aliases: ['purchase'], adv_payout: '10.00', pub_payout: '5.00', revshare_percent: '30' },
];

beforeAll(async () => {
  tracker = await startFakeServer();
  graph = await startFakeServer({ status: 200, body: '{"events_received":1}' });
  t = await createTestApp({
    env: { TRUST_PROXY: '1', ALLOW_PRIVATE_TARGETS: '1', FB_GRAPH_URL: graph.url },
  });
  // Pixel tracking is an opt-in per offer; these tests record several pixels on one click.
  net = await makeNetwork(t, { goals: GOALS, pixel_mode: 'approved', pixel_max_per_click: 10 });
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await tracker.close();
  await graph.close();
});

function pixel(params: Record<string, string | undefined>, cookie?: string) {
  return t.call('GET', `/pixel.gif?${query(params)}`, cookie ? { headers: { cookie } } : {});
}

function expectGif(r: { status: number; headers: Record<string, unknown>; rawBody?: unknown }) {
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toBe('image/gif');
  expect(r.headers['cache-control']).toContain('no-store');
}

describe('GET /pixel.gif', () => {
  it('records an approved conversion on the goal for an explicit click_id, and answers the GIF', async () => {
    const clickId = await makeClick(t, net);
    const r = await pixel({ click_id: clickId, goal: 'signup', order_id: 'A-1' });
    expectGif(r);
    expect(r.headers['x-pixel-result']).toBe('ok');
    const [lead] = await leadsOfClick(t, clickId);
    expect(lead).toMatchObject({ source: 'pixel', status: 'approved', goal: 'reg' });
    const [conversion] = await conversionsOfLead(t, lead!.id);
    expect(conversion).toMatchObject({
      status: 'approved',
      goal: 'reg',
      external_payment_id: `pixel:${net.offer.id}:A-1`,
    });
    expect(Number(conversion!.adv_payout)).toBe(300);
    expect(Number(conversion!.pub_payout)).toBe(200);
    const log = await lastLog(t);
    expect(log).toMatchObject({
      endpoint: 'pixel',
      answer_status: 200,
      answer_code: 'ok',
      click_id: clickId,
    });
    expect(await ledgerOf(t, conversion!.id)).toMatchObject({ advertiser_receivable: 300 });
  });

  it('reads the click from the lr_click cookie set at click time', async () => {
    const r = await t.call('GET', `/click?offer_id=${net.offer.id}&pub_id=${net.publisher.id}`, {
      headers: { 'x-forwarded-for': '8.8.4.4', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0' },
    });
    const cookie = String(r.headers['set-cookie']).split(';')[0]!;
    const clickId = cookie.split('=')[1]!;
    const fired = await pixel({ offer: net.offer.id, order_id: 'C-1' }, cookie);
    expect(fired.headers['x-pixel-result']).toBe('ok');
    const [lead] = await leadsOfClick(t, clickId);
    expect(lead).toMatchObject({ status: 'approved', goal: null });
  });

  it('ignores a click_id macro the thank-you page left unfilled and reads the cookie instead', async () => {
    const r = await t.call('GET', `/click?offer_id=${net.offer.id}&pub_id=${net.publisher.id}`, {
      headers: { 'x-forwarded-for': '8.8.4.5', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0' },
    });
    const cookie = String(r.headers['set-cookie']).split(';')[0]!;
    const clickId = cookie.split('=')[1]!;
    for (const [macro, order] of [
      ['{click_id}', 'M-1'],
      ['{click}', 'M-2'],
    ] as const) {
      const fired = await pixel({ click_id: macro, order_id: order }, cookie);
      expect(fired.headers['x-pixel-result'], macro).toBe('ok');
      expect((await lastLog(t)).params.click_id).toBe(`${clickId} (cookie; ${macro} left unfilled)`);
    }
    expect(await leadsOfClick(t, clickId)).toHaveLength(1);
    // Without the cookie the unfilled macro is no click, and the answer says so.
    const before = await count(t, 'conversions');
    const bare = await pixel({ click_id: '{click_id}', order_id: 'M-3' });
    expectGif(bare);
    expect(bare.headers['x-pixel-result']).toBe('no-click');
    expect((await lastLog(t)).message).toContain('unfilled macro {click_id}');
    expect(await count(t, 'conversions')).toBe(before);
  });

  it('records a repeated order_id once, and a reload without an order once per goal', async () => {
    const clickId = await makeClick(t, net);
    expect((await pixel({ click_id: clickId, order_id: 'R-1', goal: 'reg' })).headers['x-pixel-result']).toBe(
      'ok',
    );
    const again = await pixel({ click_id: clickId, order_id: 'R-1', goal: 'reg', status: 'cancelled' });
    expectGif(again);
    expect(again.headers['x-pixel-result']).toBe('duplicate-order');
    expect((await lastLog(t)).answer_code).toBe('duplicate-order');
    expect(
      (await pixel({ click_id: clickId, goal: 'sale', amount: '50.00' })).headers['x-pixel-result'],
    ).toBe('ok');
    expect(
      (await pixel({ click_id: clickId, goal: 'sale', amount: '50.00' })).headers['x-pixel-result'],
    ).toBe('duplicate-order');
    const [lead] = await leadsOfClick(t, clickId);
    const conversions = await conversionsOfLead(t, lead!.id);
    expect(conversions.map((c) => c.status)).toEqual(['approved', 'approved']);
  });

  it("turns a signed pixel's amount into the payout of a revenue-share goal only", async () => {
    const clickId = await makeClick(t, net);
    const order = { goal: 'purchase', amount: '200.00', currency: 'USD', order_id: 'S-9' };
    const sig = signPixel(net.offer.pixel_key, { click_id: clickId, ...order });
    const fired = await pixel({ click_id: clickId, ...order, sig });
    expect(fired.headers['x-pixel-result']).toBe('ok');
    const [lead] = await leadsOfClick(t, clickId);
    const [conversion] = await conversionsOfLead(t, lead!.id);
    // 30% of 200.00; the publisher keeps the goal's 5/10 share of it.
    expect(conversion).toMatchObject({ goal: 'sale', gross_currency: 'USD' });
    expect(Number(conversion!.adv_payout)).toBe(6000);
    expect(Number(conversion!.pub_payout)).toBe(3000);
    expect(Number(conversion!.gross_amount)).toBe(20000);
  });

  it('logs an unknown, expired or missing click and records nothing, still answering the GIF', async () => {
    const before = await count(t, 'conversions');
    const unknown = await pixel({ click_id: '01KT1GW6G0H2PTE0RGGBQX2MJD', order_id: 'X' });
    expectGif(unknown);
    expect(await lastLog(t)).toMatchObject({ answer_status: 404, answer_code: 'bad-click' });
    const none = await pixel({ order_id: 'Y' });
    expectGif(none);
    expect(await lastLog(t)).toMatchObject({ answer_status: 422, answer_code: 'no-click' });
    const clickId = await makeClick(t, net);
    const badGoal = await pixel({ click_id: clickId, goal: 'nope' });
    expect(badGoal.headers['x-pixel-result']).toBe('bad-goal');
    const badAmount = await pixel({ click_id: clickId, amount: '1e9' });
    expect(badAmount.headers['x-pixel-result']).toBe('bad-payout');
    const otherOffer = await pixel({ click_id: clickId, offer: '999999' });
    expect(otherOffer.headers['x-pixel-result']).toBe('access');
    t.clock.advance(61 * 24 * 3_600_000);
    const expired = await pixel({ click_id: clickId, order_id: 'Z' });
    expectGif(expired);
    expect(await lastLog(t)).toMatchObject({ answer_code: 'bad-click' });
    expect((await lastLog(t)).message).toContain('older than 60 days');
    expect(await count(t, 'conversions')).toBe(before);
  });
});

describe('a pixel conversion tells the publisher as a postback does', () => {
  it("fires the publisher's postback and the Facebook CAPI event, the same as an advertiser postback", async () => {
    // Earlier tests moved the clock past the admin session's life.
    const pub = await makePublisher(t, await t.adminToken({ fresh: true }));
    const saved = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: {
        url: `${tracker.url}/pb?c={click_id}&s={status}&e={event}&p={payout}&g={goal}&cur={currency}`,
      },
    });
    expect(saved.status).toBe(201);
    const capi = await t.call('PUT', '/api/publisher/capi', {
      token: pub.token,
      body: { pixel_id: '555000222', token: 'EAAB-pixel-test-token' },
    });
    expect(capi.status).toBe(200);
    const network = { offer: net.offer, publisher: pub };
    const byPixel = await makeClick(t, network, '&fbclid=IwAR0pixel');
    const byPostback = await makeClick(t, network, '&fbclid=IwAR0pixel');

    const sent = async (work: () => Promise<unknown>, clickId: string) => {
      const [trackerBefore, graphBefore] = [tracker.requests.length, graph.requests.length];
      await work();
      while ((await worker.runOnce()) > 0) {}
      return {
        postbacks: tracker.requests.slice(trackerBefore).map((r) => r.url.replace(clickId, 'CLICK')),
        capi: graph.requests.slice(graphBefore).map((r) => {
          const body = JSON.parse(r.body);
          const [event] = body.data;
          return {
            url: r.url,
            token: body.access_token,
            event_name: event.event_name,
            custom_data: event.custom_data,
            fbc: String(event.user_data.fbc).replace(/^fb\.1\.\d+\./, 'fb.1.T.'),
          };
        }),
      };
    };
    const fromPixel = await sent(async () => {
      const r = await pixel({ click_id: byPixel, goal: 'reg', order_id: 'T-1' });
      expect(r.headers['x-pixel-result']).toBe('ok');
    }, byPixel);
    const fromPostback = await sent(async () => {
      const r = await trackPostback(t, {
        id: net.advertiser.postback_token,
        click: byPostback,
        status: 'approved',
        goal: 'reg',
        auto: '1',
      });
      expect(r.status, r.text).toBe(200);
    }, byPostback);

    expect(fromPixel.postbacks).toContain('/pb?c=CLICK&s=approved&e=approved&p=2.00&g=reg&cur=USD');
    expect(fromPixel.capi).toContainEqual({
      url: '/v21.0/555000222/events',
      token: 'EAAB-pixel-test-token',
      event_name: 'Purchase',
      custom_data: { value: 2, currency: 'USD' },
      fbc: 'fb.1.T.IwAR0pixel',
    });
    expect(fromPixel).toEqual(fromPostback);
  });
});

describe('the /pixel.js script on a thank-you page', () => {
  /** Run the served script as a browser would, with only what it touches: the tag, the page URL, Image. */
  async function runScript(scriptSrc: string, pageUrl: string): Promise<string[]> {
    const script = (await t.call('GET', '/pixel.js')).text;
    const images: { src?: string }[] = [];
    class FakeImage {
      src?: string;
      referrerPolicy?: string;
      constructor() {
        images.push(this);
      }
    }
    const page = new URL(pageUrl);
    runInNewContext(script, {
      document: { currentScript: { src: scriptSrc } },
      location: { href: page.href, search: page.search },
      URL,
      URLSearchParams,
      Image: FakeImage,
    });
    return images.map((i) => i.src ?? '');
  }

  it("builds the pixel URL from the tag and the page's own parameters, then records it", async () => {
    const clickId = await makeClick(t, net);
    const [src] = await runScript(
      `http://leadrail.test/pixel.js?offer=${net.offer.id}&goal=sale&currency=USD`,
      `https://shop.example/thanks?order_id=JS-1&amount=120.00&subid=${clickId}&goal=reg`,
    );
    const url = new URL(src!);
    expect(`${url.origin}${url.pathname}`).toBe('http://leadrail.test/pixel.gif');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      offer: net.offer.id,
      goal: 'sale',
      currency: 'USD',
      order_id: 'JS-1',
      amount: '120.00',
      click_id: clickId,
    });
    const fired = await t.call('GET', `${url.pathname}${url.search}`);
    expect(fired.headers['x-pixel-result']).toBe('ok');
    const [lead] = await leadsOfClick(t, clickId);
    expect((await conversionsOfLead(t, lead!.id))[0]).toMatchObject({
      goal: 'sale',
      external_payment_id: `pixel:${net.offer.id}:JS-1`,
    });
  });

  it('passes over unfilled macros: the page alias wins, and with none the click is left to the cookie', async () => {
    const [fromAlias] = await runScript(
      'http://leadrail.test/pixel.js?offer=7&click_id={click_id}',
      'https://shop.example/thanks?click_id={click_id}&clickid=01KT1GW6G0H2PTE0RGGBQX2MJD&order_id={order_id}',
    );
    expect(Object.fromEntries(new URL(fromAlias!).searchParams)).toEqual({
      offer: '7',
      click_id: '01KT1GW6G0H2PTE0RGGBQX2MJD',
    });
    const [none] = await runScript(
      'http://leadrail.test/pixel.js?offer=7&click_id={click_id}',
      'https://shop.example/thanks?order_id=N-1',
    );
    expect(none).toBe('http://leadrail.test/pixel.gif?offer=7&order_id=N-1');
  });
});

describe('HEAD /pixel.gif', () => {
  it('records nothing', async () => {
    const clickId = await makeClick(t, net);
    const r = await t.call('HEAD', `/pixel.gif?click_id=${clickId}&order_id=H-1`);
    expect(r.status).toBe(200);
    expect(await leadsOfClick(t, clickId)).toHaveLength(0);
  });
});

describe('GET /pixel.js and the admin snippet', () => {
  it('serves the thank-you page script', async () => {
    const r = await t.call('GET', '/pixel.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('application/javascript');
    expect(r.text).toContain('/pixel.gif?');
    expect(r.text).toContain("page.get('click')");
  });

  it('gives the admin the img and script tags with the offer filled', async () => {
    // The clock moved past the session's life in the test above.
    const token = await t.adminToken({ fresh: true });
    const r = await t.call('GET', `/api/admin/offers/${net.offer.id}/pixel`, { token });
    expect(r.status).toBe(200);
    expect(r.body.img).toContain(`http://leadrail.test/pixel.gif?offer=${net.offer.id}&amp;`);
    expect(r.body.script).toBe(
      `<script src="http://leadrail.test/pixel.js?offer=${net.offer.id}&amp;currency=USD" async></script>`,
    );
    // Each note in English and, in the same order, as a code with its values (the admin panel says
    // them in the reader's language).
    expect(r.body.note_codes).toEqual([
      { code: 'approved', params: {} },
      { code: 'per_click', params: { count: 10 } },
      { code: 'unsigned', params: {} },
      { code: 'order', params: {} },
      { code: 'click_id', params: { macro: '{click_id}' } },
      { code: 'script', params: {} },
    ]);
    expect(r.body.notes).toHaveLength(r.body.note_codes.length);
    expect(r.body.notes[1]).toBe(
      'At most 10 pixel conversions per click (pixel_max_per_click); more are refused and listed as fraud events.',
    );
    expect(r.body.notes[4]).toContain('receives it as {click_id} in the landing URL');
    expect((await t.call('GET', '/api/admin/offers/999999/pixel', { token })).status).toBe(404);
    expect((await t.call('GET', `/api/admin/offers/${net.offer.id}/pixel`)).status).toBe(401);
  });
});
