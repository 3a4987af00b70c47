import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.js';
import { insertLead } from '../src/modules/leads/queries.js';
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
  unbalancedEvents,
} from './helpers/conversions.js';
import { makeAdvertiser, makeOffer } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
let id: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
  id = net.advertiser.postback_token;
});
afterAll(() => t.close());

const approvedLedger = (adv: number, pub: number) => ({
  advertiser_receivable: adv,
  publisher_approved: -pub,
  ...(adv === pub ? {} : { network_margin: pub - adv }),
});

describe('exto / uid: the advertiser’s unique lead id (seed 001 "Working with duplicates")', () => {
  it('never makes a second lead for the same click and exto', async () => {
    const click = await makeClick(t, net);
    const first = await trackPostback(t, { id, click, exto: 'L-100' });
    expect(first.body).toMatchObject({ result: 'ok', lead_created: true });
    const again = await trackPostback(t, { id, click, exto: 'L-100' });
    expect(again.body).toMatchObject({ result: 'no-changes', lead_id: first.body.lead_id });
    const leads = await leadsOfClick(t, click);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ external_id: 'L-100', status: 'processing', source: 'postback' });
  });

  it('keeps two advertiser leads on one click apart and changes exactly the one named', async () => {
    const click = await makeClick(t, net);
    const a = await trackPostback(t, { id, click, uid: 'A1' });
    const b = await trackPostback(t, { id, click, uid: 'B2' });
    expect(a.body.lead_id).not.toBe(b.body.lead_id);
    await trackPostback(t, { id, click, uid: 'B2', status: 'approve' });
    const leads = await leadsOfClick(t, click);
    expect(leads.map((l) => [l.external_id, l.status])).toEqual([
      ['A1', 'processing'],
      ['B2', 'approved'],
    ]);
  });

  it("gives the advertiser's id to the form lead of the click instead of making another", async () => {
    const click = await makeClick(t, net);
    const now = t.clock.now().toISOString();
    const formLead = await insertLead(t.ctx.db, {
      id: newId(),
      created_at: now,
      updated_at: now,
      source: 'api',
      click_id: click,
      offer_id: Number(net.offer.id),
      advertiser_id: Number(net.advertiser.id),
      publisher_id: Number(net.publisher.id),
      status: 'processing',
      name: 'John',
      phone: '+919876543210',
      push_status: 'sent',
      push_attempts: 1,
      meta: '{}',
      tags: '{}',
    });
    const r = await trackPostback(t, { id, click, exto: 'WHO-77', status: 'approve' });
    expect(r.body).toMatchObject({ lead_id: formLead.id, lead_created: false });
    const leads = await leadsOfClick(t, click);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      external_id: 'WHO-77',
      status: 'approved',
      name: 'John',
      source: 'api',
    });
  });
});

describe('goals (seed 001 "Working with goals")', () => {
  it('pays the goal found by key or alias and refuses an unknown goal', async () => {
    const click = await makeClick(t, net);
    const reg = await trackPostback(t, { id, click, goal: 'registration', status: 'approved', auto: '1' });
    expect(reg.status).toBe(200);
    const [conversion] = await conversionsOfLead(t, reg.body.lead_id);
    expect(conversion).toMatchObject({ goal: 'reg', adv_payout: 300, pub_payout: 200 });
    expect((await leadsOfClick(t, click))[0]?.goal).toBe('reg');
    const before = await count(t, 'ledger_entries');
    const unknown = await trackPostback(t, { id, click, goal: 'purchase', status: 'approved' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ error: 'bad-goal' });
    expect(unknown.body.message).toMatch(/goals: reg, dep/);
    expect(await count(t, 'ledger_entries')).toBe(before);
  });

  it('recalculates the commission of an approved lead when its goal changes, by reversal', async () => {
    const click = await makeClick(t, net);
    const reg = await trackPostback(t, { id, click, goal: 'reg', status: 'approve', auto: '1' });
    const conversionId = reg.body.conversion_id;
    expect(await ledgerOf(t, conversionId)).toEqual(approvedLedger(300, 200));
    const dep = await trackPostback(t, { id, click, goal: 'FTD' });
    expect(dep.body.changes).toMatchObject({
      goal: { from: 'reg', to: 'dep' },
      adv_payout: { from: '3.00', to: '40.00' },
      pub_payout: { from: '2.00', to: '30.00' },
    });
    expect(dep.body.changes.status).toBeUndefined();
    expect(await ledgerOf(t, conversionId)).toEqual(approvedLedger(4000, 3000));
    const memos = await t.ctx.db
      .selectFrom('ledger_entries')
      .select(['memo', 'amount', 'account'])
      .where('conversion_id', '=', conversionId)
      .orderBy('id')
      .execute();
    const reversal = memos.filter((m) => m.memo.startsWith('reversal'));
    expect(Object.fromEntries(reversal.map((m) => [m.account, Number(m.amount)]))).toEqual({
      advertiser_receivable: -300,
      publisher_approved: 200,
      network_margin: 100,
    });
    expect(await unbalancedEvents(t)).toEqual([]);
  });

  it("uses the publisher's custom payout on the offer when the conversion has no goal", async () => {
    const assigned = await t.call('POST', `/api/admin/publishers/${net.publisher.id}/offers`, {
      token: net.token,
      body: { offer_id: net.offer.id, payout: '8.25' },
    });
    expect(assigned.status).toBe(201);
    try {
      const click = await makeClick(t, net);
      const r = await trackPostback(t, { id, click, status: 'approved', auto: '1' });
      expect(await ledgerOf(t, r.body.conversion_id)).toEqual(approvedLedger(1000, 825));
      // A goal has its own payouts: the custom offer payout does not apply.
      const dep = await trackPostback(t, { id, click, goal: 'dep' });
      expect(await ledgerOf(t, dep.body.conversion_id)).toEqual(approvedLedger(4000, 3000));
    } finally {
      await t.call('DELETE', `/api/admin/publishers/${net.publisher.id}/offers/${net.offer.id}`, {
        token: net.token,
      });
    }
  });
});

describe('payouts: pay / price, wm, currency / cc (seed 001 "Special commission")', () => {
  it('lets pay set the advertiser payout only and wm the publisher payout only', async () => {
    const click = await makeClick(t, net);
    const r = await trackPostback(t, { id, click, status: 'approved', auto: '1', pay: '12.40' });
    expect(await ledgerOf(t, r.body.conversion_id)).toEqual(approvedLedger(1240, 750));
    await trackPostback(t, { id, click, status: 'approved', wm: '9.00' });
    expect(await ledgerOf(t, r.body.conversion_id)).toEqual(approvedLedger(1240, 900));
    await trackPostback(t, { id, click, status: 'approved', price: '15' });
    expect(await ledgerOf(t, r.body.conversion_id)).toEqual(approvedLedger(1500, 900));
  });

  it('keeps a stored payout through later status changes', async () => {
    const click = await makeClick(t, net);
    const r = await trackPostback(t, { id, click, status: 'hold', auto: '1', pay: '11.00', wm: '8.00' });
    await trackPostback(t, { id, click, status: 'approved' });
    expect(await ledgerOf(t, r.body.conversion_id)).toEqual(approvedLedger(1100, 800));
  });

  it('refuses amounts in another currency with no rate for it, alone or with wm (issue 22, item 5)', async () => {
    const click = await makeClick(t, net);
    for (const amounts of [{ pay: '9.00' }, { pay: '9.00', wm: '6.00' }, { wm: '6.00' }]) {
      const r = await trackPostback(t, { id, click, status: 'approved', auto: '1', cc: 'EUR', ...amounts });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: 'bad-currency', field: 'currency' });
      expect(r.body.message).toMatch(/no exchange rate for EUR is known on or before \d{4}-\d{2}-\d{2}/);
    }
    expect(await leadsOfClick(t, click)).toHaveLength(0);
    const same = await trackPostback(t, {
      id,
      click: await makeClick(t, net),
      auto: '1',
      status: 'ok',
      pay: '8',
      cc: 'USD',
    });
    expect(same.status).toBe(200);
    // A currency with no amount converts nothing and is not refused.
    const bare = await trackPostback(t, {
      id,
      click: await makeClick(t, net),
      auto: '1',
      status: 'ok',
      cc: 'EUR',
    });
    expect(bare.status, bare.text).toBe(200);
  });

  it.each([
    [{ currency: 'XYZ' }, 'bad-currency'],
    [{ cc: 'dollars' }, 'bad-currency'],
    [{ goal: 'g'.repeat(65) }, 'bad-params'],
    [{ pay: 'abc' }, 'bad-payout'],
    [{ wm: '-1' }, 'bad-payout'],
    [{ pay: '20000.00' }, 'bad-payout'],
  ])('refuses %o with 422 %s and changes nothing', async (params, code) => {
    const click = await makeClick(t, net);
    const r = await trackPostback(t, { id, click, status: 'approved', auto: '1', ...params });
    expect(r.status).toBe(422);
    expect(r.body.error).toBe(code);
    expect(await leadsOfClick(t, click)).toHaveLength(0);
    expect((await lastLog(t)).answer_code).toBe(code);
  });
});

describe('special statuses sta, stc, stt, sth, stw, stn and auto=1', () => {
  it('runs the KMA example from seed 003: stn=P&sta=A&stc=D&stt=F', async () => {
    const kma = { stn: 'P', sta: 'A', stc: 'D', stt: 'F' };
    const approvedClick = await makeClick(t, net);
    const created = await trackPostback(t, { id, click: approvedClick, exto: '9001', status: 'P', ...kma });
    expect(created.body).toMatchObject({
      result: 'ok',
      lead_created: true,
      changes: { status: { from: null, to: 'processing' } },
    });
    const repeated = await trackPostback(t, { id, click: approvedClick, exto: '9001', status: 'P', ...kma });
    expect(repeated.body.result).toBe('no-changes');
    const approved = await trackPostback(t, { id, click: approvedClick, exto: '9001', status: 'A', ...kma });
    expect(approved.body.changes.status).toEqual({ from: 'processing', to: 'approved' });
    // A late "new" never takes an approved lead back.
    const late = await trackPostback(t, { id, click: approvedClick, exto: '9001', status: 'P', ...kma });
    expect(late.body.result).toBe('no-changes');
    expect((await leadsOfClick(t, approvedClick))[0]?.status).toBe('approved');

    const cancelClick = await makeClick(t, net);
    await trackPostback(t, { id, click: cancelClick, exto: '9002', status: 'P', ...kma });
    await trackPostback(t, { id, click: cancelClick, exto: '9002', status: 'D', ...kma });
    const trashClick = await makeClick(t, net);
    await trackPostback(t, { id, click: trashClick, exto: '9003', status: 'P', ...kma });
    await trackPostback(t, { id, click: trashClick, exto: '9003', status: 'f', ...kma });
    expect((await leadsOfClick(t, cancelClick))[0]?.status).toBe('cancelled');
    expect((await leadsOfClick(t, trashClick))[0]?.status).toBe('wrong_number');

    // A status change for a click that never had its new-lead postback creates nothing.
    const orphan = await makeClick(t, net);
    const refused = await trackPostback(t, { id, click: orphan, exto: '9004', status: 'A', ...kma });
    expect(refused.status).toBe(404);
    expect(refused.body.error).toBe('no-lead');
    expect(await leadsOfClick(t, orphan)).toHaveLength(0);
  });

  it('reads sth and stw lists and falls back to recognition for other words', async () => {
    const click = await makeClick(t, net);
    const overrides = { sth: 'on_check,verify', stw: 'call-back' };
    await trackPostback(t, { id, click, ...overrides });
    await trackPostback(t, { id, click, status: 'Verify', ...overrides });
    expect((await leadsOfClick(t, click))[0]?.status).toBe('hold');
    await trackPostback(t, { id, click, status: 'CALL_BACK', ...overrides });
    expect((await leadsOfClick(t, click))[0]?.status).toBe('processing');
    await trackPostback(t, { id, click, status: 'confirmed', ...overrides });
    expect((await leadsOfClick(t, click))[0]?.status).toBe('approved');
    const unknown = await trackPostback(t, { id, click, status: 'mystery', ...overrides });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ error: 'bad-status' });
  });

  it('creates a lead directly in the given status with auto=1 and changes an existing one', async () => {
    const click = await makeClick(t, net);
    const without = await trackPostback(t, { id, click, status: 'approve' });
    expect(without.status).toBe(404);
    const auto = await trackPostback(t, { id, click, status: 'approve', auto: '1' });
    expect(auto.body).toMatchObject({
      lead_created: true,
      changes: { status: { from: null, to: 'approved' } },
    });
    const cancel = await trackPostback(t, { id, click, status: 'cancel', auto: '1' });
    expect(cancel.body).toMatchObject({ lead_created: false, lead_id: auto.body.lead_id });
    expect(await leadsOfClick(t, click)).toHaveLength(1);
  });

  it('creates a lead from a plain "new" or processing word without stn', async () => {
    const click = await makeClick(t, net);
    const r = await trackPostback(t, { id, click, status: 'pending' });
    expect(r.body).toMatchObject({ lead_created: true });
    const hold = await trackPostback(t, { id, click, status: 'hold' });
    expect(hold.body.changes.status).toEqual({ from: 'processing', to: 'hold' });
    const fresh = await trackPostback(t, { id, click, status: 'new' });
    expect(fresh.body.result).toBe('no-changes');
  });
});

describe('working without a click id: flow / code + subid', () => {
  let flow: { id: string; code: string };
  beforeAll(async () => {
    const r = await t.call('POST', '/api/admin/flows', {
      token: net.token,
      body: {
        publisher_id: net.publisher.id,
        offer_id: net.offer.id,
        name: 'App installs',
        code: 'app-installs',
      },
    });
    flow = r.body;
  });

  it('creates and changes a lead by flow id and subid, and by flow code', async () => {
    const created = await trackPostback(t, {
      id,
      flow: flow.id,
      subid: 'device-1',
      geo: 'in',
      ip: '49.36.1.2',
    });
    expect(created.body).toMatchObject({ result: 'ok', lead_created: true });
    const lead = await t.ctx.db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', created.body.lead_id)
      .executeTakeFirstOrThrow();
    expect(lead).toMatchObject({
      click_id: null,
      flow_id: Number(flow.id),
      publisher_id: Number(net.publisher.id),
      external_id: 'device-1',
      country: 'IN',
      ip: '49.36.1.2',
    });
    const approved = await trackPostback(t, {
      id,
      code: 'app-installs',
      subid: 'device-1',
      status: 'approved',
    });
    expect(approved.body).toMatchObject({
      lead_id: lead.id,
      changes: { status: { from: 'processing', to: 'approved' } },
    });
    const byCodeInFlow = await trackPostback(t, { id, flow: 'app-installs', subid: 'device-2' });
    expect(byCodeInFlow.body.lead_created).toBe(true);
    const log = await lastLog(t);
    expect(log.flow_id).toBe(Number(flow.id));
  });

  it('requires subid, and answers bad-flow and access', async () => {
    const noSubid = await trackPostback(t, { id, flow: flow.id, status: 'approved' });
    expect(noSubid.status).toBe(422);
    expect(noSubid.body).toMatchObject({ error: 'no-click' });
    expect(noSubid.body.message).toMatch(/subid/);
    const badFlow = await trackPostback(t, { id, flow: '999999', subid: 'x' });
    expect(badFlow.status).toBe(404);
    expect(badFlow.body.error).toBe('bad-flow');
    const other = await makeAdvertiser(t, net.token, { name: 'Stranger' });
    const foreign = await trackPostback(t, { id: other.postback_token, flow: flow.id, subid: 'x' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('access');
    const nothing = await trackPostback(t, { id, status: 'approved' });
    expect(nothing.status).toBe(422);
    expect(nothing.body.error).toBe('no-click');
  });
});

describe('lead data and tags (seed 003)', () => {
  it('stores name, phone, email, comment, geo, ip and meta fields, and tags that replace the click’s', async () => {
    const click = await makeClick(t, net, '&utm_source=facebook&utm_campaign=spring&utm_term=keto');
    const r = await trackPostback(t, {
      id,
      click,
      name: 'Asha Rao',
      phone: '98765 43210',
      email: 'asha@example',
      comment: 'call after 6pm <please>',
      geo: 'IN',
      ip: '49.36.9.9',
      'meta[age]': '34',
      'meta[city]': 'Pune',
      utm_source: 'tiktok',
      subid: 'sub-77',
      domain: 'keto.example',
      adid: 'ad-5',
      data1: 'd1',
      data2: 'd2',
      utm_medium: 'cpc',
      utm_content: 'video',
    });
    expect(r.status).toBe(200);
    const [lead] = await leadsOfClick(t, click);
    expect(lead).toMatchObject({
      name: 'Asha Rao',
      phone: '98765 43210',
      email: 'asha@example',
      comment: 'call after 6pm please',
      country: 'IN',
      ip: '49.36.9.9',
    });
    expect(JSON.parse(lead!.meta)).toEqual({ age: '34', city: 'Pune' });
    expect(JSON.parse(lead!.tags)).toEqual({
      utm_source: 'tiktok',
      utm_campaign: 'spring',
      utm_term: 'keto',
      utm_medium: 'cpc',
      utm_content: 'video',
      subid: 'sub-77',
      domain: 'keto.example',
      adid: 'ad-5',
      data1: 'd1',
      data2: 'd2',
    });
    const again = await trackPostback(t, { id, click, name: 'Asha R.', 'meta[city]': 'Mumbai' });
    expect(again.body).toMatchObject({ result: 'ok', changes: { lead_data: ['name', 'meta[city]'] } });
    expect(again.body.changes.status).toBeUndefined();
  });

  it('accepts the dialect as a POST form body', async () => {
    const click = await makeClick(t, net);
    const r = await t.call('POST', '/api/track/postback.json', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: query({ id, click, status: 'approve', auto: '1', goal: 'dep', 'meta[source]': 'form' }),
    });
    expect(r.status).toBe(200);
    const [lead] = await leadsOfClick(t, click);
    expect(lead).toMatchObject({ status: 'approved', goal: 'dep' });
    expect(JSON.parse(lead!.meta)).toEqual({ source: 'form' });
  });
});

describe('offers of other advertisers', () => {
  it('refuses a click of another advertiser’s offer with 403 access', async () => {
    const otherAdvertiser = await makeAdvertiser(t, net.token, { name: 'Third' });
    const otherOffer = await makeOffer(t, net.token, { advertiser_id: otherAdvertiser.id, geo: '' });
    const click = await makeClick(t, { offer: otherOffer, publisher: net.publisher });
    const r = await trackPostback(t, { id, click, status: 'approve', auto: '1' });
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('access');
    expect(await leadsOfClick(t, click)).toHaveLength(0);
  });
});

describe('a publisher payout above the advertiser’s (issue 15)', () => {
  it('the issue’s attack: pay=0&wm=10000 is 422 bad-payout naming both amounts; nothing changes; logged', async () => {
    const click = await makeClick(t, net);
    const [leads, conversions, entries] = [
      await count(t, 'leads'),
      await count(t, 'conversions'),
      await count(t, 'ledger_entries'),
    ];
    const r = await trackPostback(t, { id, click, status: 'approved', auto: '1', pay: '0', wm: '10000' });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: 'bad-payout', field: 'wm' });
    expect(r.body.message).toContain('publisher payout 10000.00 exceeds advertiser payout 0.00 (USD)');
    expect(r.body.message).toContain('allow_pub_above_adv');
    expect([
      await count(t, 'leads'),
      await count(t, 'conversions'),
      await count(t, 'ledger_entries'),
    ]).toEqual([leads, conversions, entries]);
    expect(await leadsOfClick(t, click)).toHaveLength(0);
    const log = await lastLog(t);
    expect(log).toMatchObject({ endpoint: 'postback.json', answer_status: 422, answer_code: 'bad-payout' });
    expect(log.message).toContain('exceeds advertiser payout');
    expect(log.params).toMatchObject({ wm: '10000', pay: '0' });
  });

  it('refuses wm above the stored advertiser payout of an existing conversion, or above a pay sent with it', async () => {
    const click = await makeClick(t, net);
    const r = await trackPostback(t, { id, click, status: 'approved', auto: '1' });
    expect(await ledgerOf(t, r.body.conversion_id)).toEqual(approvedLedger(1000, 750));
    for (const [params, message] of [
      [{ wm: '10.01' }, 'publisher payout 10.01 exceeds advertiser payout 10.00'],
      [{ pay: '5.00', wm: '6.00' }, 'publisher payout 6.00 exceeds advertiser payout 5.00'],
    ] as const) {
      const refused = await trackPostback(t, { id, click, status: 'approved', ...params });
      expect(refused.status, JSON.stringify(params)).toBe(422);
      expect(refused.body.message).toContain(message);
    }
    expect(await ledgerOf(t, r.body.conversion_id)).toEqual(approvedLedger(1000, 750));
    // Equal is allowed, and so is anything at or under the advertiser payout.
    expect((await trackPostback(t, { id, click, status: 'approved', wm: '10.00' })).status).toBe(200);
    expect(await ledgerOf(t, r.body.conversion_id)).toEqual(approvedLedger(1000, 1000));
    // A status change that sends no amounts is not checked against anything.
    expect((await trackPostback(t, { id, click, status: 'hold' })).status).toBe(200);
  });

  it('compares in the conversion’s currency: both amounts sent in EUR, converted to the USD offer first', async () => {
    const rate = await t.call('POST', '/api/admin/currency-rates', {
      token: net.token,
      body: { currency: 'EUR', rate_date: '2020-01-01', rate: '2' },
    });
    expect([200, 201], rate.text).toContain(rate.status);
    const click = await makeClick(t, net);
    const r = await trackPostback(t, {
      id,
      click,
      auto: '1',
      status: 'approved',
      pay: '9.00',
      wm: '12.00',
      cc: 'EUR',
    });
    expect(r.status).toBe(422);
    expect(r.body.message).toContain('publisher payout 24.00 exceeds advertiser payout 18.00 (USD)');
  });

  it('lets an offer that allows it (allow_pub_above_adv) pay the publisher more', async () => {
    const allowing = await makeNetwork(t, { allow_pub_above_adv: true });
    expect(allowing.offer).toMatchObject({ allow_pub_above_adv: true });
    const click = await makeClick(t, allowing);
    const r = await trackPostback(t, {
      id: allowing.advertiser.postback_token,
      click,
      status: 'approved',
      auto: '1',
      pay: '2.00',
      wm: '12.00',
    });
    expect(r.status, r.text).toBe(200);
    expect(await ledgerOf(t, r.body.conversion_id)).toEqual(approvedLedger(200, 1200));
    expect(
      (await t.call('GET', `/api/admin/offers/${net.offer.id}`, { token: net.token })).body
        .allow_pub_above_adv,
    ).toBe(false);
  });
});
