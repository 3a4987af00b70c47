import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { makeOffer } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
let euro: Network['offer'];
let pound: Network['offer'];
const day1 = '2026-06-01';
const day2 = '2026-06-02';

async function approve(offer: Network['offer']) {
  const click = await makeClick(t, { offer, publisher: net.publisher });
  const r = await postback(t, { click_id: click, status: 'approved', token: net.advertiser.postback_token });
  if (r.status !== 200) throw new Error(r.text);
  return click;
}

const get = (url: string) => t.call('GET', url, { token: net.token });

/**
 * Known network, base USD. Rates: EUR 1.10 from day 1, 1.20 from day 2; GBP has none.
 * Day 1: two USD conversions (10.00 / 7.50 each), one EUR (20.00 / 15.00 → at 1.10: 22.00 / 16.50).
 * Day 2: one EUR (at 1.20: 24.00 / 18.00), one GBP (30.00 / 20.00, no rate), and day 1's first USD
 * conversion cancelled (−10.00 / −7.50 posted on day 2).
 * In USD: revenue 20 + 22 + 24 − 10 = 56.00; payouts 15 + 16.50 + 18 − 7.50 = 42.00; profit 14.00.
 */
beforeAll(async () => {
  t = await createTestApp({ env: { PAYOUT_MINIMUM: '0' } });
  net = await makeNetwork(t);
  const offer = (currency: string, adv: string, pub: string) =>
    makeOffer(t, net.token, {
      advertiser_id: net.advertiser.id,
      geo: '',
      adv_payout: adv,
      pub_payout: pub,
      currency,
    });
  euro = await offer('EUR', '20.00', '15.00');
  pound = await offer('GBP', '30.00', '20.00');
  for (const [rate_date, rate] of [
    [day1, '1.10'],
    [day2, '1.2'],
  ]) {
    const r = await t.call('POST', '/api/admin/currency-rates', {
      token: net.token,
      body: { currency: 'EUR', rate_date, rate },
    });
    expect(r.status).toBe(201);
  }
  t.clock.set(`${day1}T10:00:00Z`);
  const first = await approve(net.offer);
  await approve(net.offer);
  await approve(euro);
  t.clock.set(`${day2}T10:00:00Z`);
  await approve(euro);
  await approve(pound);
  await postback(t, { click_id: first, status: 'cancelled', token: net.advertiser.postback_token });
  await t.ctx.clickWriter.flush();
  t.clock.set(`${day2}T12:00:00Z`);
});
afterAll(() => t.close());

const GBP_MISSING = [{ currency: 'GBP', date: day2 }];

describe('reports in a chosen currency', () => {
  it('dashboard: every conversion at its recorded rate, the GBP one listed as missing, not summed', async () => {
    const r = await get('/api/admin/dashboard?period=7d&currency=USD');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ report_currency: 'USD', missing_rates: GBP_MISSING, clicks: 5 });
    // EPC: 56.00 over the 5 accepted clicks of every currency.
    expect(r.body.money).toEqual([
      { currency: 'USD', revenue: '56.00', publisher_payouts: '42.00', profit: '14.00', epc: '11.20' },
    ]);
    const days = r.body.series.slice(-2).map((d: { money: unknown }) => d.money);
    expect(days).toEqual([
      [{ currency: 'USD', revenue: '42.00', publisher_payouts: '31.50', profit: '10.50' }],
      [{ currency: 'USD', revenue: '14.00', publisher_payouts: '10.50', profit: '3.50' }],
    ]);
  });

  it('dashboard without a currency keeps one figure per currency, GBP included', async () => {
    const r = await get('/api/admin/dashboard?period=7d');
    expect(r.body.report_currency).toBeNull();
    expect(
      r.body.money.map((m: { currency: string; revenue: string }) => `${m.currency} ${m.revenue}`),
    ).toEqual(['EUR 40.00', 'GBP 30.00', 'USD 10.00']);
  });

  it('dashboard in EUR: USD amounts at the EUR rate of their conversion day, rounded half away from zero', async () => {
    const r = await get('/api/admin/dashboard?period=7d&currency=EUR');
    // USD → EUR at day 1's 1.10: +20.00 → 18.18, −10.00 → −9.09; EUR stays: 40.00. 18.18 + 40 − 9.09.
    // Payouts: 15.00 → 13.64, −7.50 → −6.82, + 30.00. Profit: 5.00 → 4.55, −2.50 → −2.27, + 10.00.
    expect(r.body.money).toEqual([
      { currency: 'EUR', revenue: '49.09', publisher_payouts: '36.82', profit: '12.28', epc: '9.82' },
    ]);
    expect(r.body.missing_rates).toEqual(GBP_MISSING);
  });

  it('finance in USD: cards, advertiser revenue and publisher balances converted; payable at today’s rate', async () => {
    const r = await get('/api/admin/finance?currency=USD');
    expect(r.status).toBe(200);
    expect(r.body.missing_rates).toEqual(GBP_MISSING);
    expect(r.body.cards).toEqual([
      {
        currency: 'USD',
        advertiser_revenue: '56.00',
        owed_to_publishers: '42.00',
        already_paid: '0.00',
        net_profit: '14.00',
        to_collect: '56.00',
        clawbacks_outstanding: '0.00',
      },
    ]);
    expect(r.body.advertisers).toEqual([
      expect.objectContaining({ currency: 'USD', revenue: '56.00', conversions: 4, reversed: 1 }),
    ]);
    // Approved at each conversion's rate (42.00); payable now at today's EUR 1.20: 7.50 + 30.00 × 1.2.
    expect(r.body.publishers).toEqual([
      expect.objectContaining({ currency: 'USD', approved: '42.00', pending: '0.00', payable: '43.50' }),
    ]);
  });

  it('conversion statistics in a report currency take every offer’s leads and convert their sums', async () => {
    const r = await get(`/api/admin/reports/conversion-stats?from=${day1}&to=${day2}&report_currency=USD`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ currency: 'USD', report_currency: 'USD', missing_rates: GBP_MISSING });
    const [first, second] = r.body.data;
    // Day 1: the cancelled USD lead keeps its 10.00 payout in Total; accepted are 10.00 + 22.00.
    expect(first).toMatchObject({ key: day1, total: { qty: 3, sum: '42.00', avg: '14.00' } });
    expect(first.accepted).toMatchObject({ qty: 2, sum: '32.00', avg: '16.00' });
    expect(first.cancelled).toMatchObject({ qty: 1, sum: '10.00' });
    // Day 2: the EUR lead at 1.20; the GBP lead counted, its sum left out (listed as missing).
    expect(second).toMatchObject({ key: day2, total: { qty: 2, sum: '24.00' } });
    const plain = await get(`/api/admin/reports/conversion-stats?from=${day1}&to=${day2}&currency=EUR`);
    expect(plain.body).toMatchObject({ currency: 'EUR', report_currency: null, missing_rates: [] });
    expect(plain.body.data.map((d: { total: { sum: string } }) => d.total.sum)).toEqual(['20.00', '20.00']);
  });

  it('refuses an unknown report currency', async () => {
    expect((await get('/api/admin/dashboard?currency=XQZ')).status).toBe(422);
    expect((await get('/api/admin/finance?currency=XQZ')).status).toBe(422);
    expect((await get('/api/admin/reports/conversion-stats?report_currency=XQZ')).status).toBe(422);
  });
});

describe('GET /api/admin/reports/custom', () => {
  const custom = (query: string) => get(`/api/admin/reports/custom?from=${day1}&to=${day2}&${query}`);

  it('gives per-day rows per currency with counts and ledger money, reversals on their day', async () => {
    const r = await custom('group_by=day');
    expect(r.status).toBe(200);
    const brief = r.body.data.map(
      (d: Record<string, string | number>) =>
        `${d.key} ${d.currency} ${d.clicks}/${d.leads}/${d.approved}/${d.hold}/${d.rejected} ${d.revenue} ${d.publisher_payouts} ${d.profit}`,
    );
    expect(brief).toEqual([
      `${day1} EUR 1/1/1/0/0 20.00 15.00 5.00`,
      `${day1} USD 2/2/1/0/1 20.00 15.00 5.00`,
      `${day2} EUR 1/1/1/0/0 20.00 15.00 5.00`,
      `${day2} GBP 1/1/1/0/0 30.00 20.00 10.00`,
      `${day2} USD 0/0/0/0/0 -10.00 -7.50 -2.50`,
    ]);
    expect(
      r.body.totals.map((d: { currency: string; revenue: string }) => `${d.currency} ${d.revenue}`),
    ).toEqual(['EUR 40.00', 'GBP 30.00', 'USD 10.00']);
  });

  it('reconciles with Finance and the dashboard, in each currency and converted', async () => {
    const [report, finance, dashboard] = await Promise.all([
      custom('group_by=offer'),
      get(`/api/admin/finance?from=${day1}&to=${day2}`),
      get('/api/admin/dashboard?period=7d'),
    ]);
    const revenueOf = (rows: { currency: string; revenue: string }[]) =>
      Object.fromEntries(rows.map((x) => [x.currency, x.revenue]));
    expect(revenueOf(report.body.totals)).toEqual(revenueOf(finance.body.advertisers));
    expect(revenueOf(report.body.totals)).toEqual(revenueOf(dashboard.body.money));
    const [inUsd, financeUsd, dashboardUsd] = await Promise.all([
      custom('group_by=advertiser&currency=USD'),
      get(`/api/admin/finance?from=${day1}&to=${day2}&currency=USD`),
      get('/api/admin/dashboard?period=7d&currency=USD'),
    ]);
    expect(inUsd.body.totals).toEqual([
      expect.objectContaining({
        currency: 'USD',
        clicks: 5,
        leads: 5,
        revenue: '56.00',
        publisher_payouts: '42.00',
        profit: '14.00',
      }),
    ]);
    expect(inUsd.body.missing_rates).toEqual(GBP_MISSING);
    expect(financeUsd.body.advertisers[0].revenue).toBe('56.00');
    expect(dashboardUsd.body.money[0].profit).toBe(inUsd.body.totals[0].profit);
    expect(inUsd.body.data).toEqual([expect.objectContaining({ key: net.advertiser.id, revenue: '56.00' })]);
  });

  it('filters by offer and publisher before grouping', async () => {
    const r = await custom(`group_by=offer&offer_id=${euro.id}&publisher_id=${net.publisher.id}`);
    expect(r.body.data).toEqual([
      expect.objectContaining({ key: euro.id, currency: 'EUR', clicks: 2, approved: 2, revenue: '40.00' }),
    ]);
    const none = await custom(`group_by=publisher&advertiser_id=999999`);
    expect(none.body).toMatchObject({ data: [], totals: [] });
  });

  it('keeps a conversion’s recorded rate when the rate of its day is changed later', async () => {
    const list = await get('/api/admin/currency-rates?currency=EUR');
    const dayOne = list.body.data.find((x: { rate_date: string }) => x.rate_date === day1);
    await t.call('PATCH', `/api/admin/currency-rates/${dayOne.id}`, {
      token: net.token,
      body: { rate: '1.5' },
    });
    const r = await custom('group_by=country&currency=USD');
    expect(r.body.totals[0].revenue).toBe('56.00');
  });

  it('exports CSV with a header, the rows and a total line per currency', async () => {
    const r = await custom('group_by=day&format=csv');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toContain(`report-${day1}-${day2}.csv`);
    const rows = parse(r.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'key',
      'label',
      'currency',
      'clicks',
      'leads',
      'approved',
      'hold',
      'rejected',
      'revenue',
      'publisher_payouts',
      'profit',
    ]);
    expect(rows).toHaveLength(8);
    expect(rows.at(-1)).toMatchObject({ key: '', label: 'Total', currency: 'USD', revenue: '10.00' });
  });

  it.each([
    [`from=${day2}&to=${day1}`, 422, 'to must not be before from'],
    ['from=2025-01-01&to=2026-06-01', 422, 'at most 366 days'],
    ['from=2026-06-01', 400, 'to'],
    ['from=2026-6-1&to=2026-06-02', 400, 'from'],
    [`from=${day1}&to=${day2}&group_by=week`, 400, 'group_by'],
  ])('refuses %s with a reason', async (query, status, field) => {
    const r = await get(`/api/admin/reports/custom?${query}`);
    expect(r.status).toBe(status);
    expect(r.body.message).toBeTruthy();
    expect(JSON.stringify(r.body)).toContain(field);
  });
});
