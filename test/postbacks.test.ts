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
  postback,
  query,
  unbalancedEvents,
} from './helpers/conversions.js';
import { makeAdvertiser, makeOffer } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
let pbToken: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1', MAX_PAYOUT: '500.00' } });
  net = await makeNetwork(t);
  pbToken = net.advertiser.postback_token;
});
afterAll(() => t.close());

describe('GET /postback (seed 000 dialect)', () => {
  it('approves a click with no lead yet: creates the lead, the conversion and the ledger entries', async () => {
    const clickId = await makeClick(t, net);
    const r = await postback(t, {
      click_id: clickId,
      status: 'approved',
      payout: '10.00',
      comment: 'valid lead',
      token: pbToken,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      result: 'ok',
      lead_created: true,
      changes: {
        lead_created: true,
        conversion_created: true,
        status: { from: null, to: 'approved' },
        adv_payout: { from: '0.00', to: '10.00' },
        pub_payout: { from: '0.00', to: '7.50' },
      },
    });
    const [lead] = await leadsOfClick(t, clickId);
    expect(lead).toMatchObject({
      id: r.body.lead_id,
      source: 'postback',
      push_status: 'skipped',
      status: 'approved',
      status_comment: 'valid lead',
      offer_id: Number(net.offer.id),
      advertiser_id: Number(net.advertiser.id),
      publisher_id: Number(net.publisher.id),
      sub1: 'camp',
    });
    const [conversion] = await conversionsOfLead(t, lead!.id);
    expect(conversion).toMatchObject({
      id: r.body.conversion_id,
      click_id: clickId,
      status: 'approved',
      adv_payout: 1000,
      pub_payout: 750,
      currency: 'USD',
      comment: 'valid lead',
    });
    expect(await ledgerOf(t, conversion!.id)).toEqual({
      advertiser_receivable: 1000,
      publisher_approved: -750,
      network_margin: -250,
    });
    expect(await unbalancedEvents(t)).toEqual([]);
  });

  it('defaults the status to approved and the payout to the offer payout', async () => {
    const clickId = await makeClick(t, net);
    const r = await postback(t, { click_id: clickId, token: pbToken });
    expect(r.status).toBe(200);
    const [conversion] = await conversionsOfLead(t, r.body.lead_id);
    expect(conversion).toMatchObject({ status: 'approved', adv_payout: 1000, pub_payout: 750 });
  });

  it.each(['clickid', 'subid', 'cid', 'transaction_id'])('takes the click id under %s', async (name) => {
    const clickId = await makeClick(t, net);
    const r = await postback(t, { [name]: clickId, status: 'rejected', token: pbToken });
    expect(r.status).toBe(200);
    expect((await leadsOfClick(t, clickId))[0]?.status).toBe('cancelled');
  });

  it('answers a repeated postback with no-changes and writes nothing more', async () => {
    const clickId = await makeClick(t, net);
    const first = await postback(t, {
      click_id: clickId,
      status: 'approved',
      payout: '12.00',
      token: pbToken,
    });
    expect(first.body.result).toBe('ok');
    const before = {
      entries: await count(t, 'ledger_entries'),
      history: await count(t, 'lead_status_history'),
      leads: await count(t, 'leads'),
    };
    const again = await postback(t, {
      click_id: clickId,
      status: 'APPROVED',
      payout: '12.00',
      token: pbToken,
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ result: 'no-changes', lead_id: first.body.lead_id, changes: {} });
    expect({
      entries: await count(t, 'ledger_entries'),
      history: await count(t, 'lead_status_history'),
      leads: await count(t, 'leads'),
    }).toEqual(before);
    expect((await lastLog(t)).answer_code).toBe('no-changes');
  });

  it('walks a lead through processing, hold, approved and a chargeback, reversing on the ledger', async () => {
    const clickId = await makeClick(t, net);
    const processing = await postback(t, { click_id: clickId, status: 'pending', token: pbToken });
    const conversionId = processing.body.conversion_id;
    expect(await ledgerOf(t, conversionId)).toEqual({});
    await postback(t, { click_id: clickId, status: 'hold', token: pbToken });
    expect(await ledgerOf(t, conversionId)).toEqual({
      advertiser_pending: 1000,
      publisher_pending: -750,
      margin_pending: -250,
    });
    await postback(t, { click_id: clickId, status: 'approved', token: pbToken });
    expect(await ledgerOf(t, conversionId)).toEqual({
      advertiser_receivable: 1000,
      publisher_approved: -750,
      network_margin: -250,
    });
    const chargeback = await postback(t, { click_id: clickId, status: 'chargedback', token: pbToken });
    expect(chargeback.body.changes.status).toEqual({ from: 'approved', to: 'chargedback' });
    expect(await ledgerOf(t, conversionId)).toEqual({});
    const history = await t.ctx.db
      .selectFrom('lead_status_history')
      .select(['from_status', 'to_status', 'source'])
      .where('conversion_id', '=', conversionId)
      .orderBy('id')
      .execute();
    expect(history.map((h) => `${h.from_status}→${h.to_status}`)).toEqual([
      'null→processing',
      'processing→hold',
      'hold→approved',
      'approved→chargedback',
    ]);
    // Old entries are never edited: 3 postings for hold, 3+3 for hold→approved, 3 reversed.
    const entries = await t.ctx.db
      .selectFrom('ledger_entries')
      .select('id')
      .where('conversion_id', '=', conversionId)
      .execute();
    expect(entries).toHaveLength(12);
    expect(await unbalancedEvents(t)).toEqual([]);
  });

  it('strips special characters from the comment, cuts it to 1000 and keeps it when a later one is empty', async () => {
    const clickId = await makeClick(t, net);
    await postback(t, {
      click_id: clickId,
      status: 'rejected',
      comment: '<b>invalid</b> phone number; {retry} `later`',
      token: pbToken,
    });
    let [lead] = await leadsOfClick(t, clickId);
    expect(lead?.status_comment).toBe('binvalid/b phone number; retry later');
    await postback(t, { click_id: clickId, status: 'rejected', comment: '', token: pbToken });
    [lead] = await leadsOfClick(t, clickId);
    expect(lead?.status_comment).toBe('binvalid/b phone number; retry later');
    const long = await postback(t, {
      click_id: clickId,
      status: 'rejected',
      comment: 'x'.repeat(3000),
      token: pbToken,
    });
    expect(long.body).toMatchObject({ result: 'ok', changes: { comment: true } });
    [lead] = await leadsOfClick(t, clickId);
    expect(lead?.status_comment).toHaveLength(1000);
    const [conversion] = await conversionsOfLead(t, lead!.id);
    expect(conversion?.comment).toHaveLength(1000);
  });

  it('accepts POST with a form body and with a JSON body', async () => {
    const formClick = await makeClick(t, net);
    const form = await t.call('POST', '/postback', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: query({ click_id: formClick, status: 'declined', token: pbToken }),
    });
    expect(form.status).toBe(200);
    expect((await leadsOfClick(t, formClick))[0]?.status).toBe('cancelled');
    const jsonClick = await makeClick(t, net);
    const json = await t.call('POST', `/postback?token=${pbToken}`, {
      body: { click_id: jsonClick, status: 'dno', payout: 9.5 },
    });
    expect(json.status).toBe(200);
    expect((await leadsOfClick(t, jsonClick))[0]?.status).toBe('wrong_number');
    expect((await conversionsOfLead(t, json.body.lead_id))[0]?.adv_payout).toBe(950);
  });

  it('tolerates unknown parameters and logs them with the request', async () => {
    const clickId = await makeClick(t, net);
    const r = await postback(t, { click_id: clickId, token: pbToken, aff_sub: 'x1', network: 'whocpa' });
    expect(r.status).toBe(200);
    const log = await lastLog(t);
    expect(log).toMatchObject({
      endpoint: 'postback',
      answer_status: 200,
      answer_code: 'ok',
      click_id: clickId,
      lead_id: r.body.lead_id,
      conversion_id: r.body.conversion_id,
      advertiser_id: Number(net.advertiser.id),
      offer_id: Number(net.offer.id),
      unknown_params: ['aff_sub', 'network'],
    });
    expect(log.params).toMatchObject({ click_id: clickId, aff_sub: 'x1', network: 'whocpa' });
    expect(log.params.token).toBe(`${pbToken.slice(0, 4)}***`);
    expect(r.headers['x-postback-log-id']).toBe(log.id);
  });
});

describe('refused postbacks: answered, logged, nothing changed', () => {
  async function expectRefused(
    params: Record<string, string | undefined>,
    status: number,
    code: string,
    message?: RegExp,
  ) {
    const leads = await count(t, 'leads');
    const entries = await count(t, 'ledger_entries');
    const r = await postback(t, params);
    expect(r.status, r.text).toBe(status);
    expect(r.body.error).toBe(code);
    if (message) expect(r.body.message).toMatch(message);
    expect(await count(t, 'leads')).toBe(leads);
    expect(await count(t, 'ledger_entries')).toBe(entries);
    const log = await lastLog(t);
    expect(log).toMatchObject({ answer_status: status, answer_code: code });
    return log;
  }

  it('403 access without a token, with a wrong one, and for another advertiser’s click', async () => {
    const clickId = await makeClick(t, net);
    await expectRefused({ click_id: clickId }, 403, 'access', /token is missing/);
    await expectRefused({ click_id: clickId, token: 'not-a-token' }, 403, 'access');
    const other = await makeAdvertiser(t, net.token, { name: 'Other network' });
    await expectRefused(
      { click_id: clickId, token: other.postback_token },
      403,
      'access',
      /another advertiser/,
    );
  });

  it('404 bad-click for an unknown click', async () => {
    const log = await expectRefused({ click_id: 'CLK1A2B3C4D5E6F', token: pbToken }, 404, 'bad-click');
    expect(log.click_id).toBe('CLK1A2B3C4D5E6F');
  });

  it('404 bad-click for a click refused at tracking', async () => {
    const offer = await makeOffer(t, net.token, { advertiser_id: net.advertiser.id, geo: 'IN' });
    const r = await t.call('GET', `/click?offer_id=${offer.id}&pub_id=${net.publisher.id}`, {
      headers: { 'x-forwarded-for': '8.8.4.4', 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
    });
    await t.ctx.clickWriter.flush();
    const refused = await t.ctx.db
      .selectFrom('clicks')
      .select('id')
      .where('offer_id', '=', Number(offer.id))
      .executeTakeFirstOrThrow();
    expect(r.status).not.toBe(302);
    await expectRefused({ click_id: refused.id, token: pbToken }, 404, 'bad-click', /geo_mismatch/);
  });

  it('422 no-click without a click id', async () => {
    await expectRefused({ status: 'approved', token: pbToken }, 422, 'no-click');
  });

  it('422 bad-status for a word nothing recognises, saying so', async () => {
    const clickId = await makeClick(t, net);
    await expectRefused(
      { click_id: clickId, status: 'banana', token: pbToken },
      422,
      'bad-status',
      /status "banana" is not recognised/,
    );
  });

  it.each([
    ['ten', /non-negative decimal/],
    ['-5.00', /non-negative decimal/],
    ['1e3', /non-negative decimal/],
    ['10.005', /more than 2 decimals/],
    ['500.01', /over the ceiling of 500.00/],
    ['99999999999', /over the ceiling/],
  ])('422 bad-payout for payout=%s', async (payout, message) => {
    const clickId = await makeClick(t, net);
    await expectRefused({ click_id: clickId, payout, token: pbToken }, 422, 'bad-payout', message);
  });

  it('422 bad-params for a parameter sent twice', async () => {
    const clickId = await makeClick(t, net);
    const leads = await count(t, 'leads');
    const r = await t.call(
      'GET',
      `/postback?click_id=${clickId}&status=approved&status=rejected&token=${pbToken}`,
    );
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: 'bad-params' });
    expect(r.body.message).toMatch(/status: given 2 times/);
    expect(await count(t, 'leads')).toBe(leads);
  });

  it('422 bad-params for a body that is not JSON or a form, still logged', async () => {
    const broken = await t.call('POST', `/postback?token=${pbToken}`, {
      headers: { 'content-type': 'application/json' },
      body: '{"click_id": ',
    });
    expect(broken.status).toBe(422);
    expect(broken.body).toMatchObject({ error: 'bad-params', message: 'body: not valid JSON' });
    expect((await lastLog(t)).answer_code).toBe('bad-params');
    const text = await t.call('POST', `/postback?token=${pbToken}`, {
      headers: { 'content-type': 'text/plain' },
      body: 'click_id=abc',
    });
    expect(text.status).toBe(422);
    expect(text.body.message).toMatch(/text\/plain is not JSON or a form/);
    expect((await lastLog(t)).params).toMatchObject({ token: `${pbToken.slice(0, 4)}***` });
  });
});

describe('a payout below the publisher’s (issue 15)', () => {
  it('keeps an advertiser payout sent alone even below the publisher payout: the advertiser’s word, a negative margin', async () => {
    const clickId = await makeClick(t, net);
    const r = await postback(t, { click_id: clickId, status: 'approved', payout: '5.00', token: pbToken });
    expect(r.status, r.text).toBe(200);
    const [conversion] = await conversionsOfLead(t, r.body.lead_id);
    expect(conversion).toMatchObject({ adv_payout: 500, pub_payout: 750 });
  });
});
