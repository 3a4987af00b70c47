import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
} from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;

const GOALS = [
  { key: 'reg', aliases: ['signup'], adv_payout: '3.00', pub_payout: '2.00' },
  { key: 'sale', aliases: ['purchase'], adv_payout: '10.00', pub_payout: '5.00', revshare_percent: '30' },
];

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t, { goals: GOALS });
});
afterAll(() => t.close());

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

  it('turns amount into the payout of a revenue-share goal only', async () => {
    const clickId = await makeClick(t, net);
    await pixel({ click_id: clickId, goal: 'purchase', amount: '200.00', currency: 'USD', order_id: 'S-9' });
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
    expect((await t.call('GET', '/api/admin/offers/999999/pixel', { token })).status).toBe(404);
    expect((await t.call('GET', `/api/admin/offers/${net.offer.id}/pixel`)).status).toBe(401);
  });
});
