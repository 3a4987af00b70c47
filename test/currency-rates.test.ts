import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversionsOfLead,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
  postback,
} from './helpers/conversions.js';
import { makeOffer } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
let euro: { id: string; ingest_key: string; currency: string };

beforeAll(async () => {
  t = await createTestApp();
  net = await makeNetwork(t);
  euro = await makeOffer(t, net.token, {
    advertiser_id: net.advertiser.id,
    geo: '',
    adv_payout: '20.00',
    pub_payout: '15.00',
    currency: 'EUR',
  });
});
afterAll(() => t.close());

const rates = (body: unknown, method: 'POST' | 'GET' = 'POST') =>
  t.call(method, '/api/admin/currency-rates', { token: net.token, body });

describe('currency rates API', () => {
  it('creates a rate, then replaces the same (currency, day) instead of adding a second one', async () => {
    const first = await rates({ currency: 'eur', rate_date: '2026-06-01', rate: '1.0800' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      currency: 'EUR',
      rate_date: '2026-06-01',
      rate: '1.08',
      base_currency: 'USD',
    });
    const again = await rates({ currency: 'EUR', rate_date: '2026-06-01', rate: '1.0850' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, rate: '1.085' });
    await rates({ currency: 'GBP', rate_date: '2026-05-20', rate: '1.27' });
    const list = await t.call('GET', '/api/admin/currency-rates', { token: net.token });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 2, base_currency: 'USD' });
    expect(list.body.data.map((r: { currency: string; rate: string }) => `${r.currency} ${r.rate}`)).toEqual([
      'EUR 1.085',
      'GBP 1.27',
    ]);
    const eurOnly = await t.call('GET', '/api/admin/currency-rates?currency=EUR', { token: net.token });
    expect(eurOnly.body.total).toBe(1);
  });

  it.each([
    [{ currency: 'XXQ', rate_date: '2026-06-01', rate: '1.1' }, 'currency'],
    [{ currency: 'USD', rate_date: '2026-06-01', rate: '1.1' }, 'currency'],
    [{ currency: 'EUR', rate_date: '2026-02-30', rate: '1.1' }, 'rate_date'],
    [{ currency: 'EUR', rate_date: 'yesterday', rate: '1.1' }, 'rate_date'],
    [{ currency: 'EUR', rate_date: '2026-06-01', rate: '0' }, 'rate'],
    [{ currency: 'EUR', rate_date: '2026-06-01', rate: '-1.1' }, 'rate'],
    [{ currency: 'EUR', rate_date: '2026-06-01', rate: 'abc' }, 'rate'],
  ])('refuses %o naming %s', async (body, field) => {
    const r = await rates(body);
    expect(r.status).toBe(422);
    expect(r.body.field).toBe(field);
  });

  it('updates and deletes one rate; a clash with another day is 409, an unknown id 404', async () => {
    const created = await rates({ currency: 'CHF', rate_date: '2026-06-01', rate: '1.12' });
    const other = await rates({ currency: 'CHF', rate_date: '2026-06-02', rate: '1.13' });
    const patched = await t.call('PATCH', `/api/admin/currency-rates/${created.body.id}`, {
      token: net.token,
      body: { rate: '1.125' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.rate).toBe('1.125');
    const clash = await t.call('PATCH', `/api/admin/currency-rates/${created.body.id}`, {
      token: net.token,
      body: { rate_date: '2026-06-02' },
    });
    expect(clash.status).toBe(409);
    const bad = await t.call('PATCH', `/api/admin/currency-rates/${created.body.id}`, {
      token: net.token,
      body: { rate: '0.0' },
    });
    expect(bad.status).toBe(422);
    expect(
      (await t.call('DELETE', `/api/admin/currency-rates/${other.body.id}`, { token: net.token })).status,
    ).toBe(204);
    expect(
      (await t.call('DELETE', `/api/admin/currency-rates/${other.body.id}`, { token: net.token })).status,
    ).toBe(404);
    expect(
      (await t.call('PATCH', '/api/admin/currency-rates/999999', { token: net.token, body: { rate: '2' } }))
        .status,
    ).toBe(404);
  });

  it('is for admins only', async () => {
    expect((await t.call('GET', '/api/admin/currency-rates')).status).toBe(401);
  });
});

describe('rate date on conversions', () => {
  async function approve(offer: { id: string }) {
    const click = await makeClick(t, { offer, publisher: net.publisher } as Network);
    const r = await postback(t, {
      click_id: click,
      status: 'approved',
      token: net.advertiser.postback_token,
    });
    expect(r.status).toBe(200);
    const [lead] = await leadsOfClick(t, click);
    const [conversion] = await conversionsOfLead(t, String(lead?.id));
    return conversion;
  }

  it('records the latest rate on or before the conversion day, and none for the base currency', async () => {
    await rates({ currency: 'EUR', rate_date: '2026-06-05', rate: '1.09' });
    t.clock.set('2026-06-04T23:59:00Z');
    expect(await approve(euro)).toMatchObject({ currency: 'EUR', rate_date: '2026-06-01', rate: '1.085' });
    t.clock.set('2026-06-05T00:01:00Z');
    expect(await approve(euro)).toMatchObject({ rate_date: '2026-06-05', rate: '1.09' });
    expect(await approve(net.offer)).toMatchObject({ currency: 'USD', rate_date: null, rate: null });
  });

  it('sees a rate changed by an admin at once (the cache is cleared), and records null before any rate', async () => {
    t.clock.set('2026-06-06T10:00:00Z');
    await rates({ currency: 'EUR', rate_date: '2026-06-06', rate: '1.1' });
    expect(await approve(euro)).toMatchObject({ rate_date: '2026-06-06', rate: '1.1' });
    t.clock.set('2026-05-01T10:00:00Z');
    expect(await approve(euro)).toMatchObject({ rate_date: null, rate: null });
  });

  it('records the rate on an ingest payment too', async () => {
    t.clock.set('2026-06-06T11:00:00Z');
    const click = await makeClick(t, { offer: euro, publisher: net.publisher } as Network);
    const r = await t.call('POST', '/api/ingest/conversion', {
      headers: { 'x-offer-key': euro.ingest_key },
      body: { click_id: click, external_payment_id: 'pay-eur-1', event: 'sale', gross_amount: '50.00' },
    });
    expect(r.status).toBeLessThan(300);
    const row = await t.ctx.db
      .selectFrom('conversions')
      .selectAll()
      .where('external_payment_id', '=', 'pay-eur-1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ currency: 'EUR', rate_date: '2026-06-06', rate: '1.1' });
    const listed = await t.call('GET', `/api/admin/conversions?lead_id=${row.lead_id}`, { token: net.token });
    expect(listed.body.data?.[0]).toMatchObject({ rate_date: '2026-06-06', rate: '1.1' });
  });
});
