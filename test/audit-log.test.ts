import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let ownerId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  ownerId = (await t.call('GET', '/api/admin/me', { token })).body.id;
});
afterAll(() => t.close());

const FROM = { 'x-forwarded-for': '203.0.113.7' };
const change = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, as = token) =>
  t.call(method, url, { token: as, body, headers: FROM });

async function entries(query: Record<string, string> = {}) {
  const r = await t.call('GET', '/api/admin/audit-log', { token, query });
  expect(r.status, r.text).toBe(200);
  return r.body.data as {
    id: string;
    user_id: string;
    user_email: string;
    ip: string;
    route: string;
    object_type: string;
    object_id: string;
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[];
}

describe('audit log', () => {
  it('records who changed an offer, from where, with the rows before and after', async () => {
    const offer = await makeOffer(t, token, { pub_payout: '7.50' });
    const patched = await change('PATCH', `/api/admin/offers/${offer.id}`, { pub_payout: '8.00' });
    expect(patched.status, patched.text).toBe(200);
    const [entry] = await entries({ object_type: 'offer', object_id: offer.id });
    expect(entry).toMatchObject({
      user_id: ownerId,
      user_email: 'admin@leadrail.test',
      ip: '203.0.113.7',
      route: 'PATCH /api/admin/offers/:id',
      object_type: 'offer',
      object_id: offer.id,
      action: 'update',
    });
    expect(entry?.before).toMatchObject({ pub_payout: 750 });
    expect(entry?.after).toMatchObject({ pub_payout: 800 });
    const created = await entries({ object_type: 'offer', object_id: offer.id });
    expect(created.map((e) => e.action)).toEqual(['update', 'create']);
    expect(created[1]?.before).toBeNull();
    expect(created[1]?.after).toMatchObject({ name: 'Keto Slim' });
  });

  it('masks secrets: advertiser keys, tokens and passwords never reach the log', async () => {
    const adv = await makeAdvertiser(t, token, { auth_key: 'adv-secret-123' });
    await change('PATCH', `/api/admin/advertisers/${adv.id}`, {
      auth_key: 'adv-secret-456',
      name: 'Renamed',
    });
    const user = await change('POST', '/api/admin/users', {
      email: 'fin@audit.test',
      password: 'finance-password-1',
      role: 'finance',
    });
    await change('PUT', `/api/admin/users/${user.body.id}/password`, { password: 'other-password-2' });
    const all = JSON.stringify(await entries({ per_page: '500' }));
    for (const secret of [
      'adv-secret-123',
      'adv-secret-456',
      'finance-password-1',
      'other-password-2',
      'argon2',
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toContain(adv.postback_token);
    const [advEntry] = await entries({ object_type: 'advertiser', object_id: adv.id });
    expect(advEntry?.before).toMatchObject({ name: 'WhoCPA', auth_key: '***' });
    expect(advEntry?.after).toMatchObject({ name: 'Renamed', auth_key: '***' });
  });

  it('records publishers, users, settings, payouts and lead status changes with real before/after', async () => {
    const pub = await makePublisher(t, token, { status: 'pending' });
    await change('POST', `/api/admin/publishers/${pub.id}/approve`);
    const [approve] = await entries({ object_type: 'publisher', object_id: pub.id });
    expect(approve).toMatchObject({
      action: 'approve',
      before: { status: 'pending' },
      after: { status: 'approved' },
    });

    const am = await change('POST', '/api/admin/users', {
      email: 'am@audit.test',
      password: 'manager-password',
      role: 'account_manager',
    });
    await change('PUT', `/api/admin/users/${am.body.id}/assignments`, {
      advertiser_ids: [],
      publisher_ids: [pub.id],
    });
    const [assign] = await entries({ object_type: 'user', object_id: am.body.id });
    expect(assign?.before).toMatchObject({ role: 'account_manager', assignments: [] });
    expect(assign?.after).toMatchObject({
      assignments: [{ subject_type: 'publisher', subject_id: Number(pub.id) }],
    });

    const rate = await change('POST', '/api/admin/currency-rates', {
      currency: 'EUR',
      rate_date: '2026-06-01',
      rate: '1.10',
    });
    expect(rate.status, rate.text).toBe(201);
    await change('PATCH', `/api/admin/currency-rates/${rate.body.id}`, { rate: '1.20' });
    const [rateEntry] = await entries({ object_type: 'currency_rate', object_id: rate.body.id });
    expect(rateEntry?.before).not.toEqual(rateEntry?.after);
    expect(rateEntry?.before).toMatchObject({ currency: 'EUR' });

    const offer = await makeOffer(t, token);
    const lead = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, name: 'V', phone: nextPhone() });
    await change('POST', `/api/admin/leads/${lead.body.id}/status`, {
      status: 'approved',
      reason: 'confirmed',
    });
    const [status] = await entries({ object_type: 'lead', object_id: lead.body.id });
    expect(status).toMatchObject({ action: 'status', before: { status: 'processing', conversions: [] } });
    expect(status?.after).toMatchObject({ status: 'approved', conversions: [{ status: 'approved' }] });

    await t.ctx.db
      .insertInto('payouts')
      .values({
        id: '01JPAYOUTAUDIT000000000001',
        publisher_id: Number(pub.id),
        amount: 2000,
        currency: 'USD',
        method: 'paypal',
        destination: 'pub@example.com',
        status: 'requested',
        source: 'publisher',
        reference: null,
        reason: null,
        ledger_event_id: null,
        decided_by: null,
        created_at: '2026-06-01T12:00:00.000Z',
        decided_at: null,
      })
      .execute();
    const rejected = await change('POST', '/api/admin/payouts/01JPAYOUTAUDIT000000000001/reject', {
      reason: 'wrong wallet',
    });
    expect(rejected.status, rejected.text).toBe(200);
    const [payout] = await entries({ object_type: 'payout', object_id: '01JPAYOUTAUDIT000000000001' });
    expect(payout).toMatchObject({
      action: 'reject',
      before: { status: 'requested' },
      after: { status: 'rejected', reason: 'wrong wallet' },
    });
  });

  it('records nothing for a refused change, and filters by user and date', async () => {
    const before = (await entries({ per_page: '500' })).length;
    const analyst = await change('POST', '/api/admin/users', {
      email: 'an@audit.test',
      password: 'analyst-password',
      role: 'analyst',
    });
    const analystToken = (await createSession(t.ctx, 'admin', Number(analyst.body.id))).token;
    expect((await change('POST', '/api/admin/offers', { name: 'x' }, analystToken)).status).toBe(403);
    expect((await change('PATCH', '/api/admin/offers/999999', { name: 'x' })).status).toBe(404);
    expect((await entries({ per_page: '500' })).length).toBe(before + 1);
    expect(await entries({ user_id: analyst.body.id })).toEqual([]);
    expect((await entries({ user_id: ownerId, per_page: '500' })).length).toBe(before + 1);
    expect(await entries({ from: '2026-06-02T00:00:00.000Z' })).toEqual([]);
    expect((await entries({ from: '2026-06-01T00:00:00.000Z', to: '2026-06-02T00:00:00.000Z' })).length).toBe(
      Math.min(before + 1, 50),
    );
    // Only owners and admins read it.
    expect((await t.call('GET', '/api/admin/audit-log', { token: analystToken })).status).toBe(403);
  });

  it('exports CSV with formula cells neutralised', async () => {
    await makePublisher(t, token, { name: '=HYPERLINK("http://evil.example","x")' });
    const r = await t.call('GET', '/api/admin/audit-log', {
      token,
      query: { format: 'csv', object_type: 'publisher' },
    });
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('text/csv');
    expect(r.text.split('\r\n')[0]).toBe(
      '"id","at","user","ip","route","object_type","object_id","action","before","after"',
    );
    // The name sits inside the JSON cell; a cell of its own starting with = would be prefixed.
    expect(r.text).not.toMatch(/(^|,)"[=+\-@]/m);
    const { safeCsvCell } = await import('../src/modules/audit/csv.js');
    expect(safeCsvCell('=1+1')).toBe(`"'=1+1"`);
    expect(safeCsvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(safeCsvCell('-2')).toBe(`"'-2"`);
    expect(safeCsvCell('+3')).toBe(`"'+3"`);
    expect(safeCsvCell('plain "q"')).toBe('"plain ""q"""');
  });

  it('is append-only: no route changes an entry and the database refuses UPDATE and DELETE', async () => {
    const [entry] = await entries();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const url of ['/api/admin/audit-log', `/api/admin/audit-log/${entry?.id}`]) {
        expect(
          (await t.call(method, url, { token, body: method === 'DELETE' ? undefined : {} })).status,
        ).toBe(404);
      }
    }
    await expect(sql`UPDATE audit_log SET user_email = 'x'`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    const after = await entries();
    expect(after[0]).toEqual(entry);
  });
});
