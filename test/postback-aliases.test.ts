import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversionsOfLead,
  lastLog,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
  postback,
  query,
  trackPostback,
} from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Both postback endpoints read the same names (issue 16): click id aliases, the advertiser payout
 * under every alias, the currency, a status in another parameter, per-request status lists, the
 * network's own lead id; payout-, currency- or status-looking parameters that were not used are
 * answered as warnings and logged, or refused for a strict advertiser.
 */

let t: TestApp;
let net: Network;
let token: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
  token = net.advertiser.postback_token;
});
afterAll(() => t.close());

type Endpoint = 'postback' | 'postback.json';
const ENDPOINTS: Endpoint[] = ['postback', 'postback.json'];

/** A postback to either endpoint; the track dialect gets auto=1 so a click without a lead gets one. */
function send(endpoint: Endpoint, params: Record<string, string | undefined>) {
  return endpoint === 'postback'
    ? postback(t, { ...params, token })
    : trackPostback(t, { auto: '1', ...params, id: token });
}

async function conversionOf(clickId: string) {
  const [lead] = await leadsOfClick(t, clickId);
  if (!lead) return undefined;
  const [conversion] = await conversionsOfLead(t, lead.id);
  return { status: lead.status, adv_payout: conversion?.adv_payout, currency: conversion?.currency };
}

const CLICK_ALIASES = [
  'click_id',
  'clickid',
  'click',
  'subid',
  'sub_id', // Alfaleads, Keitaro-fed networks
  'cid',
  'data', // KMA: data={data1}
  'c', // Leadbit → MGID: https://help.mgid.com/integration-with-the-partner-system-leadbit-com
  'mySubID',
  'tid',
  'aff_click_id',
  'tracking_uuid', // Dr.Cash
  'transaction_id',
];

describe('click id aliases on both endpoints', () => {
  for (const endpoint of ENDPOINTS) {
    it.each(CLICK_ALIASES)(`${endpoint} finds the click under %s`, async (name) => {
      const clickId = await makeClick(t, net);
      const r = await send(endpoint, { [name]: clickId, status: 'approved' });
      expect(r.status, r.text).toBe(200);
      expect(await conversionOf(clickId)).toMatchObject({ status: 'approved' });
    });
  }

  it.each(ENDPOINTS)(
    '%s uses the candidate that is a known click (Dr.Cash: tracking_uuid and its order id)',
    async (endpoint) => {
      const clickId = await makeClick(t, net);
      const r = await send(endpoint, {
        tracking_uuid: clickId,
        transaction_id: 'DC-5512',
        status: 'approved',
      });
      expect(r.status, r.text).toBe(200);
      expect(await conversionOf(clickId)).toMatchObject({ status: 'approved' });
      // A Keitaro-style URL whose subid is not ours but whose tid is.
      const other = await makeClick(t, net);
      const second = await send(endpoint, { subid: 'their-own-subid', tid: other, status: 'approved' });
      expect(second.status, second.text).toBe(200);
      expect(await conversionOf(other)).toMatchObject({ status: 'approved' });
    },
  );

  it('404 bad-click naming every candidate when none is a known click', async () => {
    const r = await postback(t, { subid: 'nope-1', tid: 'nope-2', status: 'approved', token });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: 'bad-click' });
    expect(r.body.message).toMatch(/subid=nope-1, tid=nope-2/);
  });
});

const PAYOUT_ALIASES = ['payout', 'pay', 'price', 'sum', 'amount', 'revenue', 'profit', 'rate'];

describe('money: payout aliases and currencies', () => {
  for (const endpoint of ENDPOINTS) {
    it.each(PAYOUT_ALIASES)(`${endpoint} books %s=12.34 as the advertiser payout`, async (name) => {
      const clickId = await makeClick(t, net);
      const r = await send(endpoint, { click_id: clickId, status: 'approved', [name]: '12.34' });
      expect(r.status, r.text).toBe(200);
      expect(r.body.warnings).toBeUndefined();
      expect(await conversionOf(clickId)).toEqual({ status: 'approved', adv_payout: 1234, currency: 'USD' });
    });
  }

  it.each(['currency', 'cc', 'cur'])(
    '/postback converts a payout in %s=EUR at the day’s rate',
    async (name) => {
      const created = await t.call('POST', '/api/admin/currency-rates', {
        token: net.token,
        body: { currency: 'EUR', rate_date: '2026-05-31', rate: '1.2' },
      });
      expect([200, 201]).toContain(created.status);
      const clickId = await makeClick(t, net);
      const r = await postback(t, { click_id: clickId, payout: '10.00', [name]: 'eur', token });
      expect(r.status, r.text).toBe(200);
      expect(r.body.converted).toEqual({ sent: '10.00 EUR', booked: '12.00 USD' });
      expect(await conversionOf(clickId)).toEqual({ status: 'approved', adv_payout: 1200, currency: 'USD' });
    },
  );
});

describe('a decimal comma', () => {
  it('is refused as bad-payout, not guessed (Everflow documents amount=12,34)', async () => {
    const clickId = await makeClick(t, net);
    const r = await postback(t, { transaction_id: clickId, amount: '12,34', token });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: 'bad-payout' });
    expect(await leadsOfClick(t, clickId)).toEqual([]);
  });
});

describe('status in another parameter, lists and vocabulary', () => {
  it.each([
    [{ conv_status: 'rejected' }, 'cancelled'],
    [{ state: 'hold' }, 'hold'],
    [{ lead_status: 'trash' }, 'wrong_number'],
    [{ status: 'STATUS_CANCELED' }, 'cancelled'],
    [{ status: 'Upsell' }, 'approved'],
    [{ status: 'no answer' }, 'processing'],
  ])('/postback reads %o as %s (it was approved by default before)', async (params, status) => {
    const clickId = await makeClick(t, net);
    const r = await postback(t, { click_id: clickId, ...params, token });
    expect(r.status, r.text).toBe(200);
    expect(await conversionOf(clickId)).toMatchObject({ status });
  });

  it.each(ENDPOINTS)('%s refuses an unknown word in conv_status, never approving it', async (endpoint) => {
    const clickId = await makeClick(t, net);
    const r = await send(endpoint, { click_id: clickId, conv_status: 'mystery', payout: '9.00' });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: 'bad-status', field: 'conv_status' });
    expect(r.body.message).toMatch(/conv_status "mystery" is not recognised/);
    expect(await leadsOfClick(t, clickId)).toEqual([]);
    expect(await lastLog(t)).toMatchObject({
      answer_status: 422,
      answer_code: 'bad-status',
      status: 'mystery',
    });
  });

  it("reads AlterCPA's sta…stn and Keitaro's lists on /postback", async () => {
    const kma = await makeClick(t, net);
    await postback(t, { click_id: kma, status: 'P', stn: 'P', sta: 'A', stc: 'D', token });
    expect(await conversionOf(kma)).toMatchObject({ status: 'processing' });
    await postback(t, { click_id: kma, status: 'a', stn: 'P', sta: 'A', stc: 'D', token });
    expect(await conversionOf(kma)).toMatchObject({ status: 'approved' });
    const keitaro = await makeClick(t, net);
    await postback(t, { subid: keitaro, status: 'fake', rejected_status: 'canceled,fake', token });
    expect(await conversionOf(keitaro)).toMatchObject({ status: 'cancelled' });
  });

  it('reads the same lists on the track dialect (Keitaro sale_status)', async () => {
    const clickId = await makeClick(t, net);
    const r = await trackPostback(t, {
      id: token,
      click: clickId,
      auto: '1',
      status: 'billed',
      sale_status: 'billed',
    });
    expect(r.status, r.text).toBe(200);
    expect(await conversionOf(clickId)).toMatchObject({ status: 'approved' });
  });
});

describe('never silently dropping money: warnings and strict mode', () => {
  it.each(ENDPOINTS)('%s answers and logs the unused parameters as warnings', async (endpoint) => {
    const clickId = await makeClick(t, net);
    const r = await send(endpoint, {
      click_id: clickId,
      status: 'approved',
      conv_status: 'rejected',
      payout: '5.00',
      sum: '7.00',
      commission: '3.00',
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.warnings).toEqual([
      'conv_status=rejected looks like a status but was not used',
      'sum=7.00 looks like a payout but was not used',
      'commission=3.00 looks like a payout but was not used',
    ]);
    expect(await conversionOf(clickId)).toMatchObject({ status: 'approved', adv_payout: 500 });
    const log = await t.call('GET', `/api/admin/postbacks/${r.headers['x-postback-log-id']}`, {
      token: net.token,
    });
    expect(log.body.warnings).toEqual(r.body.warnings);
    // The same warnings as codes and values, in the answer (for the network's or a tool's own words)
    // and in the log, which the Postback Log says in the reader's language.
    const codes = [
      { code: 'unused_status', params: { name: 'conv_status', value: 'rejected' } },
      { code: 'unused_payout', params: { name: 'sum', value: '7.00' } },
      { code: 'unused_payout', params: { name: 'commission', value: '3.00' } },
    ];
    expect(r.body.warning_codes).toEqual(codes);
    expect(log.body.warning_codes).toEqual(codes);
  });

  it('says nothing about an alias sent twice with the same value', async () => {
    const clickId = await makeClick(t, net);
    const r = await postback(t, {
      click_id: clickId,
      payout: '5.00',
      sum: '5.00',
      currency: 'USD',
      cc: 'usd',
      token,
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.warnings).toBeUndefined();
    expect(r.body.warning_codes).toBeUndefined();
  });

  it('refuses with 422 unused-params for a strict advertiser, keeping the warnings in the log', async () => {
    const strict = await makeNetwork(t);
    const patched = await t.call('PATCH', `/api/admin/advertisers/${strict.advertiser.id}`, {
      token: strict.token,
      body: { postback_strict: true },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.postback_strict).toBe(true);
    const clickId = await makeClick(t, strict);
    const r = await postback(t, {
      click_id: clickId,
      status: 'approved',
      cost: '4.00',
      token: strict.advertiser.postback_token,
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: 'unused-params' });
    expect(r.body.message).toMatch(/cost=4.00 looks like a payout but was not used/);
    // The refusal names the warnings as codes too, beside its English message.
    expect(r.body.warning_codes).toEqual([
      { code: 'unused_payout', params: { name: 'cost', value: '4.00' } },
    ]);
    expect(await leadsOfClick(t, clickId)).toEqual([]);
    expect(await lastLog(t)).toMatchObject({
      answer_code: 'unused-params',
      warnings: JSON.stringify(['cost=4.00 looks like a payout but was not used']),
    });
    // Without the unused parameter the same postback goes through.
    const ok = await postback(t, {
      click_id: clickId,
      status: 'approved',
      token: strict.advertiser.postback_token,
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it('creates advertisers not strict by default', async () => {
    const other = await makeNetwork(t);
    const got = await t.call('GET', `/api/admin/advertisers/${other.advertiser.id}`, { token: other.token });
    expect(got.body.postback_strict).toBe(false);
  });
});

describe("the network's own lead id (lead=)", () => {
  it('finds the lead by the id the network reported (exto) or answered our push with', async () => {
    const clickId = await makeClick(t, net);
    const created = await trackPostback(t, { id: token, click: clickId, exto: 'TM-4411', status: 'new' });
    expect(created.status, created.text).toBe(200);
    const r = await postback(t, { lead: 'TM-4411', status: 'approved', token });
    expect(r.status, r.text).toBe(200);
    expect(r.body.lead_id).toBe(created.body.lead_id);
    expect(await conversionOf(clickId)).toMatchObject({ status: 'approved' });
    // postback.json: exto alone, without a click, finds it too.
    const byExto = await trackPostback(t, { id: token, exto: 'TM-4411', status: 'hold' });
    expect(byExto.status, byExto.text).toBe(200);
    expect(await conversionOf(clickId)).toMatchObject({ status: 'hold' });

    const pushedClick = await makeClick(t, net);
    const pushed = await postback(t, { click_id: pushedClick, status: 'new', token });
    await t.ctx.db
      .updateTable('leads')
      .set({ adv_lead_id: 'TM-9001' })
      .where('id', '=', pushed.body.lead_id)
      .execute();
    const byPush = await postback(t, { lead: 'TM-9001', status: 'rejected', token });
    expect(byPush.status, byPush.text).toBe(200);
    expect(await conversionOf(pushedClick)).toMatchObject({ status: 'cancelled' });
  });

  it('409 conflict when two leads carry the id, rather than guess', async () => {
    const first = await makeClick(t, net);
    const second = await makeClick(t, net);
    await trackPostback(t, { id: token, click: first, exto: 'TM-TWICE', status: 'new' });
    const pushed = await postback(t, { click_id: second, status: 'new', token });
    await t.ctx.db
      .updateTable('leads')
      .set({ adv_lead_id: 'TM-TWICE' })
      .where('id', '=', pushed.body.lead_id)
      .execute();
    const r = await postback(t, { lead: 'TM-TWICE', status: 'approved', token });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ error: 'conflict', field: 'lead' });
  });

  it("404 no-lead for an id none of this advertiser's leads has, another advertiser's included", async () => {
    const other = await makeNetwork(t);
    const clickId = await makeClick(t, other);
    await trackPostback(t, {
      id: other.advertiser.postback_token,
      click: clickId,
      exto: 'TM-OTHER',
      status: 'new',
    });
    const r = await postback(t, { lead: 'TM-OTHER', status: 'approved', token });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: 'no-lead', field: 'lead' });
    expect(await conversionOf(clickId)).toMatchObject({ status: 'processing' });
  });
});

describe('property: a recognised payout parameter is booked at exactly its amount', () => {
  it('never records another amount in the same currency, whatever else is sent', async () => {
    const amount = fc.tuple(fc.nat(400), fc.nat(99)).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        fc.constantFrom(...PAYOUT_ALIASES),
        amount,
        fc.constantFrom('approved', 'hold', 'rejected', 'sale', 'lead', 'Upsell', '1', 'mystery'),
        fc.constantFrom(undefined, 'USD', 'usd'),
        fc.option(fc.constantFrom('cost', 'commission', 'sum', 'revenue'), { nil: undefined }),
        amount,
        async (endpoint, alias, value, status, currency, extraName, extraValue) => {
          const clickId = await makeClick(t, net);
          const params: Record<string, string | undefined> = { click_id: clickId, status, currency };
          if (extraName && extraName !== alias) params[extraName] = extraValue;
          params[alias] = value;
          const r = await send(endpoint, params);
          const landed = await conversionOf(clickId);
          if (r.status !== 200) {
            expect(landed, query(params)).toBeUndefined();
            return;
          }
          const [whole, cents] = value.split('.');
          const sent = Number(whole) * 100 + Number(cents);
          const booked = landed?.adv_payout;
          // When two payout aliases disagree, one of the sent amounts is used and the other is warned about.
          const other = params[extraName ?? ''];
          const allowed = [sent];
          if (other && extraName && PAYOUT_ALIASES.includes(extraName)) {
            const [w, c] = other.split('.');
            allowed.push(Number(w) * 100 + Number(c));
          }
          expect(allowed, query(params)).toContain(booked);
          expect(landed?.currency).toBe('USD');
        },
      ),
      { numRuns: 40 },
    );
  });
});
