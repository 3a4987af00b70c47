import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversionsOfLead,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
  trackPostback,
} from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 22, item 5 (seeds 001 and 003): `pay` with `cc`, `price` with `currency` in another currency
// than the offer's are converted at the conversion day's rate — alone or with `wm` — the amounts as
// sent are kept on the conversion, and only a missing rate is refused, naming it.
let t: TestApp;
let net: Network;
let id: string;
const T0 = '2026-06-01T10:00:00.000Z';

async function addRate(currency: string, day: string, rate: string) {
  const r = await t.call('POST', '/api/admin/currency-rates', {
    token: net.token,
    body: { currency, rate_date: day, rate },
  });
  expect([200, 201], r.text).toContain(r.status);
}

async function ledgerCurrencies(conversionId: string) {
  const rows = await t.ctx.db
    .selectFrom('ledger_entries')
    .select('currency')
    .where('conversion_id', '=', conversionId)
    .execute();
  return new Set(rows.map((r) => r.currency));
}

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  t.clock.set(T0);
  // A EUR offer (10.00 / 7.50 EUR) on a USD base: EUR needs a rate, USD is 1.
  net = await makeNetwork(t, { currency: 'EUR' });
  id = net.advertiser.postback_token;
  await addRate('EUR', '2026-05-01', '1.10');
  await addRate('EUR', '2026-06-01', '1.25');
  await addRate('EUR', '2026-06-02', '2');
});
afterAll(() => t.close());

describe('payouts sent in another currency than the offer’s', () => {
  it('converts pay in USD at the conversion day’s rate, keeps it as sent, and shows it to the admin', async () => {
    const click = await makeClick(t, net);
    const r = await trackPostback(t, { id, click, status: 'approved', auto: '1', pay: '12.50', cc: 'usd' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.converted).toEqual({ sent: '12.50 USD', booked: '10.00 EUR' });
    const [conversion] = await conversionsOfLead(t, r.body.lead_id);
    expect(conversion).toMatchObject({
      currency: 'EUR',
      adv_payout: 1000,
      pub_payout: 750,
      sent_adv_payout: 1250,
      sent_pub_payout: null,
      sent_currency: 'USD',
    });
    expect(await ledgerCurrencies(conversion!.id)).toEqual(new Set(['EUR']));

    // Two days later (a 2.00 rate since 06-02), wm in USD still converts at the conversion's day.
    t.clock.set('2026-06-03T09:00:00.000Z');
    const wm = await trackPostback(t, { id, click, status: 'approved', wm: '5.00', cc: 'USD' });
    expect(wm.status, wm.text).toBe(200);
    expect(wm.body.converted).toEqual({ wm_sent: '5.00 USD', wm_booked: '4.00 EUR' });
    const admin = await t.call('GET', `/api/admin/conversions?lead_id=${r.body.lead_id}`, {
      token: await t.adminToken({ fresh: true }),
    });
    expect(admin.status, admin.text).toBe(200);
    expect(admin.body.data[0]).toMatchObject({
      adv_payout: '10.00',
      pub_payout: '4.00',
      currency: 'EUR',
      sent_adv_payout: '12.50',
      sent_pub_payout: '5.00',
      sent_currency: 'USD',
    });
    t.clock.set(T0);

    // A later amount in the offer's own currency is booked as sent: its "sent" record goes.
    await trackPostback(t, { id, click, status: 'approved', pay: '11.00' });
    const [after] = await conversionsOfLead(t, r.body.lead_id);
    expect(after).toMatchObject({ adv_payout: 1100, sent_adv_payout: null, sent_pub_payout: 500 });
  });

  it('converts price and wm sent together in USD too, instead of booking the conversion in USD', async () => {
    const click = await makeClick(t, net);
    const r = await trackPostback(t, {
      id,
      click,
      status: 'approved',
      auto: '1',
      price: '25.00',
      wm: '10.00',
      currency: 'USD',
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.converted).toEqual({
      sent: '25.00 USD',
      booked: '20.00 EUR',
      wm_sent: '10.00 USD',
      wm_booked: '8.00 EUR',
    });
    const [conversion] = await conversionsOfLead(t, r.body.lead_id);
    expect(conversion).toMatchObject({
      currency: 'EUR',
      adv_payout: 2000,
      pub_payout: 800,
      sent_adv_payout: 2500,
      sent_pub_payout: 1000,
      sent_currency: 'USD',
    });
    expect(await ledgerCurrencies(conversion!.id)).toEqual(new Set(['EUR']));
  });

  it('refuses only when no rate is known, naming the currency and the day, and writes nothing', async () => {
    const gbp = await makeClick(t, net);
    for (const params of [{ pay: '10.00' }, { pay: '10.00', wm: '5.00' }]) {
      const r = await trackPostback(t, {
        id,
        click: gbp,
        status: 'approved',
        auto: '1',
        cc: 'GBP',
        ...params,
      });
      expect(r.status, r.text).toBe(422);
      expect(r.body).toMatchObject({ error: 'bad-currency', field: 'currency' });
      expect(r.body.message).toContain('no exchange rate for GBP is known on or before 2026-06-01');
    }
    expect(await leadsOfClick(t, gbp)).toEqual([]);

    // Before EUR's first rate, the offer's own currency is the one missing.
    t.clock.set('2026-04-15T10:00:00.000Z');
    const early = await makeClick(t, net);
    const r = await trackPostback(t, {
      id,
      click: early,
      status: 'approved',
      auto: '1',
      pay: '12.50',
      cc: 'USD',
    });
    expect(r.status, r.text).toBe(422);
    expect(r.body.message).toContain('no exchange rate for EUR is known on or before 2026-04-15');
    expect(await leadsOfClick(t, early)).toEqual([]);
    t.clock.set(T0);

    // The offer's own currency needs no rate.
    const own = await makeClick(t, net);
    const ok = await trackPostback(t, {
      id,
      click: own,
      status: 'approved',
      auto: '1',
      pay: '9.00',
      cc: 'EUR',
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.converted).toBeUndefined();
  });
});
