import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * A second known network for the groupings and filters the first one (dashboard.test.ts) leaves
 * at zero: Wrong # / DNO and Spam leads, two publishers, two offers and two countries, so that
 * filters narrow a real set and `group_by=country` has more than one row; and the 14 and 30 day
 * dashboards, where a spam lead is not a lead.
 */
let t: TestApp;
let net: Network;
let second: { id: string; token: string };
let cheap: { id: string };
const day = '2026-06-10';
const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36';
let phone = 919876500000;

async function leadOn(clickId: string, country: string) {
  phone += 1;
  const r = await t.call('POST', '/api/lead', {
    body: { click_id: clickId, name: 'Lead', phone: `+${phone}`, country },
    headers: { 'user-agent': BROWSER },
  });
  if (r.status !== 201) throw new Error(r.text);
}

/** A click and its lead, then the advertiser's postback with `status` (none leaves it new). */
async function leadWith(
  offer: { id: string },
  publisher: Network['publisher'],
  country: string,
  status?: string,
) {
  const click = await makeClick(t, { offer: offer as Network['offer'], publisher });
  await leadOn(click, country);
  if (status) {
    const r = await postback(t, { click_id: click, status, token: net.advertiser.postback_token });
    expect(r.status, r.text).toBe(200);
  }
}

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
  second = await makePublisher(t, net.token, { name: 'Berlin Ads' });
  cheap = await makeOffer(t, net.token, {
    advertiser_id: net.advertiser.id,
    name: 'Joint Gel',
    geo: '',
    adv_payout: '4.00',
    pub_payout: '3.00',
  });
  t.clock.set(`${day}T09:00:00Z`);
  // Keto Slim (10.00), first publisher: approved IN, trash IN (Wrong # / DNO), spam DE, new IN.
  await leadWith(net.offer, net.publisher, 'IN', 'approved');
  await leadWith(net.offer, net.publisher, 'IN', 'trash');
  await leadWith(net.offer, net.publisher, 'DE', 'spam');
  await leadWith(net.offer, net.publisher, 'IN');
  // Keto Slim, second publisher: cancelled DE, approved DE.
  await leadWith(net.offer, second, 'DE', 'cancelled');
  await leadWith(net.offer, second, 'DE', 'approved');
  // Joint Gel (4.00), first publisher: approved IN.
  await leadWith(cheap, net.publisher, 'IN', 'approved');
  await t.ctx.clickWriter.flush();
  t.clock.set(`${day}T18:00:00Z`);
});
afterAll(() => t.close());

const url = (q: string) => `/api/admin/reports/conversion-stats?from=${day}&to=${day}&${q}`;
const zero = { qty: 0, percent: '0.00', sum: '0.00', avg: '0.00' };

describe('conversion statistics on a network with every status group', () => {
  it('counts Wrong # / DNO and Spam leads in their own groups', async () => {
    const r = await t.call('GET', url('group_by=date'), { token: net.token });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual([
      {
        key: day,
        label: day,
        // 7 leads. Sum is each lead's price in its status: every lead a postback reached is priced
        // (10.00 on Keto Slim, 4.00 on Joint Gel); the new lead has none: 5 × 10.00 + 4.00 = 54.00.
        total: { qty: 7, sum: '54.00', avg: '7.71' },
        processing: { qty: 1, percent: '14.29', sum: '0.00', avg: '0.00' },
        cancelled: { qty: 1, percent: '14.29', sum: '10.00', avg: '10.00' },
        accepted: { qty: 3, percent: '42.86', sum: '24.00', avg: '8.00' },
        wrong_number: { qty: 1, percent: '14.29', sum: '10.00', avg: '10.00' },
        spam: { qty: 1, percent: '14.29', sum: '10.00', avg: '10.00' },
        duplicate: zero,
      },
    ]);
  });

  it('groups by country', async () => {
    const r = await t.call('GET', url('group_by=country'), { token: net.token });
    expect(r.status).toBe(200);
    expect(r.body.data.map((d: { key: string }) => d.key)).toEqual(['DE', 'IN']);
    const [de, india] = r.body.data;
    expect(de).toMatchObject({
      total: { qty: 3, sum: '30.00', avg: '10.00' },
      cancelled: { qty: 1, percent: '33.33', sum: '10.00', avg: '10.00' },
      accepted: { qty: 1, percent: '33.33', sum: '10.00', avg: '10.00' },
      spam: { qty: 1, percent: '33.33', sum: '10.00', avg: '10.00' },
      wrong_number: zero,
    });
    expect(india).toMatchObject({
      total: { qty: 4, sum: '24.00', avg: '6.00' },
      processing: { qty: 1, percent: '25.00', sum: '0.00', avg: '0.00' },
      accepted: { qty: 2, percent: '50.00', sum: '14.00', avg: '7.00' },
      wrong_number: { qty: 1, percent: '25.00', sum: '10.00', avg: '10.00' },
      spam: zero,
    });
  });

  it('narrows to one offer and one publisher before aggregating', async () => {
    const keto = await t.call('GET', url(`group_by=publisher&offer_id=${net.offer.id}`), {
      token: net.token,
    });
    expect(keto.status).toBe(200);
    expect(
      keto.body.data.map((d: { label: string; total: unknown; accepted: { qty: number } }) => [
        d.label,
        d.total,
        d.accepted.qty,
      ]),
    ).toEqual([
      ['Arjun Media', { qty: 4, sum: '30.00', avg: '7.50' }, 1],
      ['Berlin Ads', { qty: 2, sum: '20.00', avg: '10.00' }, 1],
    ]);
    const first = await t.call('GET', url(`group_by=offer&publisher_id=${net.publisher.id}`), {
      token: net.token,
    });
    expect(first.body.data.map((d: { label: string; total: unknown }) => [d.label, d.total])).toEqual([
      ['Keto Slim', { qty: 4, sum: '30.00', avg: '7.50' }],
      ['Joint Gel', { qty: 1, sum: '4.00', avg: '4.00' }],
    ]);
    const both = await t.call('GET', url(`offer_id=${cheap.id}&publisher_id=${second.id}`), {
      token: net.token,
    });
    expect(both.body.data).toEqual([]);
  });
});

describe('the 14 and 30 day dashboards', () => {
  it('count the same network, leaving the spam lead out of leads', async () => {
    for (const period of ['14d', '30d'] as const) {
      const r = await t.call('GET', `/api/admin/dashboard?period=${period}`, { token: net.token });
      expect(r.status, period).toBe(200);
      const days = period === '14d' ? 14 : 30;
      expect(r.body).toMatchObject({
        period,
        clicks: 7,
        // 7 leads less the spam one; the Wrong # / DNO lead passed the fraud checks.
        leads: 6,
        conversions: 3,
        hold: 0,
        approval_percent: '50.00',
        money: [
          { currency: 'USD', revenue: '24.00', publisher_payouts: '18.00', profit: '6.00', epc: '3.43' },
        ],
      });
      expect(r.body.series).toHaveLength(days);
      expect(r.body.series.at(-1)).toMatchObject({ day, clicks: 7, leads: 6, conversions: 3 });
      expect(new Date(r.body.from).getTime()).toBe(Date.parse(`${day}T00:00:00Z`) - (days - 1) * 86_400_000);
    }
  });

  it('without a currency, opens on the currency with the most leads in the days (USD when none)', async () => {
    const stats = (query: string) =>
      t.call('GET', `/api/admin/reports/conversion-stats?${query}`, { token: net.token });
    const euro = await makeOffer(t, net.token, {
      advertiser_id: net.advertiser.id,
      name: 'Euro Gel',
      geo: '',
      adv_payout: '9.00',
      pub_payout: '6.00',
      currency: 'EUR',
    });
    t.clock.set('2026-06-20T09:00:00Z');
    await leadWith(euro, net.publisher, 'DE', 'approved');
    await leadWith(euro, net.publisher, 'DE');
    await leadWith(net.offer, net.publisher, 'IN');
    await t.ctx.clickWriter.flush();

    const mostlyEuro = await stats('from=2026-06-20&to=2026-06-20');
    expect(mostlyEuro.status, mostlyEuro.text).toBe(200);
    expect(mostlyEuro.body.currency).toBe('EUR');
    expect(mostlyEuro.body.data).toHaveLength(1);
    expect(mostlyEuro.body.data[0].total.qty).toBe(2);
    // Asked for, USD is still what it shows; the first day's leads are all USD.
    expect((await stats('from=2026-06-20&to=2026-06-20&currency=USD')).body.currency).toBe('USD');
    expect((await stats(`from=${day}&to=${day}`)).body.currency).toBe('USD');
    // No leads at all in the days: USD.
    expect((await stats('from=2026-05-01&to=2026-05-02')).body.currency).toBe('USD');
    t.clock.set(`${day}T18:00:00Z`);
  });
});
