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
  unbalancedEvents,
} from './helpers/conversions.js';
import { makeOffer } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
/** A subscription product: 30% of the first payment, 20% of rebills, a fixed-price lead goal. */
let saas: Network;
/** An offer with no goals: fixed payouts. */
let plain: Network;

const SAAS_GOALS = [
  { key: 'sale', adv_payout: '10.00', pub_payout: '7.00', revshare_percent: '30' },
  { key: 'rebill', aliases: ['renewal'], adv_payout: '10.00', pub_payout: '5.00', revshare_percent: '20' },
  { key: 'lead', adv_payout: '1.00', pub_payout: '0.60' },
];

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  saas = await makeNetwork(t, { name: 'Susurra', goals: SAAS_GOALS });
  const offer = await makeOffer(t, saas.token, { advertiser_id: saas.advertiser.id, geo: '', goals: [] });
  plain = { ...saas, offer };
});
afterAll(() => t.close());

let paymentCounter = 0;
const paymentId = () => `pi_${Date.now()}_${++paymentCounter}`;

function ingest(key: string | undefined, path: string, body: unknown) {
  return t.call('POST', `/api/ingest/${path}`, {
    headers: key ? { 'x-offer-key': key } : {},
    body: body as object,
  });
}

describe('POST /api/ingest/conversion', () => {
  it('records a first payment on the sale goal as a revenue share of the gross amount, in its currency', async () => {
    const click = await makeClick(t, saas);
    const id = paymentId();
    const r = await ingest(saas.offer.ingest_key, 'conversion', {
      click_id: click,
      user_ref: 'cus_123',
      event: 'sale',
      external_payment_id: id,
      gross_amount: 19.99,
      currency: 'EUR',
      is_first_payment: true,
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      external_payment_id: id,
      event: 'sale',
      status: 'approved',
      goal: 'sale',
      adv_payout: '6.00', // 30% of 19.99 = 5.997
      pub_payout: '4.20', // 70% of that, the goal's 7.00 / 10.00
      currency: 'EUR',
    });
    const [lead] = await leadsOfClick(t, click);
    expect(lead).toMatchObject({
      source: 'ingest',
      push_status: 'skipped',
      external_id: 'cus_123',
      status: 'approved',
    });
    const [conversion] = await conversionsOfLead(t, lead!.id);
    expect(conversion).toMatchObject({
      external_payment_id: id,
      user_ref: 'cus_123',
      gross_amount: 1999,
      gross_currency: 'EUR',
      currency: 'EUR',
    });
    expect(await ledgerOf(t, conversion!.id)).toEqual({
      advertiser_receivable: 600,
      publisher_approved: -420,
      network_margin: -180,
    });
    const log = await lastLog(t);
    expect(log).toMatchObject({
      endpoint: 'ingest.conversion',
      answer_status: 200,
      answer_code: 'ok',
      click_id: click,
    });
    expect(log.params['x-offer-key']).toBe(`${saas.offer.ingest_key.slice(0, 4)}***`);
    expect(log.params.gross_amount).toBe('19.99');
  });

  it('answers a repeated payment with the first answer and changes nothing', async () => {
    const click = await makeClick(t, saas);
    const body = {
      click_id: click,
      user_ref: 'cus_9',
      event: 'sale',
      external_payment_id: paymentId(),
      gross_amount: '50.00',
    };
    const first = await ingest(saas.offer.ingest_key, 'conversion', body);
    const before = [await count(t, 'conversions'), await count(t, 'ledger_entries'), await count(t, 'leads')];
    const again = await ingest(saas.offer.ingest_key, 'conversion', { ...body, gross_amount: '80.00' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect([
      await count(t, 'conversions'),
      await count(t, 'ledger_entries'),
      await count(t, 'leads'),
    ]).toEqual(before);
    expect((await lastLog(t)).answer_code).toBe('replayed');
    // Even after a refund the repeat answers what the first call answered.
    await ingest(saas.offer.ingest_key, 'refund', { external_payment_id: body.external_payment_id });
    const later = await ingest(saas.offer.ingest_key, 'conversion', body);
    expect(later.body).toEqual(first.body);
  });

  it('pays rebills on the rebill goal, on the same customer lead, each payment its own conversion', async () => {
    const click = await makeClick(t, saas);
    const first = await ingest(saas.offer.ingest_key, 'conversion', {
      click_id: click,
      user_ref: 'cus_r',
      event: 'sale',
      external_payment_id: paymentId(),
      gross_amount: 100,
    });
    const rebill = await ingest(saas.offer.ingest_key, 'conversion', {
      click_id: click,
      user_ref: 'cus_r',
      event: 'rebill',
      external_payment_id: paymentId(),
      gross_amount: 100,
    });
    const laterSale = await ingest(saas.offer.ingest_key, 'conversion', {
      click_id: click,
      user_ref: 'cus_r',
      event: 'sale',
      external_payment_id: paymentId(),
      gross_amount: 100,
      is_first_payment: false,
    });
    expect(first.body).toMatchObject({
      goal: 'sale',
      adv_payout: '30.00',
      pub_payout: '21.00',
      currency: 'USD',
    });
    expect(rebill.body).toMatchObject({ goal: 'rebill', adv_payout: '20.00', pub_payout: '10.00' });
    expect(laterSale.body).toMatchObject({ goal: 'rebill', adv_payout: '20.00' });
    expect(new Set([first.body.lead_id, rebill.body.lead_id, laterSale.body.lead_id]).size).toBe(1);
    expect(await conversionsOfLead(t, first.body.lead_id)).toHaveLength(3);
  });

  it('approves lead and trial events on a lead goal, and leaves them processing without one', async () => {
    const trial = await ingest(saas.offer.ingest_key, 'conversion', {
      click_id: await makeClick(t, saas),
      event: 'trial',
      external_payment_id: paymentId(),
    });
    expect(trial.body).toMatchObject({
      status: 'approved',
      goal: 'lead',
      adv_payout: '1.00',
      pub_payout: '0.60',
    });
    const lead = await ingest(plain.offer.ingest_key, 'conversion', {
      click_id: await makeClick(t, plain),
      event: 'lead',
      external_payment_id: paymentId(),
    });
    expect(lead.body).toMatchObject({ status: 'processing', goal: null });
    const sale = await ingest(plain.offer.ingest_key, 'conversion', {
      click_id: await makeClick(t, plain),
      event: 'sale',
      external_payment_id: paymentId(),
      gross_amount: 49,
    });
    expect(sale.body).toMatchObject({
      status: 'approved',
      goal: null,
      adv_payout: '10.00',
      pub_payout: '7.50',
    });
  });
});

describe('POST /api/ingest/refund and /chargeback', () => {
  it('reverses an approved payment’s commission and marks it chargedback, once', async () => {
    const id = paymentId();
    const sale = await ingest(saas.offer.ingest_key, 'conversion', {
      click_id: await makeClick(t, saas),
      event: 'sale',
      external_payment_id: id,
      gross_amount: 40,
    });
    const refund = await ingest(saas.offer.ingest_key, 'refund', { external_payment_id: id });
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({
      result: 'ok',
      status: 'chargedback',
      conversion_id: sale.body.conversion_id,
    });
    expect(await ledgerOf(t, sale.body.conversion_id)).toEqual({});
    const again = await ingest(saas.offer.ingest_key, 'chargeback', { external_payment_id: id });
    expect(again.body).toMatchObject({ result: 'no-changes', status: 'chargedback' });
    const history = await t.ctx.db
      .selectFrom('lead_status_history')
      .select(['to_status', 'reason', 'source'])
      .where('conversion_id', '=', sale.body.conversion_id)
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      { to_status: 'approved', reason: 'sale', source: 'ingest' },
      { to_status: 'chargedback', reason: 'refund', source: 'ingest' },
    ]);
    expect(await unbalancedEvents(t)).toEqual([]);
  });

  it('cancels a payment that was never confirmed', async () => {
    const id = paymentId();
    await ingest(plain.offer.ingest_key, 'conversion', {
      click_id: await makeClick(t, plain),
      event: 'trial',
      external_payment_id: id,
    });
    const chargeback = await ingest(plain.offer.ingest_key, 'chargeback', { external_payment_id: id });
    expect(chargeback.body).toMatchObject({ result: 'ok', status: 'cancelled' });
    expect((await lastLog(t)).endpoint).toBe('ingest.chargeback');
  });

  it('refuses an unknown payment and another offer’s payment', async () => {
    const unknown = await ingest(saas.offer.ingest_key, 'refund', { external_payment_id: 'pi_nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('bad-payment');
    const id = paymentId();
    await ingest(saas.offer.ingest_key, 'conversion', {
      click_id: await makeClick(t, saas),
      event: 'sale',
      external_payment_id: id,
      gross_amount: 10,
    });
    const foreign = await ingest(plain.offer.ingest_key, 'refund', { external_payment_id: id });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('access');
    const [conversion] = await t.ctx.db
      .selectFrom('conversions')
      .selectAll()
      .where('external_payment_id', '=', id)
      .execute();
    expect(conversion?.status).toBe('approved');
  });
});

describe('refused ingest calls: answered, logged, nothing changed', () => {
  it.each([
    ['no key', undefined, {}, 403, 'access'],
    ['a wrong key', 'not-a-key', {}, 403, 'access'],
    ['no click id', 'saas', { click_id: null }, 422, 'no-click'],
    ['an unknown click', 'saas', { click_id: 'CLK_UNKNOWN' }, 404, 'bad-click'],
    ['another offer’s key for the click', 'plain', {}, 403, 'access'],
    ['an unknown event', 'saas', { event: 'purchase' }, 422, 'bad-params'],
    ['no payment id', 'saas', { external_payment_id: undefined }, 422, 'bad-params'],
    ['a currency that is not ISO 4217', 'saas', { currency: 'EURO' }, 422, 'bad-currency'],
    ['a gross amount that is not a number', 'saas', { gross_amount: 'lots' }, 422, 'bad-payout'],
    ['a negative gross amount', 'saas', { gross_amount: -5 }, 422, 'bad-params'],
    ['an absurd gross amount', 'saas', { gross_amount: '99999999.00' }, 422, 'bad-payout'],
  ])('refuses %s', async (_what, keyName, overrides, status, code) => {
    const key =
      keyName === 'saas' ? saas.offer.ingest_key : keyName === 'plain' ? plain.offer.ingest_key : keyName;
    const click = await makeClick(t, saas);
    const before = [await count(t, 'conversions'), await count(t, 'leads'), await count(t, 'ledger_entries')];
    const body = {
      click_id: click,
      event: 'sale',
      external_payment_id: paymentId(),
      gross_amount: '10.00',
      ...overrides,
    };
    const r = await ingest(key, 'conversion', body);
    expect(r.status, r.text).toBe(status);
    expect(r.body.error).toBe(code);
    expect([
      await count(t, 'conversions'),
      await count(t, 'leads'),
      await count(t, 'ledger_entries'),
    ]).toEqual(before);
    expect(await lastLog(t)).toMatchObject({
      endpoint: 'ingest.conversion',
      answer_status: status,
      answer_code: code,
    });
  });

  it('refuses a body that is not a JSON object', async () => {
    const r = await t.call('POST', '/api/ingest/conversion', {
      headers: { 'x-offer-key': saas.offer.ingest_key, 'content-type': 'application/json' },
      body: '[1,2]',
    });
    expect(r.status).toBe(422);
    expect(r.body.error).toBe('bad-params');
    const broken = await t.call('POST', '/api/ingest/conversion', {
      headers: { 'x-offer-key': saas.offer.ingest_key, 'content-type': 'application/json' },
      body: '{"event": "sale"',
    });
    expect(broken.status).toBe(422);
    expect(broken.body.message).toBe('body: not valid JSON');
    expect(await lastLog(t)).toMatchObject({ endpoint: 'ingest.conversion', answer_code: 'bad-params' });
  });
});

describe('a publisher payout above the advertiser’s (issue 15)', () => {
  // An offer whose revenue-share goal gives the publisher 1.5× what the advertiser pays.
  const GENEROUS = [{ key: 'sale', adv_payout: '10.00', pub_payout: '15.00', revshare_percent: '30' }];

  it('refuses a gross amount that makes the publisher payout exceed the advertiser payout, unless allowed', async () => {
    const generous = await makeNetwork(t, { name: 'Generous', goals: GENEROUS });
    const click = await makeClick(t, generous);
    const before = [await count(t, 'conversions'), await count(t, 'leads'), await count(t, 'ledger_entries')];
    const body = { click_id: click, event: 'sale', external_payment_id: paymentId(), gross_amount: '100.00' };
    const r = await ingest(generous.offer.ingest_key, 'conversion', body);
    expect(r.status, r.text).toBe(422);
    expect(r.body).toMatchObject({ error: 'bad-payout', field: 'gross_amount' });
    expect(r.body.message).toContain('publisher payout 45.00 exceeds advertiser payout 30.00 (USD)');
    expect([
      await count(t, 'conversions'),
      await count(t, 'leads'),
      await count(t, 'ledger_entries'),
    ]).toEqual(before);
    expect(await lastLog(t)).toMatchObject({
      endpoint: 'ingest.conversion',
      answer_status: 422,
      answer_code: 'bad-payout',
    });

    const allowed = await t.call('PATCH', `/api/admin/offers/${generous.offer.id}`, {
      token: generous.token,
      body: { allow_pub_above_adv: true },
    });
    expect(allowed.status).toBe(200);
    const again = await ingest(generous.offer.ingest_key, 'conversion', body);
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ adv_payout: '30.00', pub_payout: '45.00' });
  });
});
