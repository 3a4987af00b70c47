import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.js';
import { makeClick, postback, unbalancedEvents } from './helpers/conversions.js';
import { makeEurNetwork, type makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 17 §1: a reversal of a conversion whose publisher payout was already paid. Tried as an
 * operator would: approved, the publisher paid €60 by Wise with a reference, then the advertiser's
 * ordinary status=rejected postback. What each screen's API shows, the netting, the finality window.
 */

const DAY = 86_400_000;
const WISE = { method: 'wise', account: 'arjun@example.com' };

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp({ env: { PAYOUT_MINIMUM: '20.00' } });
  admin = await t.adminToken();
});
afterAll(() => t.close());

type Pub = Awaited<ReturnType<typeof makePublisher>>;
interface Setup {
  advertiser: { id: string; postback_token: string };
  offer: { id: string; currency: string; ingest_key: string; pixel_key: string };
  pub: Pub;
}

/** An advertiser, a EUR offer paying the publisher €60 (the advertiser pays €80), a publisher. */
async function network(): Promise<Setup> {
  const { publisher: pub, ...rest } = await makeEurNetwork(t, admin, {
    advertiser: 'Bet Partners',
    offer: 'Casino FTD',
    publisher: 'Arjun Media',
  });
  return { ...rest, pub };
}

/** Move the clock; sessions then expire, so the admin and the publisher log in again. */
async function later(days: number, s: Setup) {
  t.clock.advance(days * DAY);
  admin = await t.adminToken({ fresh: true });
  s.pub.token = (await createSession(t.ctx, 'publisher', Number(s.pub.id))).token;
}

async function approved(s: Setup): Promise<string> {
  const click = await makeClick(t, { offer: s.offer, publisher: s.pub });
  const r = await postback(t, { click_id: click, status: 'approved', token: s.advertiser.postback_token });
  expect(r.status, r.text).toBe(200);
  return click;
}

/** The publisher asks for €amount by Wise; the admin pays it with a reference. */
async function paid(s: Setup, amount: string, reference: string) {
  const asked = await t.call('POST', '/api/publisher/payouts', {
    token: s.pub.token,
    body: { amount, currency: 'EUR', ...WISE },
  });
  expect(asked.status, asked.text).toBe(201);
  const done = await t.call('POST', `/api/admin/payouts/${asked.body.id}/pay`, {
    token: admin,
    body: { reference },
  });
  expect(done.status, done.text).toBe(200);
  return done.body;
}

async function portal(s: Setup) {
  const r = await t.call('GET', '/api/publisher/payouts', { token: s.pub.token });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

async function finance() {
  const r = await t.call('GET', '/api/admin/finance', { token: admin });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

async function conversionOf(click: string) {
  return t.ctx.db
    .selectFrom('conversions')
    .selectAll()
    .where('click_id', '=', click)
    .executeTakeFirstOrThrow();
}

describe('a reversal after payout is a clawback', () => {
  it('approved, paid €60 by Wise, then status=rejected: each screen shows a €60 clawback to net', async () => {
    const s = await network();
    const click = await approved(s);
    await paid(s, '60.00', 'WISE-TX-4471');

    const r = await postback(t, { click_id: click, status: 'rejected', token: s.advertiser.postback_token });
    expect(r.status, r.text).toBe(200);
    expect(r.body.result).toBe('ok');
    expect(r.body.changes.status).toEqual({ from: 'approved', to: 'cancelled' });
    const conversion = await conversionOf(click);
    expect(conversion.status).toBe('cancelled');
    expect(await unbalancedEvents(t)).toEqual([]);

    // The portal: the balance is negative, shown as a clawback with its conversion.
    const mine = await portal(s);
    expect(mine.balances).toEqual([
      {
        currency: 'EUR',
        approved: '-60.00',
        pending: '0.00',
        paid: '60.00',
        matured: '-60.00',
        requested: '0.00',
        payable: '0.00',
        minimum: '20.00',
      },
    ]);
    expect(mine.clawbacks).toEqual([
      {
        currency: 'EUR',
        outstanding: '60.00',
        balance: '-60.00',
        clawbacks: [
          {
            id: expect.any(String),
            conversion_id: conversion.id,
            click_id: click,
            offer_id: s.offer.id,
            offer_name: 'Casino FTD',
            currency: 'EUR',
            amount: '60.00',
            outstanding: '60.00',
            from_status: 'approved',
            to_status: 'cancelled',
            created_at: expect.any(String),
          },
        ],
      },
    ]);

    // Finance: counted in Reversed for the advertiser; owed stays 0, the clawback is shown on its own.
    const f = await finance();
    expect(f.advertisers.find((a: { advertiser_id: string }) => a.advertiser_id === s.advertiser.id)).toEqual(
      {
        advertiser_id: s.advertiser.id,
        name: 'Bet Partners',
        currency: 'EUR',
        conversions: 0,
        reversed: 1,
        revenue: '0.00',
        pending: '0.00',
        invoiced: '0.00',
        received: '0.00',
        to_collect: '0.00',
      },
    );
    expect(f.publishers.find((p: { publisher_id: string }) => p.publisher_id === s.pub.id)).toEqual({
      publisher_id: s.pub.id,
      name: 'Arjun Media',
      currency: 'EUR',
      approved: '-60.00',
      pending: '0.00',
      paid: '60.00',
      clawback_outstanding: '60.00',
      requested: '0.00',
      payable: '0.00',
    });
    const eur = f.cards.find((c: { currency: string }) => c.currency === 'EUR');
    expect(eur).toMatchObject({ owed_to_publishers: '0.00', clawbacks_outstanding: '60.00' });

    // The operator's list of clawbacks outstanding per publisher.
    const outstanding = await t.call('GET', '/api/admin/clawbacks', { token: admin });
    expect(outstanding.status).toBe(200);
    const theirs = outstanding.body.data.find((o: { publisher_id: string }) => o.publisher_id === s.pub.id);
    expect(theirs).toMatchObject({
      publisher_name: 'Arjun Media',
      currency: 'EUR',
      outstanding: '60.00',
      balance: '-60.00',
      clawbacks: [
        { conversion_id: conversion.id, advertiser_id: s.advertiser.id, source: 'postback', amount: '60.00' },
      ],
    });

    // The operator is told, in the postback's transaction.
    const notes = await t.call('GET', '/api/admin/notifications?unread=true', { token: admin });
    const note = notes.body.data.find(
      (n: { details: { conversion_id?: string } }) => n.details.conversion_id === conversion.id,
    );
    expect(note).toMatchObject({
      rule_id: null,
      title: 'Clawback of 60.00 EUR from publisher "Arjun Media" (#' + s.pub.id + ')',
      details: { kind: 'clawback', amount: '60.00', currency: 'EUR', balance: '-60.00' },
    });
    expect(note.message).toContain('approved → cancelled (postback)');
    // A stable code and its values beside the English: the web app says them in the reader's language.
    expect(note).toMatchObject({
      code: 'clawback',
      params: {
        amount: '60.00',
        currency: 'EUR',
        publisher: `"Arjun Media" (#${s.pub.id})`,
        conversion: conversion.id,
        from: 'approved',
        to: 'cancelled',
        source: 'postback',
        balance: '-60.00',
      },
    });
  });

  it('a reversal the balance still covers is no clawback and tells no one', async () => {
    const s = await network();
    const first = await approved(s);
    await approved(s);
    await paid(s, '60.00', 'WISE-TX-1');
    const r = await postback(t, {
      click_id: first,
      status: 'chargeback',
      token: s.advertiser.postback_token,
    });
    expect(r.status).toBe(200);
    expect((await portal(s)).clawbacks).toEqual([]);
    const rows = await t.ctx.db
      .selectFrom('clawbacks')
      .select('id')
      .where('publisher_id', '=', Number(s.pub.id))
      .execute();
    expect(rows).toEqual([]);
  });

  it('nets the clawback from the next payout: manual requests and Net-7 pay nothing until it is covered', async () => {
    const s = await network();
    const save = await t.call('PUT', '/api/publisher/payout-method', { token: s.pub.token, body: WISE });
    expect(save.status, save.text).toBe(200);
    const click = await approved(s);
    await paid(s, '60.00', 'WISE-TX-2');
    await postback(t, { click_id: click, status: 'rejected', token: s.advertiser.postback_token });

    const refused = await t.call('POST', '/api/publisher/payouts', {
      token: s.pub.token,
      body: { amount: '20.00', currency: 'EUR', ...WISE },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('insufficient_balance');
    expect(refused.body.message).toContain('-60.00 EUR after a clawback');

    // Net-7 a week later: the negative balance is named, nothing is requested.
    await later(8, s);
    let run = await t.call('POST', '/api/admin/payouts/run-net7', { token: admin });
    expect(run.status).toBe(200);
    expect(run.body.created.filter((p: { publisher_id: string }) => p.publisher_id === s.pub.id)).toEqual([]);
    expect(run.body.skipped).toContainEqual({
      publisher_id: s.pub.id,
      currency: 'EUR',
      reason: 'negative_balance',
      message: 'the balance is -60.00 EUR after a clawback; it is netted from later approvals',
    });

    // One approval fills the hole (balance 0: nothing to pay), a second one is paid net: €60, not €120.
    await approved(s);
    expect((await portal(s)).clawbacks).toEqual([]);
    await approved(s);
    await later(8, s);
    run = await t.call('POST', '/api/admin/payouts/run-net7', { token: admin });
    const created = run.body.created.filter((p: { publisher_id: string }) => p.publisher_id === s.pub.id);
    expect(created).toMatchObject([{ amount: '60.00', currency: 'EUR', source: 'net7' }]);
    const outstanding = await t.call('GET', '/api/admin/clawbacks', { token: admin });
    expect(outstanding.body.data.some((o: { publisher_id: string }) => o.publisher_id === s.pub.id)).toBe(
      false,
    );
  });
});

describe('the automation rule event', () => {
  it('clawback_amount: a rule on publishers fires on a reversal after payout and alerts the admin', async () => {
    const s = await network();
    const created = await t.call('POST', '/api/admin/automation/rules', {
      token: admin,
      body: {
        name: 'Clawbacks',
        metric: 'clawback_amount',
        scope: 'publisher',
        target_id: s.pub.id,
        operator: 'gt',
        threshold: '0',
        window_hours: 24,
        min_volume: 1,
        actions: [{ type: 'alert_admin' }],
        enabled: true,
        schedule: '*/15 * * * *',
      },
    });
    expect(created.status, created.text).toBe(201);
    const rule = created.body.id;
    const quiet = await t.call('POST', `/api/admin/automation/rules/${rule}/run`, {
      token: admin,
      body: { dry_run: true },
    });
    expect(quiet.body.evaluated).toEqual([]);

    const click = await approved(s);
    await paid(s, '60.00', 'WISE-TX-9');
    await postback(t, { click_id: click, status: 'chargeback', token: s.advertiser.postback_token });
    const run = await t.call('POST', `/api/admin/automation/rules/${rule}/run`, { token: admin, body: {} });
    expect(run.status, run.text).toBe(200);
    expect(run.body).toMatchObject({
      trigger: 'manual',
      evaluated: [
        {
          subject: 'publisher',
          subject_id: s.pub.id,
          currency: 'EUR',
          value: '60.00',
          volume: 1,
          matched: true,
        },
      ],
      actions: [{ type: 'alert_admin', done: true, notification_id: expect.any(String) }],
    });
  });
});

describe('finality window', () => {
  it('once paid: the rejected postback is queued, logged as queued, and applied when an admin accepts', async () => {
    const s = await network();
    const set = await t.call('PUT', `/api/admin/finality-windows/advertiser/${s.advertiser.id}`, {
      token: admin,
      body: { when_paid: true },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toMatchObject({
      scope: 'advertiser',
      subject_id: s.advertiser.id,
      days: null,
      when_paid: true,
    });

    const click = await approved(s);
    await paid(s, '60.00', 'WISE-TX-3');
    const r = await postback(t, { click_id: click, status: 'rejected', token: s.advertiser.postback_token });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      result: 'queued',
      queued: { reason: 'paid', status: { from: 'approved', to: 'cancelled' } },
      changes: {},
    });
    const pendingId = r.body.queued.pending_change_id;
    expect((await conversionOf(click)).status).toBe('approved');
    expect((await portal(s)).clawbacks).toEqual([]);

    // The postback stays in the log, answered queued.
    const logged = await t.call('GET', `/api/admin/postbacks/${r.headers['x-postback-log-id']}`, {
      token: admin,
    });
    expect(logged.status).toBe(200);
    expect(logged.body).toMatchObject({ answer_status: 200, answer_code: 'queued' });
    expect(logged.body.message).toContain(`pending change ${pendingId}`);

    const list = await t.call('GET', '/api/admin/pending-changes?status=pending', { token: admin });
    expect(list.body.data.find((p: { id: string }) => p.id === pendingId)).toMatchObject({
      conversion_id: (await conversionOf(click)).id,
      publisher_id: s.pub.id,
      publisher_name: 'Arjun Media',
      from_status: 'approved',
      to_status: 'cancelled',
      requested: { status: 'cancelled' },
      reason: 'paid',
      source: 'postback',
      postback_log_id: r.headers['x-postback-log-id'],
      status: 'pending',
    });

    const accepted = await t.call('POST', `/api/admin/pending-changes/${pendingId}/accept`, {
      token: admin,
      body: { note: 'chargeback confirmed by the advertiser' },
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      note: 'chargeback confirmed by the advertiser',
      applied: { from: { status: 'approved' }, to: { status: 'cancelled' } },
    });
    expect((await conversionOf(click)).status).toBe('cancelled');
    expect((await portal(s)).clawbacks).toMatchObject([{ currency: 'EUR', outstanding: '60.00' }]);
    const again = await t.call('POST', `/api/admin/pending-changes/${pendingId}/refuse`, { token: admin });
    expect(again.status).toBe(409);
  });

  it('after N days on the offer: queued whatever was paid, refused by the admin, the conversion kept', async () => {
    const s = await network();
    const set = await t.call('PUT', `/api/admin/finality-windows/offer/${s.offer.id}`, {
      token: admin,
      body: { days: 30 },
    });
    expect(set.status, set.text).toBe(200);
    const click = await approved(s);
    // Within the window the advertiser's word applies at once.
    const early = await postback(t, { click_id: click, status: 'hold', token: s.advertiser.postback_token });
    expect(early.body.result).toBe('ok');
    await postback(t, { click_id: click, status: 'approved', token: s.advertiser.postback_token });

    await later(31, s);
    const late = await postback(t, { click_id: click, status: 'refund', token: s.advertiser.postback_token });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ result: 'queued', queued: { reason: 'days' } });
    const refused = await t.call(
      'POST',
      `/api/admin/pending-changes/${late.body.queued.pending_change_id}/refuse`,
      {
        token: admin,
      },
    );
    expect(refused.status, refused.text).toBe(200);
    expect(refused.body).toMatchObject({ status: 'refused', applied: null });
    expect((await conversionOf(click)).status).toBe('approved');

    // An admin's own change is never held.
    const lead = await t.ctx.db
      .selectFrom('leads')
      .select('id')
      .where('click_id', '=', click)
      .executeTakeFirstOrThrow();
    const manual = await t.call('POST', `/api/admin/leads/${lead.id}/status`, {
      token: admin,
      body: { status: 'cancelled', reason: 'fraud found' },
    });
    expect(manual.status, manual.text).toBe(200);
    expect((await conversionOf(click)).status).toBe('cancelled');

    // Without the window the late postback applies again.
    const removed = await t.call('DELETE', `/api/admin/finality-windows/offer/${s.offer.id}`, {
      token: admin,
    });
    expect(removed.status).toBe(204);
    const after = await postback(t, {
      click_id: click,
      status: 'approved',
      token: s.advertiser.postback_token,
    });
    expect(after.body.result).toBe('ok');
  });

  it('refuses a bad window: negative days, an unknown scope or subject', async () => {
    const s = await network();
    const bad = await t.call('PUT', `/api/admin/finality-windows/offer/${s.offer.id}`, {
      token: admin,
      body: { days: -1 },
    });
    expect(bad.status).toBe(400);
    const scope = await t.call('PUT', '/api/admin/finality-windows/publisher/1', { token: admin, body: {} });
    expect(scope.status).toBe(400);
    const missing = await t.call('PUT', '/api/admin/finality-windows/offer/999999', {
      token: admin,
      body: {},
    });
    expect(missing.status).toBe(404);
    const anonymous = await t.call('GET', '/api/admin/pending-changes');
    expect(anonymous.status).toBe(401);
  });
});
