import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.js';
import { seedDemo } from '../src/modules/demo/seed-demo.js';
import { csvRecords } from './helpers/csv.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** Exports of every admin list: the list's filters, streamed CSV, spreadsheet-safe, scoped. */
let t: TestApp;
let owner: string;
let am: string;
let arjunId: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.ctx, { clicks: 400 });
  owner = await t.adminToken();
  const arjun = await t.ctx.db
    .selectFrom('publishers')
    .select('id')
    .where('email', '=', 'arjun@demo.leadrail.test')
    .executeTakeFirstOrThrow();
  arjunId = String(arjun.id);
  const created = await t.call('POST', '/api/admin/users', {
    token: owner,
    body: { email: 'am@exports.test', password: 'manager-password', role: 'account_manager' },
  });
  await t.call('PUT', `/api/admin/users/${created.body.id}/assignments`, {
    token: owner,
    body: { advertiser_ids: [], publisher_ids: [arjunId] },
  });
  am = (await createSession(t.ctx, 'admin', Number(created.body.id))).token;
}, 240_000);
afterAll(() => t.close());

async function both(list: string, query: string, token = owner) {
  const page = await t.call('GET', `/api/admin/${list}?per_page=1&${query}`, { token });
  expect(page.status, page.text).toBe(200);
  const csv = await t.call('GET', `/api/admin/${list}/export.csv?${query}`, { token });
  expect(csv.status, csv.text).toBe(200);
  expect(String(csv.headers['content-type'])).toContain('text/csv');
  expect(String(csv.headers['content-disposition'])).toMatch(/attachment; filename="[a-z-]+-\d{4}/);
  return { total: page.body.total as number, rows: csvRecords(csv.text) };
}

describe('list exports', () => {
  it('exports the leads the filters match, every one once', async () => {
    const all = await both('leads', '');
    expect(all.rows.length).toBe(all.total);
    expect(all.total).toBeGreaterThan(20);
    expect(new Set(all.rows.map((r) => r.id)).size).toBe(all.rows.length);
    const approved = await both('leads', 'status=approved,hold');
    expect(approved.rows.length).toBe(approved.total);
    expect(approved.rows.every((r) => r.status === 'approved' || r.status === 'hold')).toBe(true);
    expect(approved.total).toBeLessThan(all.total);
    const mine = await both('leads', `publisher_id=${arjunId}&sub1=fb`);
    expect(mine.rows.length).toBe(mine.total);
    expect(mine.rows.every((r) => r.publisher_id === arjunId && r.sub1?.includes('fb'))).toBe(true);
  });

  it('exports clicks, conversions, the postback log and publishers with their filters', async () => {
    const rejected = await both('clicks', 'status=rejected');
    expect(rejected.total).toBeGreaterThan(0);
    expect(rejected.rows.length).toBe(rejected.total);
    expect(rejected.rows.every((r) => r.status === 'rejected' && r.reject_reason !== '')).toBe(true);
    const conversions = await both('conversions', 'status=approved');
    expect(conversions.rows.length).toBe(conversions.total);
    expect(
      conversions.rows.every((r) => r.status === 'approved' && /^\d+\.\d\d$/.test(r.adv_payout ?? '')),
    ).toBe(true);
    const log = await both('postbacks', 'answer_status=200');
    expect(log.rows.length).toBe(log.total);
    expect(log.total).toBeGreaterThan(0);
    const publishers = await both('publishers', 'status=approved');
    expect(publishers.rows.map((r) => r.name).sort()).toEqual(['Arjun Media', 'Lucía Performance']);
    expect(Object.keys(publishers.rows[0] ?? {})).not.toContain('password_hash');
  });

  it('exports only the selected ids among the matching rows', async () => {
    const page = await t.call('GET', '/api/admin/leads?per_page=3', { token: owner });
    const ids = page.body.data.map((l: { id: string }) => l.id);
    const csv = await t.call('GET', `/api/admin/leads/export.csv?ids=${ids.join(',')}`, { token: owner });
    expect(
      csvRecords(csv.text)
        .map((r) => r.id)
        .sort(),
    ).toEqual([...ids].sort());
    const none = await t.call('GET', `/api/admin/leads/export.csv?ids=${ids[0]}&status=test,spam`, {
      token: owner,
    });
    const status = page.body.data[0].status;
    expect(csvRecords(none.text)).toHaveLength(status === 'test' || status === 'spam' ? 1 : 0);
  });

  it('never lets a cell run as a formula', async () => {
    const lead = await t.ctx.db.selectFrom('leads').select('id').limit(1).executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('leads')
      .set({ name: '=HYPERLINK("http://evil.example","click")', sub2: '+cmd|calc' })
      .where('id', '=', lead.id)
      .execute();
    const csv = await t.call('GET', `/api/admin/leads/export.csv?id=${lead.id}`, { token: owner });
    const [row] = csvRecords(csv.text);
    expect(row?.name).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(row?.sub2).toBe("'+cmd|calc");
  });

  it("gives an account manager their publishers' rows only, and no network-wide lists", async () => {
    const leads = await both('leads', '', am);
    expect(leads.rows.length).toBe(leads.total);
    expect(new Set(leads.rows.map((r) => r.publisher_id))).toEqual(new Set([arjunId]));
    const all = await both('leads', '');
    expect(leads.total).toBeLessThan(all.total);
    const conversions = await both('conversions', '', am);
    expect(new Set(conversions.rows.map((r) => r.publisher_id))).toEqual(new Set([arjunId]));
    const publishers = await both('publishers', '', am);
    expect(publishers.rows.map((r) => r.id)).toEqual([arjunId]);
    expect((await t.call('GET', '/api/admin/clicks/export.csv', { token: am })).status).toBe(403);
    expect((await t.call('GET', '/api/admin/postbacks/export.csv', { token: am })).status).toBe(403);
  });

  it('refuses a bad filter with a 400 like the list does', async () => {
    const bad = await t.call('GET', '/api/admin/leads/export.csv?status=APPROVED;drop', { token: owner });
    expect(bad.status).toBe(400);
    const badIds = await t.call('GET', '/api/admin/leads/export.csv?ids=a,,b', { token: owner });
    expect(badIds.status).toBe(400);
  });
});
