import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Bulk status changes on Conversions (money through the ledger) and approve/suspend on Publishers. */
let t: TestApp;
let owner: string;
let publisherId: string;
let conversionIds: string[] = [];

async function financeUsd() {
  const finance = await t.call('GET', '/api/admin/finance', { token: owner });
  return finance.body.cards.find((c: { currency: string }) => c.currency === 'USD');
}

async function unbalancedEvents() {
  const rows = await t.ctx.db
    .selectFrom('ledger_entries')
    .select(['event_id', t.ctx.db.fn.sum<number>('amount').as('total')])
    .groupBy('event_id')
    .execute();
  return rows.filter((r) => Number(r.total) !== 0);
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.adminToken();
  const advertiser = await makeAdvertiser(t, owner);
  const offer = await makeOffer(t, owner, {
    advertiser_id: advertiser.id,
    adv_payout: '10.00',
    pub_payout: '7.50',
    currency: 'USD',
    geo: '',
  });
  const publisher = await makePublisher(t, owner);
  publisherId = publisher.id;
  const leadIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const lead = await submitLead(t, { offer_id: offer.id, pub_id: publisher.id, phone: nextPhone() });
    expect(lead.status, lead.text).toBeLessThan(300);
    leadIds.push(lead.body.id);
  }
  const hold = await t.call('POST', '/api/admin/leads/bulk', {
    token: owner,
    body: { ids: leadIds, action: 'status', status: 'hold', reason: 'called back' },
  });
  expect(hold.body.changed).toBe(20);
  const list = await t.call('GET', `/api/admin/conversions?publisher_id=${publisherId}&per_page=100`, {
    token: owner,
  });
  conversionIds = list.body.data.map((c: { id: string }) => c.id);
  expect(conversionIds).toHaveLength(20);
}, 120_000);
afterAll(() => t.close());

const bulkConversions = (body: unknown, token = owner) =>
  t.call('POST', '/api/admin/conversions/bulk', { token, body });
const bulkPublishers = (body: unknown, token = owner) =>
  t.call('POST', '/api/admin/publishers/bulk', { token, body });

describe('bulk status changes on conversions', () => {
  it('approves the selected conversions in one call; the ledger moves as for single changes', async () => {
    expect((await financeUsd()).advertiser_revenue).toBe('0.00');
    const answer = await bulkConversions({
      ids: [...conversionIds.slice(0, 12), 'NoSuchConversion'],
      status: 'approved',
      reason: 'advertiser confirmed batch 7',
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({
      matched: 12,
      changed: 12,
      skipped: [],
      failed: [{ id: 'NoSuchConversion', reason: 'no such conversion' }],
    });
    const usd = await financeUsd();
    expect(usd.advertiser_revenue).toBe('120.00');
    // 12 approved + 8 still on hold (hold is owed: a confirmed lead) at 7.50.
    expect(usd.owed_to_publishers).toBe('150.00');
    const history = await t.ctx.db
      .selectFrom('lead_status_history')
      .select(t.ctx.db.fn.countAll<number>().as('n'))
      .where('reason', '=', 'advertiser confirmed batch 7')
      .executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(12);
    expect(await unbalancedEvents()).toEqual([]);
  });

  it('reverses all the filter matches with reversing ledger entries, and skips what is already so', async () => {
    const before = await financeUsd();
    expect(before.advertiser_revenue).toBe('120.00');
    const answer = await bulkConversions({
      filter: { publisher_id: publisherId, status: 'approved' },
      status: 'chargedback',
      reason: 'fraud batch',
    });
    expect(answer.body).toMatchObject({ matched: 12, changed: 12, failed: [] });
    const after = await financeUsd();
    expect(after.advertiser_revenue).toBe('0.00');
    expect(after.owed_to_publishers).toBe('60.00');
    const reversals = await t.ctx.db
      .selectFrom('lead_status_history')
      .select(t.ctx.db.fn.countAll<number>().as('n'))
      .where('reason', '=', 'fraud batch')
      .where('to_status', '=', 'chargedback')
      .executeTakeFirstOrThrow();
    expect(Number(reversals.n)).toBe(12);
    expect(await unbalancedEvents()).toEqual([]);
    const again = await bulkConversions({
      ids: conversionIds.slice(0, 2),
      status: 'chargedback',
      reason: 'x',
    });
    expect(again.body.changed).toBe(0);
    expect(again.body.skipped).toHaveLength(2);
  });

  it('refuses a change without a reason, and an analyst', async () => {
    expect((await bulkConversions({ ids: conversionIds, status: 'approved' })).status).toBe(400);
    expect((await bulkConversions({ status: 'approved', reason: 'x' })).status).toBe(422);
    const analyst = await t.call('POST', '/api/admin/users', {
      token: owner,
      body: { email: 'analyst@bulk-conv.test', password: 'analyst-password', role: 'analyst' },
    });
    const token = (await createSession(t.ctx, 'admin', Number(analyst.body.id))).token;
    const refused = await bulkConversions({ ids: conversionIds, status: 'approved', reason: 'x' }, token);
    expect(refused.status).toBe(403);
  });
});

describe('bulk approve and suspend on publishers', () => {
  it('approves the selected pending publishers, suspends all matching, and audits the call', async () => {
    const pending = [];
    for (let i = 0; i < 3; i++) {
      pending.push(await makePublisher(t, owner, { name: `Pending ${i}`, status: 'pending' }));
    }
    const ids = pending.map((p) => p.id);
    const approved = await bulkPublishers({ ids: [...ids, '999999'], action: 'approve', reason: 'KYC ok' });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body).toMatchObject({
      matched: 3,
      changed: 3,
      failed: [{ id: '999999', reason: 'no such publisher' }],
    });
    const list = await t.call('GET', '/api/admin/publishers?q=Pending&status=approved', { token: owner });
    expect(list.body.total).toBe(3);
    const suspended = await bulkPublishers({ filter: { q: 'Pending' }, action: 'suspend', reason: 'spam' });
    expect(suspended.body).toMatchObject({ matched: 3, changed: 3 });
    const after = await t.call('GET', '/api/admin/publishers?q=Pending&status=suspended', { token: owner });
    expect(after.body.total).toBe(3);
    const audit = await t.call('GET', '/api/admin/audit-log?per_page=50', { token: owner });
    expect(JSON.stringify(audit.body)).toContain('/api/admin/publishers/bulk');
  });

  it('lets an account manager touch only their own publishers', async () => {
    const mine = await makePublisher(t, owner, { name: 'Managed One', status: 'pending' });
    const theirs = await makePublisher(t, owner, { name: 'Managed Two', status: 'pending' });
    const am = await t.call('POST', '/api/admin/users', {
      token: owner,
      body: { email: 'am@bulk-pub.test', password: 'manager-password', role: 'account_manager' },
    });
    await t.call('PUT', `/api/admin/users/${am.body.id}/assignments`, {
      token: owner,
      body: { advertiser_ids: [], publisher_ids: [mine.id] },
    });
    const token = (await createSession(t.ctx, 'admin', Number(am.body.id))).token;
    const answer = await bulkPublishers({ ids: [mine.id, theirs.id], action: 'approve' }, token);
    expect(answer.body).toMatchObject({ matched: 1, changed: 1 });
    expect(answer.body.failed).toEqual([{ id: theirs.id, reason: 'no such publisher' }]);
    const other = await t.call('GET', `/api/admin/publishers/${theirs.id}`, { token: owner });
    expect(other.body.status).toBe('pending');
  });
});
