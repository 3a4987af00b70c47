import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/modules/demo/seed-demo.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** seed-demo's month of traffic: every admin screen's API has data, and the books balance. */
describe('seed-demo traffic', () => {
  let t: TestApp;
  let token: string;
  let summary: string;

  beforeAll(async () => {
    t = await createTestApp({ clock: undefined });
    summary = await seedDemo(t.ctx, { clicks: 900 });
    token = await t.adminToken();
  }, 240_000);
  afterAll(() => t.close());

  it('prints what it made', () => {
    expect(summary).toContain('900 clicks over 30 days');
    expect(summary).toMatch(/Net-7 payout run: \d+ requested, 1 paid/);
  });

  it('fills the lists: clicks with several refusal reasons, leads in every status, three currencies', async () => {
    const db = t.ctx.db;
    const reasons = await db
      .selectFrom('clicks')
      .select('reject_reason')
      .distinct()
      .where('status', '=', 'rejected')
      .execute();
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    const statuses = await db.selectFrom('leads').select('status').distinct().execute();
    expect(statuses.length).toBeGreaterThanOrEqual(7);
    expect(statuses.map((s) => s.status).sort()).toEqual(
      expect.arrayContaining(['approved', 'cancelled', 'hold', 'processing', 'wrong_number']),
    );
    const currencies = await db.selectFrom('conversions').select('currency').distinct().execute();
    expect(currencies.map((c) => c.currency).sort()).toEqual(['EUR', 'INR', 'USD']);
    const postbacks = await db
      .selectFrom('postback_log')
      .select(db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(postbacks.n)).toBeGreaterThan(50);
    const publisherPostbacks = await db
      .selectFrom('jobs')
      .select(db.fn.countAll<number>().as('n'))
      .where('type', '=', 'publisher_postback')
      .executeTakeFirstOrThrow();
    expect(Number(publisherPostbacks.n)).toBeGreaterThan(0);
    const paid = await db.selectFrom('payouts').selectAll().where('status', '=', 'paid').execute();
    expect(paid).toHaveLength(1);
  });

  it('keeps the ledger balanced: every event sums to zero per currency', async () => {
    const rows = await t.ctx.db
      .selectFrom('ledger_entries')
      .select(['event_id', 'currency', t.ctx.db.fn.sum<number>('amount').as('total')])
      .groupBy(['event_id', 'currency'])
      .execute();
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => Number(r.total) !== 0)).toEqual([]);
  });

  it('answers every screen of the admin with data', async () => {
    const get = async (url: string) => {
      const response = await t.call('GET', url, { token });
      expect(response.status, `${url}: ${response.text.slice(0, 300)}`).toBe(200);
      return response.body;
    };
    const dashboard = await get('/api/admin/dashboard');
    expect(dashboard.clicks).toBeGreaterThan(0);
    expect(dashboard.rejected_clicks).toBeGreaterThan(0);
    expect(dashboard.conversions).toBeGreaterThan(0);
    expect(dashboard.money.length).toBeGreaterThan(0);
    for (const list of ['clicks', 'leads', 'conversions', 'postbacks', 'payouts', 'publishers']) {
      expect((await get(`/api/admin/${list}`)).data.length, list).toBeGreaterThan(0);
    }
    const finance = await get('/api/admin/finance');
    expect(finance.cards.map((c: { currency: string }) => c.currency).sort()).toEqual(['EUR', 'INR', 'USD']);
    expect(finance.cards.find((c: { currency: string }) => c.currency === 'USD').already_paid).not.toBe(
      '0.00',
    );
    const report = await get('/api/admin/reports/custom?from=2026-05-01&to=2026-06-01&group_by=offer');
    expect(report.data.length).toBeGreaterThanOrEqual(3);
    const stats = await get('/api/admin/reports/conversion-stats?from=2026-05-01&to=2026-06-01&currency=EUR');
    expect(stats.data.length).toBeGreaterThan(0);
  });
});
