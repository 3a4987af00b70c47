import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { makeOffer } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
const day1 = '2026-06-08';
const day2 = '2026-06-09';
const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36';

async function lead(clickId: string, phone: string) {
  const r = await t.call('POST', '/api/lead', {
    body: { click_id: clickId, name: 'Lead', phone },
    headers: { 'user-agent': BROWSER },
  });
  if (r.status !== 201) throw new Error(r.text);
  return r.body as { id: string; status: string };
}

/**
 * Known network. Day 1: 4 USD clicks (10.00 / 7.50), leads on 3 of them (one a duplicate phone),
 * one approved, one on hold; a bot click refused. Day 2: 2 EUR clicks (20.00 / 15.00) with leads,
 * one approved; day 1's approval cancelled (a reversal on day 2); a USD click, lead, approved; a
 * click through a flow; a second flow with no clicks.
 */
beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1', PAYOUT_MINIMUM: '0' } });
  net = await makeNetwork(t);
  const token = net.advertiser.postback_token;
  const euro = await makeOffer(t, net.token, {
    advertiser_id: net.advertiser.id,
    geo: '',
    adv_payout: '20.00',
    pub_payout: '15.00',
    currency: 'EUR',
  });
  t.clock.set(`${day1}T10:00:00Z`);
  const [c1, c2, c3] = [await makeClick(t, net), await makeClick(t, net), await makeClick(t, net)];
  await makeClick(t, net);
  const bot = await t.call('GET', `/click?offer_id=${net.offer.id}&pub_id=${net.publisher.id}`, {
    headers: {
      'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)',
      'x-forwarded-for': '9.9.9.9',
    },
  });
  expect(bot.status).not.toBe(302);
  await lead(c1 as string, '+919876543210');
  expect((await lead(c2 as string, '+919876543210')).status).toBe('duplicate');
  await lead(c3 as string, '+919876543212');
  await postback(t, { click_id: c1, status: 'approved', token });
  await postback(t, { click_id: c3, status: 'hold', token });

  t.clock.set(`${day2}T10:00:00Z`);
  const e1 = await makeClick(t, { offer: euro, publisher: net.publisher });
  const e2 = await makeClick(t, { offer: euro, publisher: net.publisher });
  await lead(e1, '+919876543220');
  await lead(e2, '+919876543221');
  await postback(t, { click_id: e1, status: 'approved', token });
  await postback(t, { click_id: c1, status: 'cancelled', token });
  const c5 = await makeClick(t, net);
  await lead(c5, '+919876543230');
  await postback(t, { click_id: c5, status: 'approved', token });
  const flow = await t.call('POST', '/api/publisher/flows', {
    token: net.publisher.token,
    body: { offer_id: net.offer.id, name: 'FB', code: 'fb-main' },
  });
  expect(flow.status).toBe(201);
  await t.call('POST', '/api/publisher/flows', {
    token: net.publisher.token,
    body: { offer_id: net.offer.id, name: 'idle', code: 'idle-one' },
  });
  const viaFlow = await t.call('GET', '/f/fb-main', {
    headers: { 'user-agent': BROWSER, 'x-forwarded-for': '8.200.1.1' },
  });
  expect(viaFlow.status).toBe(302);
  await t.ctx.clickWriter.flush();
  t.clock.set(`${day2}T12:00:00Z`);
});
afterAll(() => t.close());

describe('GET /api/admin/dashboard', () => {
  it('counts every card to the cent over 7 days, money per currency, reversals on the day they happened', async () => {
    const r = await t.call('GET', '/api/admin/dashboard?period=7d', { token: net.token });
    expect(r.status).toBe(200);
    const { series, ...cards } = r.body;
    expect(cards).toEqual({
      period: '7d',
      tz: 'UTC',
      from: '2026-06-03T00:00:00.000Z',
      to: '2026-06-10T00:00:00.000Z',
      clicks: 8,
      rejected_clicks: 1,
      leads: 5,
      conversions: 2,
      hold: 1,
      approval_percent: '60.00',
      // Seed 002: flows in Active status (both), of which one had clicks.
      active_flows: 2,
      flows_with_clicks: 1,
      report_currency: null,
      missing_rates: [],
      money: [
        // EPC counts hold as confirmed money (seed 003): 20.00 over 2 EUR clicks; USD 10.00 approved
        // (c5) + 10.00 on hold (c3) over 6 clicks.
        { currency: 'EUR', revenue: '20.00', publisher_payouts: '15.00', profit: '5.00', epc: '10.00' },
        { currency: 'USD', revenue: '10.00', publisher_payouts: '7.50', profit: '2.50', epc: '3.33' },
      ],
    });
    expect(series).toHaveLength(7);
    expect(
      series
        .slice(0, 5)
        .every((d: { clicks: number; money: unknown[] }) => d.clicks === 0 && d.money.length === 0),
    ).toBe(true);
    expect(series[5]).toEqual({
      day: day1,
      clicks: 4,
      rejected_clicks: 1,
      leads: 2,
      conversions: 0,
      hold: 1,
      money: [{ currency: 'USD', revenue: '10.00', publisher_payouts: '7.50', profit: '2.50' }],
    });
    expect(series[6]).toEqual({
      day: day2,
      clicks: 4,
      rejected_clicks: 0,
      leads: 3,
      conversions: 2,
      hold: 0,
      money: [
        { currency: 'EUR', revenue: '20.00', publisher_payouts: '15.00', profit: '5.00' },
        { currency: 'USD', revenue: '0.00', publisher_payouts: '0.00', profit: '0.00' },
      ],
    });
  });

  it('today is since midnight UTC: the cancellation takes back day 1’s approval', async () => {
    const r = await t.call('GET', '/api/admin/dashboard?period=today', { token: net.token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      from: `${day2}T00:00:00.000Z`,
      clicks: 4,
      leads: 3,
      conversions: 2,
      approval_percent: '66.67',
      money: [
        { currency: 'EUR', revenue: '20.00', profit: '5.00', epc: '10.00' },
        { currency: 'USD', revenue: '0.00', publisher_payouts: '0.00', profit: '0.00', epc: '0.00' },
      ],
    });
    expect(r.body.series).toHaveLength(1);
  });

  it('refuses an unknown period', async () => {
    const r = await t.call('GET', '/api/admin/dashboard?period=90d', { token: net.token });
    expect(r.status).toBe(400);
    expect((await t.call('GET', '/api/admin/dashboard')).status).toBe(401);
  });
});

describe('GET /api/admin/finance', () => {
  it('sums cards, advertiser revenue and publisher balances over the ledger, payouts included', async () => {
    const body = { currency: 'USD', method: 'paypal', account: 'arjun@example.com' };
    const paidOut = await t.call('POST', '/api/publisher/payouts', {
      token: net.publisher.token,
      body: { ...body, amount: '5.00' },
    });
    expect(paidOut.status).toBe(201);
    expect(
      (
        await t.call('POST', `/api/admin/payouts/${paidOut.body.id}/pay`, {
          token: net.token,
          body: { reference: 'PP-1' },
        })
      ).status,
    ).toBe(200);
    const open = await t.call('POST', '/api/publisher/payouts', {
      token: net.publisher.token,
      body: { ...body, amount: '2.00' },
    });
    expect(open.status).toBe(201);

    const r = await t.call('GET', '/api/admin/finance', { token: net.token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      from: null,
      to: null,
      tz: 'UTC',
      report_currency: null,
      missing_rates: [],
      cards: [
        {
          currency: 'EUR',
          advertiser_revenue: '20.00',
          owed_to_publishers: '15.00',
          clawbacks_outstanding: '0.00',
          already_paid: '0.00',
          net_profit: '5.00',
          to_collect: '20.00',
        },
        // Owed: approved 7.50 − 5.00 paid + 7.50 on hold.
        {
          currency: 'USD',
          advertiser_revenue: '10.00',
          owed_to_publishers: '10.00',
          clawbacks_outstanding: '0.00',
          already_paid: '5.00',
          net_profit: '2.50',
          to_collect: '10.00',
        },
      ],
      advertisers: [
        {
          advertiser_id: net.advertiser.id,
          name: 'WhoCPA',
          currency: 'EUR',
          conversions: 1,
          reversed: 0,
          revenue: '20.00',
          pending: '0.00',
          invoiced: '0.00',
          received: '0.00',
          to_collect: '20.00',
        },
        {
          advertiser_id: net.advertiser.id,
          name: 'WhoCPA',
          currency: 'USD',
          conversions: 1,
          // Day 1's conversion, approved and cancelled: its net over the ledger is 0, yet it was reversed.
          reversed: 1,
          revenue: '10.00',
          pending: '10.00',
          invoiced: '0.00',
          received: '0.00',
          to_collect: '10.00',
        },
      ],
      publishers: [
        {
          publisher_id: net.publisher.id,
          name: 'Arjun Media',
          currency: 'EUR',
          approved: '15.00',
          pending: '0.00',
          paid: '0.00',
          clawback_outstanding: '0.00',
          requested: '0.00',
          payable: '15.00',
        },
        {
          publisher_id: net.publisher.id,
          name: 'Arjun Media',
          currency: 'USD',
          approved: '2.50',
          pending: '7.50',
          paid: '5.00',
          clawback_outstanding: '0.00',
          requested: '2.00',
          payable: '0.50',
        },
      ],
    });
  });

  it('breaks advertiser revenue down by a date range, the reversal on its own day', async () => {
    const day2Only = await t.call('GET', `/api/admin/finance?from=${day2}&to=${day2}`, { token: net.token });
    expect(day2Only.status).toBe(200);
    expect(day2Only.body.from).toBe(`${day2}T00:00:00.000Z`);
    expect(day2Only.body.advertisers).toEqual([
      {
        advertiser_id: net.advertiser.id,
        name: 'WhoCPA',
        currency: 'EUR',
        conversions: 1,
        reversed: 0,
        revenue: '20.00',
        pending: '0.00',
        invoiced: '0.00',
        received: '0.00',
        to_collect: '20.00',
      },
      {
        advertiser_id: net.advertiser.id,
        name: 'WhoCPA',
        currency: 'USD',
        conversions: 1,
        reversed: 1,
        revenue: '0.00',
        pending: '10.00',
        invoiced: '0.00',
        received: '0.00',
        to_collect: '0.00',
      },
    ]);
    const day1Only = await t.call('GET', `/api/admin/finance?from=${day1}&to=${day1}`, { token: net.token });
    expect(day1Only.body.advertisers).toEqual([
      {
        advertiser_id: net.advertiser.id,
        name: 'WhoCPA',
        currency: 'USD',
        conversions: 1,
        reversed: 0,
        revenue: '10.00',
        pending: '10.00',
        invoiced: '0.00',
        received: '0.00',
        to_collect: '10.00',
      },
    ]);
  });

  it('refuses an inverted, half-given, over-long or malformed range', async () => {
    const cases: [string, number][] = [
      [`from=${day2}&to=${day1}`, 422],
      [`from=${day1}`, 422],
      ['from=2024-01-01&to=2026-06-09', 422],
      ['from=yesterday&to=2026-06-09', 400],
    ];
    for (const [q, status] of cases) {
      expect((await t.call('GET', `/api/admin/finance?${q}`, { token: net.token })).status, q).toBe(status);
    }
  });
});

describe('GET /api/admin/reports/conversion-stats', () => {
  const url = (q: string) => `/api/admin/reports/conversion-stats?${q}`;
  const zero = { qty: 0, percent: '0.00', sum: '0.00', avg: '0.00' };

  it('groups one currency’s leads by day with Total and six status groups of Qty, %, Sum, Avg', async () => {
    const r = await t.call('GET', url(`from=${day1}&to=${day2}`), { token: net.token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      from: day1,
      to: day2,
      group_by: 'date',
      granularity: 'day',
      currency: 'USD',
    });
    expect(r.body.data).toEqual([
      {
        key: day1,
        label: day1,
        // c1 (cancelled, priced 10.00), c2 (duplicate, no conversion), c3 (hold, 10.00).
        total: { qty: 3, sum: '20.00', avg: '6.67' },
        processing: zero,
        cancelled: { qty: 1, percent: '33.33', sum: '10.00', avg: '10.00' },
        accepted: zero,
        wrong_number: zero,
        spam: zero,
        duplicate: { qty: 1, percent: '33.33', sum: '0.00', avg: '0.00' },
      },
      {
        key: day2,
        label: day2,
        total: { qty: 1, sum: '10.00', avg: '10.00' },
        processing: zero,
        cancelled: zero,
        accepted: { qty: 1, percent: '100.00', sum: '10.00', avg: '10.00' },
        wrong_number: zero,
        spam: zero,
        duplicate: zero,
      },
    ]);
  });

  it('folds days into weeks (named by Monday) and months', async () => {
    const week = await t.call('GET', url(`from=${day1}&to=${day2}&granularity=week`), { token: net.token });
    expect(week.body.data).toHaveLength(1);
    expect(week.body.data[0]).toMatchObject({
      key: '2026-06-08',
      total: { qty: 4, sum: '30.00', avg: '7.50' },
      accepted: { qty: 1, percent: '25.00', sum: '10.00', avg: '10.00' },
    });
    const month = await t.call('GET', url(`from=${day1}&to=${day2}&granularity=month`), { token: net.token });
    expect(month.body.data.map((d: { key: string }) => d.key)).toEqual(['2026-06']);
  });

  it('applies currency, offer and publisher filters before aggregating', async () => {
    const euro = await t.call('GET', url(`from=${day1}&to=${day2}&group_by=offer&currency=EUR`), {
      token: net.token,
    });
    expect(euro.body.data).toHaveLength(1);
    expect(euro.body.data[0]).toMatchObject({
      label: 'Keto Slim',
      total: { qty: 2, sum: '20.00', avg: '10.00' },
      processing: { qty: 1, percent: '50.00', sum: '0.00', avg: '0.00' },
      accepted: { qty: 1, percent: '50.00', sum: '20.00', avg: '20.00' },
    });
    const byPublisher = await t.call('GET', url(`from=${day1}&to=${day2}&group_by=publisher`), {
      token: net.token,
    });
    expect(byPublisher.body.data.map((d: { key: string; label: string }) => [d.key, d.label])).toEqual([
      [net.publisher.id, 'Arjun Media'],
    ]);
    const nobody = await t.call(
      'GET',
      url(`from=${day1}&to=${day2}&offer_id=${net.offer.id}&publisher_id=999999`),
      { token: net.token },
    );
    expect(nobody.body.data).toEqual([]);
  });

  it('exports the 28 columns as TSV', async () => {
    const r = await t.call('GET', url(`from=${day1}&to=${day2}&format=tsv`), { token: net.token });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/tab-separated-values');
    const lines = r.text.trimEnd().split('\r\n');
    const header = lines[0]?.split('\t') ?? [];
    expect(header).toHaveLength(28);
    expect(header.slice(0, 8)).toEqual([
      'Date',
      'Total Qty',
      'Total Sum',
      'Total Avg',
      'Processing Qty',
      'Processing %',
      'Processing Sum',
      'Processing Avg',
    ]);
    expect(header.at(-1)).toBe('Duplicate Avg');
    expect(lines[1]?.split('\t')).toEqual([
      day1,
      '3',
      '20.00',
      '6.67',
      ...['0', '0.00', '0.00', '0.00'],
      ...['1', '33.33', '10.00', '10.00'],
      ...['0', '0.00', '0.00', '0.00'],
      ...['0', '0.00', '0.00', '0.00'],
      ...['0', '0.00', '0.00', '0.00'],
      ...['1', '33.33', '0.00', '0.00'],
    ]);
    expect(lines).toHaveLength(3);
  });

  it('refuses an inverted or over-long range and an unknown currency', async () => {
    for (const [q, status] of [
      [`from=${day2}&to=${day1}`, 422],
      ['from=2024-01-01&to=2026-06-09', 422],
      ['currency=ZZZ', 422],
      ['group_by=city', 400],
    ] as const) {
      expect((await t.call('GET', url(q), { token: net.token })).status, q).toBe(status);
    }
  });
});
