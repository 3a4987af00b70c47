import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
let other: { id: string; token: string };
let second: { id: string };
const day1 = '2026-06-01';
const day2 = '2026-06-02';

async function lead(clickId: string, phone: string) {
  const r = await t.call('POST', '/api/lead', {
    body: { click_id: clickId, name: 'Lead', phone },
    headers: { 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
  });
  if (r.status !== 201) throw new Error(r.text);
}

/**
 * Known data for the signed-in publisher: day 1 — 2 clicks on the USD offer (1 lead, approved at
 * 7.50) and 1 click on a EUR offer; day 2 — 1 click, 1 lead on hold (7.50). Another publisher's
 * click and lead on day 1 must never show.
 */
beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
  const token = net.advertiser.postback_token;
  second = await makeOffer(t, net.token, {
    advertiser_id: net.advertiser.id,
    geo: '',
    adv_payout: '5.00',
    pub_payout: '4.00',
    currency: 'EUR',
  });
  t.clock.set(`${day1}T10:00:00Z`);
  const c1 = await makeClick(t, net, '-a');
  await makeClick(t, net, '-b');
  await makeClick(t, { offer: { id: second.id } as Network['offer'], publisher: net.publisher }, '-a');
  await lead(c1, '+919876543210');
  await postback(t, { click_id: c1, status: 'approved', token });
  other = await makePublisher(t, net.token);
  const foreign = await makeClick(t, { offer: net.offer, publisher: other });
  await lead(foreign, '+919876543299');
  await postback(t, { click_id: foreign, status: 'approved', token });
  t.clock.set(`${day2}T10:00:00Z`);
  const c4 = await makeClick(t, net, '-b');
  await lead(c4, '+919876543212');
  await postback(t, { click_id: c4, status: 'hold', token });
  await t.ctx.clickWriter.flush();
});
afterAll(() => t.close());

const stats = (q: string, token = net.publisher.token) =>
  t.call('GET', `/api/publisher/stats?${q}`, { token });

describe('GET /api/publisher/stats (portal session)', () => {
  it('answers the signed-in publisher’s figures per day and currency, defaulting to the last 30 days', async () => {
    const r = await stats('');
    expect(r.status).toBe(200);
    expect(r.body.group).toBe('day');
    expect([r.body.from, r.body.to]).toEqual(['2026-05-04', day2]);
    expect(r.body.data).toEqual([
      {
        key: day1,
        currency: 'EUR',
        clicks: 1,
        unique_clicks: 1,
        leads: 0,
        approved: 0,
        payout: '0.00',
        epc: '0.00',
      },
      {
        key: day1,
        currency: 'USD',
        clicks: 2,
        unique_clicks: 2,
        leads: 1,
        approved: 1,
        payout: '7.50',
        epc: '3.75',
      },
      {
        key: day2,
        currency: 'USD',
        clicks: 1,
        unique_clicks: 1,
        leads: 1,
        approved: 0,
        payout: '7.50',
        epc: '7.50',
      },
    ]);
  });

  it('groups by offer or sub1 and filters by offer and range', async () => {
    const byOffer = await stats(`from=${day1}&to=${day2}&group=offer`);
    expect(byOffer.body.data.map((r: any) => [r.key, r.currency, r.clicks, r.payout])).toEqual([
      [net.offer.id, 'USD', 3, '15.00'],
      [second.id, 'EUR', 1, '0.00'],
    ]);
    const bySub = await stats(`from=${day1}&to=${day1}&group=sub1&offer_id=${net.offer.id}`);
    expect(bySub.body.data.map((r: any) => [r.key, r.clicks, r.leads, r.payout])).toEqual([
      ['camp-a', 1, 1, '7.50'],
      ['camp-b', 1, 0, '0.00'],
    ]);
  });

  it('shows another publisher only their own traffic', async () => {
    const r = await stats(`from=${day1}&to=${day2}`, other.token);
    expect(r.body.data.map((row: any) => [row.key, row.clicks, row.leads, row.payout])).toEqual([
      [day1, 1, 1, '7.50'],
    ]);
  });

  it('refuses bad filters in words and callers that are not a signed-in publisher', async () => {
    const inverted = await stats(`from=${day2}&to=${day1}`);
    expect(inverted.status).toBe(422);
    expect(inverted.body.field).toBe('to');
    expect((await stats('from=2025-01-01&to=2026-06-01')).status).toBe(422);
    const badGroup = await stats('group=country');
    expect(badGroup.status).toBe(400);
    expect((await stats('from=June')).status).toBe(400);
    expect((await stats('token=x')).status).toBe(400);
    expect((await t.call('GET', '/api/publisher/stats')).status).toBe(401);
    expect((await stats('', net.token)).status).toBe(403);
  });
});
