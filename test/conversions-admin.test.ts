import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  count,
  leadsOfClick,
  ledgerOf,
  makeClick,
  makeNetwork,
  type Network,
  postback,
  trackPostback,
} from './helpers/conversions.js';
import { makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
let token: string;
let pbToken: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
  token = net.token;
  pbToken = net.advertiser.postback_token;
});
afterAll(() => t.close());

describe('POST /api/admin/leads/:id/status', () => {
  it('changes a lead by hand through the same pipeline, with the reason in the history', async () => {
    const click = await makeClick(t, net);
    const created = await postback(t, { click_id: click, status: 'hold', token: pbToken });
    const leadId = created.body.lead_id;
    const r = await t.call('POST', `/api/admin/leads/${leadId}/status`, {
      token,
      body: { status: 'approved', reason: 'advertiser confirmed by email', goal: 'deposit' },
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      result: 'ok',
      lead_id: leadId,
      conversion_id: created.body.conversion_id,
      from: { status: 'hold', goal: null, adv_payout: '10.00', pub_payout: '7.50', currency: 'USD' },
      to: { status: 'approved', goal: 'dep', adv_payout: '40.00', pub_payout: '30.00', currency: 'USD' },
    });
    expect(r.body.ledger_event_ids).toHaveLength(2);
    expect(await ledgerOf(t, created.body.conversion_id)).toEqual({
      advertiser_receivable: 4000,
      publisher_approved: -3000,
      network_margin: -1000,
    });
    const history = await t.call('GET', `/api/admin/leads/${leadId}/status-history`, { token });
    expect(
      history.body.data.map((h: any) => [h.from_status, h.to_status, h.source, h.reason, h.actor]),
    ).toEqual([
      [null, 'hold', 'postback', null, null],
      ['hold', 'approved', 'admin', 'advertiser confirmed by email', expect.stringMatching(/^admin:\d+$/)],
    ]);
    const same = await t.call('POST', `/api/admin/leads/${leadId}/status`, {
      token,
      body: { status: 'approved', reason: 'again' },
    });
    expect(same.body).toMatchObject({ result: 'no-changes', ledger_event_ids: [] });
  });

  it('refuses an unknown status, an unknown goal, a missing reason and an unknown lead', async () => {
    const click = await makeClick(t, net);
    const { body } = await postback(t, { click_id: click, token: pbToken });
    const call = (b: Record<string, unknown>, id = body.lead_id) =>
      t.call('POST', `/api/admin/leads/${id}/status`, { token, body: b });
    expect((await call({ status: 'paid', reason: 'x' })).status).toBe(400);
    expect((await call({ status: 'cancelled' })).status).toBe(400);
    const badGoal = await call({ status: 'cancelled', reason: 'x', goal: 'nope' });
    expect(badGoal.status).toBe(422);
    expect(badGoal.body.error).toBe('bad-goal');
    expect((await call({ status: 'cancelled', reason: 'x' }, '01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await leadsOfClick(t, click))[0]?.status).toBe('approved');
  });

  it('needs an admin', async () => {
    const pub = await makePublisher(t, token);
    const r = await t.call('POST', '/api/admin/leads/01ARZ3NDEKTSV4RRFFQ69G5FAV/status', {
      token: pub.token,
      body: { status: 'approved', reason: 'me' },
    });
    expect(r.status).toBe(403);
  });
});

describe('GET /api/admin/conversions', () => {
  it('lists with filters and pagination, amounts as decimal strings', async () => {
    const fresh = await makeNetwork(t);
    const clicks = [await makeClick(t, fresh), await makeClick(t, fresh), await makeClick(t, fresh)];
    const ptoken = fresh.advertiser.postback_token;
    await trackPostback(t, { id: ptoken, click: clicks[0], status: 'approved', goal: 'reg', auto: '1' });
    await trackPostback(t, { id: ptoken, click: clicks[1], status: 'rejected', auto: '1' });
    await trackPostback(t, { id: ptoken, click: clicks[2], status: 'approved', goal: 'dep', auto: '1' });
    const all = await t.call('GET', `/api/admin/conversions?offer_id=${fresh.offer.id}`, { token });
    expect(all.body.total).toBe(3);
    expect(all.body.data[0]).toMatchObject({
      offer_id: fresh.offer.id,
      publisher_id: fresh.publisher.id,
      goal: 'dep',
      status: 'approved',
      adv_payout: '40.00',
      pub_payout: '30.00',
      profit: '10.00',
      currency: 'USD',
    });
    const approved = await t.call(
      'GET',
      `/api/admin/conversions?offer_id=${fresh.offer.id}&status=approved`,
      { token },
    );
    expect(approved.body.total).toBe(2);
    const reg = await t.call('GET', `/api/admin/conversions?publisher_id=${fresh.publisher.id}&goal=reg`, {
      token,
    });
    expect(reg.body.data.map((c: any) => c.goal)).toEqual(['reg']);
    const page = await t.call('GET', `/api/admin/conversions?offer_id=${fresh.offer.id}&per_page=2&page=2`, {
      token,
    });
    expect(page.body).toMatchObject({ page: 2, per_page: 2, total: 3 });
    expect(page.body.data).toHaveLength(1);
    const today = await t.call(
      'GET',
      `/api/admin/conversions?offer_id=${fresh.offer.id}&from=2026-06-01&to=2026-06-01`,
      { token },
    );
    expect(today.body.total).toBe(3);
    const tomorrow = await t.call(
      'GET',
      `/api/admin/conversions?offer_id=${fresh.offer.id}&from=2026-06-02`,
      { token },
    );
    expect(tomorrow.body.total).toBe(0);
    const one = await t.call('GET', `/api/admin/conversions/${all.body.data[0].id}`, { token });
    expect(one.body.id).toBe(all.body.data[0].id);
  });
});

describe('seed 002: the flow, the click hash and the UID on Clicks and Conversions', () => {
  it('filters clicks and conversions by flow and shows each conversion’s click and the advertiser’s UID', async () => {
    const fresh = await makeNetwork(t);
    const flow = await t.call('POST', '/api/publisher/flows', {
      token: fresh.publisher.token,
      body: { offer_id: fresh.offer.id, name: 'TikTok', code: `tt-${fresh.offer.id}` },
    });
    expect(flow.status, flow.text).toBe(201);
    const visit = await t.call('GET', `/f/tt-${fresh.offer.id}`, {
      headers: {
        'user-agent':
          'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36',
        'x-forwarded-for': '8.200.7.7',
      },
    });
    expect(visit.status).toBe(302);
    await t.ctx.clickWriter.flush();
    const direct = await makeClick(t, fresh);
    const clicks = await t.call('GET', `/api/admin/clicks?flow_id=${flow.body.id}`, { token });
    expect(clicks.body.total).toBe(1);
    const viaFlow = clicks.body.data[0];
    expect(viaFlow.flow_id).toBe(flow.body.id);

    const ptoken = fresh.advertiser.postback_token;
    const r1 = await trackPostback(t, {
      id: ptoken,
      click: viaFlow.id,
      uid: 'ADV-77',
      status: 'approved',
      auto: '1',
    });
    expect(r1.status, r1.text).toBe(200);
    const r2 = await trackPostback(t, { id: ptoken, click: direct, status: 'approved', auto: '1' });
    expect(r2.status, r2.text).toBe(200);
    const byFlow = await t.call('GET', `/api/admin/conversions?flow_id=${flow.body.id}`, { token });
    expect(byFlow.body.total).toBe(1);
    expect(byFlow.body.data[0]).toMatchObject({ click_id: viaFlow.id, flow_id: flow.body.id, uid: 'ADV-77' });
    const all = await t.call('GET', `/api/admin/conversions?offer_id=${fresh.offer.id}&sort=updated_at`, {
      token,
    });
    expect(all.body.data.map((c: { uid: string | null }) => c.uid).sort()).toEqual(['ADV-77', null]);
  });
});

describe('GET /api/admin/ledger/balances', () => {
  it('sums the ledger into publisher pending and approved, advertiser receivable and network margin', async () => {
    const fresh = await makeNetwork(t);
    const ptoken = fresh.advertiser.postback_token;
    const [a, b, c] = [await makeClick(t, fresh), await makeClick(t, fresh), await makeClick(t, fresh)];
    await postback(t, { click_id: a, status: 'approved', token: ptoken }); // 10.00 / 7.50
    await postback(t, { click_id: b, status: 'hold', token: ptoken }); // pending 10.00 / 7.50
    await postback(t, { click_id: c, status: 'approved', payout: '12.00', token: ptoken });
    await postback(t, { click_id: c, status: 'chargeback', token: ptoken }); // reversed: nothing
    const r = await t.call('GET', '/api/admin/ledger/balances', { token });
    expect(r.status).toBe(200);
    expect(r.body.publishers).toContainEqual({
      publisher_id: fresh.publisher.id,
      currency: 'USD',
      pending: '7.50',
      approved: '7.50',
      total: '15.00',
    });
    expect(r.body.advertisers).toContainEqual({
      advertiser_id: fresh.advertiser.id,
      currency: 'USD',
      pending: '10.00',
      receivable: '10.00',
    });
    const usd = r.body.network.find((n: any) => n.currency === 'USD');
    // The network's figures are sums over every conversion so far in this file: margin = receivable − approved.
    const receivable = r.body.advertisers
      .filter((x: any) => x.currency === 'USD')
      .reduce((s: number, x: any) => s + Math.round(Number(x.receivable) * 100), 0);
    const approved = r.body.publishers
      .filter((x: any) => x.currency === 'USD')
      .reduce((s: number, x: any) => s + Math.round(Number(x.approved) * 100), 0);
    expect(Math.round(Number(usd.margin) * 100)).toBe(receivable - approved);
    expect(Math.round(Number(usd.receivable) * 100)).toBe(receivable);
    const entries = await t.call(
      'GET',
      `/api/admin/ledger/entries?account=publisher_pending&party=${fresh.publisher.id}`,
      { token },
    );
    expect(entries.body.data).toEqual([
      expect.objectContaining({ amount: '-7.50', currency: 'USD', party: fresh.publisher.id }),
    ]);
  });
});

describe('GET /api/admin/postbacks', () => {
  it('lists every postback with filters by click, flow, answer code and dates, and shows one in full', async () => {
    const fresh = await makeNetwork(t);
    const click = await makeClick(t, fresh);
    await postback(t, { click_id: click, token: fresh.advertiser.postback_token, extra: 'kept' });
    await postback(t, { click_id: click, token: 'wrong' });
    await postback(t, { click_id: 'NO_SUCH_CLICK', token: fresh.advertiser.postback_token });
    const byClick = await t.call('GET', `/api/admin/postbacks?click_id=${click}`, { token });
    expect(byClick.body.total).toBe(2);
    expect(byClick.body.data.map((p: any) => [p.answer_status, p.answer_code])).toEqual([
      [403, 'access'],
      [200, 'ok'],
    ]);
    const refused = await t.call('GET', '/api/admin/postbacks?answer_status=404&click_id=NO_SUCH_CLICK', {
      token,
    });
    expect(refused.body.data[0]).toMatchObject({
      answer_code: 'bad-click',
      message: 'click NO_SUCH_CLICK not found',
    });
    const byCode = await t.call('GET', '/api/admin/postbacks?answer_code=access&per_page=1', { token });
    expect(byCode.body.per_page).toBe(1);
    expect(byCode.body.data[0].answer_status).toBe(403);
    const later = await t.call('GET', '/api/admin/postbacks?from=2026-06-02', { token });
    expect(later.body.total).toBe(0);
    const detail = await t.call('GET', `/api/admin/postbacks/${byClick.body.data[1].id}`, { token });
    expect(detail.body).toMatchObject({
      endpoint: 'postback',
      method: 'GET',
      params: { click_id: click, extra: 'kept' },
      unknown_params: ['extra'],
      offer_id: fresh.offer.id,
      advertiser_id: fresh.advertiser.id,
      changes: { status: { from: null, to: 'approved' } },
    });
    expect(typeof detail.body.duration_ms).toBe('number');

    const { body: flow } = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: fresh.publisher.id, offer_id: fresh.offer.id },
    });
    await trackPostback(t, { id: fresh.advertiser.postback_token, flow: flow.id, subid: 'u1' });
    const byFlow = await t.call('GET', `/api/admin/postbacks?flow_id=${flow.id}`, { token });
    expect(byFlow.body.data).toHaveLength(1);
    expect(byFlow.body.data[0]).toMatchObject({ endpoint: 'postback.json', flow_id: flow.id });
    const flowConversions = await t.call('GET', `/api/admin/conversions?flow_id=${flow.id}`, { token });
    expect(flowConversions.body.data).toEqual([
      expect.objectContaining({ flow_id: flow.id, status: 'processing' }),
    ]);
    expect((await t.call('GET', '/api/admin/postbacks/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token })).status).toBe(
      404,
    );
  });

  it('logs a postback whose processing failed on the server as 500 db, and keeps nothing of it', async () => {
    const click = await makeClick(t, net);
    const leads = await count(t, 'leads');
    await breakHistoryInserts(true);
    try {
      const r = await postback(t, { click_id: click, status: 'approved', token: pbToken });
      expect(r.status).toBe(500);
      expect(r.body).toMatchObject({ error: 'db' });
    } finally {
      await breakHistoryInserts(false);
    }
    expect(await count(t, 'leads')).toBe(leads);
    const log = await t.call('GET', `/api/admin/postbacks?click_id=${click}`, { token });
    expect(log.body.data[0]).toMatchObject({ answer_status: 500, answer_code: 'db', click_id: click });
    const retry = await postback(t, { click_id: click, status: 'approved', token: pbToken });
    expect(retry.status).toBe(200);
  });
});

/** Make every status-history insert fail, to stand in for a database fault mid-transaction. */
async function breakHistoryInserts(broken: boolean) {
  const db = t.ctx.db;
  if (t.ctx.dialect === 'sqlite') {
    if (broken) {
      await sql`create trigger fail_history before insert on lead_status_history begin select raise(abort, 'disk on fire'); end`.execute(
        db,
      );
    } else await sql`drop trigger fail_history`.execute(db);
    return;
  }
  if (broken) {
    await sql`create or replace function fail_history() returns trigger as $$ begin raise exception 'disk on fire'; end $$ language plpgsql`.execute(
      db,
    );
    await sql`create trigger fail_history before insert on lead_status_history for each row execute function fail_history()`.execute(
      db,
    );
  } else await sql`drop trigger fail_history on lead_status_history`.execute(db);
}
