import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Bulk work on Leads: one call, one transaction, the single change's path, a summary. */
let t: TestApp;
let owner: string;
let ids: string[] = [];
let publisherId: string;

const bulk = (body: unknown, token = owner) => t.call('POST', '/api/admin/leads/bulk', { token, body });

async function financeUsd() {
  const finance = await t.call('GET', '/api/admin/finance', { token: owner });
  return finance.body.cards.find((c: { currency: string }) => c.currency === 'USD');
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
  for (let i = 0; i < 100; i++) {
    const lead = await submitLead(t, {
      offer_id: offer.id,
      pub_id: publisher.id,
      name: `Buyer ${i}`,
      phone: nextPhone(),
    });
    expect(lead.status, lead.text).toBeLessThan(300);
    ids.push(lead.body.id);
  }
  ids = ids.sort();
}, 120_000);
afterAll(() => t.close());

describe('bulk actions on leads', () => {
  it('approves 100 leads in one call, with the ledger and history of 100 single changes, and reports a bad id', async () => {
    const answer = await bulk({
      ids: [...ids, 'NoSuchLead01'],
      action: 'status',
      status: 'approved',
      reason: 'call centre batch 14',
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({
      matched: 100,
      changed: 100,
      skipped: [],
      failed: [{ id: 'NoSuchLead01', reason: 'no such lead' }],
    });
    const usd = await financeUsd();
    expect(usd.advertiser_revenue).toBe('1000.00');
    expect(usd.owed_to_publishers).toBe('750.00');
    const history = await t.ctx.db
      .selectFrom('lead_status_history')
      .select(t.ctx.db.fn.countAll<number>().as('n'))
      .where('reason', '=', 'call centre batch 14')
      .executeTakeFirstOrThrow();
    expect(Number(history.n)).toBe(100);
    const unbalanced = await t.ctx.db
      .selectFrom('ledger_entries')
      .select(['event_id', t.ctx.db.fn.sum<number>('amount').as('total')])
      .groupBy('event_id')
      .execute();
    expect(unbalanced.filter((r) => Number(r.total) !== 0)).toEqual([]);
  });

  it('skips what is already so, and changes all the filter matches', async () => {
    const again = await bulk({ ids: ids.slice(0, 3), action: 'status', status: 'approved', reason: 'again' });
    expect(again.body.changed).toBe(0);
    expect(again.body.skipped).toEqual(
      ids
        .slice(0, 3)
        .map((id) => ({ id, reason: 'already approved' }))
        .reverse(),
    );
    const all = await bulk({
      filter: { status: 'approved', publisher_id: publisherId },
      action: 'status',
      status: 'cancelled',
      reason: 'advertiser rejected the batch',
    });
    expect(all.body).toMatchObject({ matched: 100, changed: 100, failed: [] });
    const usd = await financeUsd();
    expect(usd.advertiser_revenue).toBe('0.00');
    const leads = await t.call('GET', '/api/admin/leads?status=cancelled', { token: owner });
    expect(leads.body.total).toBe(100);
  });

  it('pushes again only the leads whose push failed', async () => {
    await t.ctx.db
      .updateTable('leads')
      .set({ push_status: 'failed' })
      .where('id', 'in', ids.slice(0, 3))
      .execute();
    const before = await t.ctx.db
      .selectFrom('jobs')
      .select(t.ctx.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const answer = await bulk({ ids: ids.slice(0, 10), action: 'repush' });
    expect(answer.body.changed).toBe(3);
    expect(answer.body.skipped).toHaveLength(7);
    const after = await t.ctx.db
      .selectFrom('jobs')
      .select(t.ctx.db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(3);
  });

  it('refuses an unclear request: 422 for a missing part, 400 for an unknown action', async () => {
    const refused = [
      { action: 'status', status: 'approved', reason: 'x' },
      { ids, filter: {}, action: 'status', status: 'approved', reason: 'x' },
      { ids, action: 'status', status: 'approved' },
    ];
    for (const body of refused) expect((await bulk(body)).status).toBe(422);
    expect((await bulk({ ids, action: 'delete' })).status).toBe(400);
  });

  it("lets an account manager change their publishers' leads only, and an analyst none", async () => {
    const analyst = await t.call('POST', '/api/admin/users', {
      token: owner,
      body: { email: 'analyst@bulk.test', password: 'analyst-password', role: 'analyst' },
    });
    const analystToken = (await createSession(t.ctx, 'admin', Number(analyst.body.id))).token;
    expect((await bulk({ ids, action: 'status', status: 'hold', reason: 'x' }, analystToken)).status).toBe(
      403,
    );
    const other = await makePublisher(t, owner, { name: 'Someone Else' });
    const am = await t.call('POST', '/api/admin/users', {
      token: owner,
      body: { email: 'am@bulk.test', password: 'manager-password', role: 'account_manager' },
    });
    await t.call('PUT', `/api/admin/users/${am.body.id}/assignments`, {
      token: owner,
      body: { advertiser_ids: [], publisher_ids: [other.id] },
    });
    const amToken = (await createSession(t.ctx, 'admin', Number(am.body.id))).token;
    const answer = await bulk(
      { ids: ids.slice(0, 5), action: 'status', status: 'hold', reason: 'not mine' },
      amToken,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.matched).toBe(0);
    expect(answer.body.failed).toHaveLength(5);
    const held = await t.call('GET', '/api/admin/leads?status=hold', { token: owner });
    expect(held.body.total).toBe(0);
  });
});
