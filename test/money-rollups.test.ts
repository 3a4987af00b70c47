import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markAllHours, refreshRollups } from '../src/modules/rollups/refresh-rollups.js';
import { loadEpcTable } from '../src/modules/smartlink/offer-epc.js';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import {
  expectDaysAreHours,
  expectMoneyRollupsExact,
  expectReportMoneyIsLedger,
} from './helpers/report-money.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Ledger money and day rollups (issue 18, migration 0044): the custom and grouped reports read money
 * from the rollups — proven by what a tampered rollup row does to them — and a reversal or clawback
 * written after a refresh reaches them at once (its hour is marked, read raw), then from the rollup.
 */
let t: TestApp;
let net: Network;
const clicks: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
  // Three days of approved conversions, a few hours apart.
  for (let i = 0; i < 9; i++) {
    t.clock.advance(7 * 3_600_000);
    const click = await makeClick(t, net);
    clicks.push(click);
    const r = await postback(t, {
      click_id: click,
      status: 'approved',
      token: net.advertiser.postback_token,
    });
    expect(r.status, r.text).toBe(200);
  }
});
afterAll(() => t.close());

async function customRevenue(): Promise<string> {
  const now = t.clock.now();
  const from = new Date(now.getTime() - 5 * 86_400_000).toISOString().slice(0, 10);
  const to = now.toISOString().slice(0, 10);
  const r = await t.call('GET', `/api/admin/reports/custom?from=${from}&to=${to}&group_by=offer`, {
    token: net.token,
  });
  expect(r.status, r.text).toBe(200);
  return (r.body.totals as { revenue: string }[])[0]?.revenue ?? '0';
}

describe('ledger money rollups', () => {
  it('read money from the rollups: the day rollup over whole days, equal to the raw ledger', async () => {
    await refreshRollups(t.ctx);
    await expectMoneyRollupsExact(t);
    await expectReportMoneyIsLedger(t, net.token);
    expect(await customRevenue()).toBe('90.00');
    // A day row changed behind the report's back (no mark): the report shows it, so it reads it.
    await t.ctx.db
      .updateTable('rollup_money_day')
      .set({ amount: 1_000_000 })
      .where('account', '=', 'advertiser_receivable')
      .execute();
    expect(await customRevenue()).not.toBe('90.00');
    // Rebuilt from the raw rows, it is exact again.
    await markAllHours(t.ctx);
    await refreshRollups(t.ctx);
    expect(await customRevenue()).toBe('90.00');
    await expectDaysAreHours(t);
  });

  it('shows a reversal and a clawback written after a refresh at once, and after the next refresh', async () => {
    await refreshRollups(t.ctx);
    t.clock.advance(2 * 3_600_000);
    // The advertiser cancels one approved lead and charges another back, hours later.
    for (const [click, status] of [
      [clicks[0], 'rejected'],
      [clicks[4], 'chargeback'],
    ] as const) {
      const r = await postback(t, { click_id: click, status, token: net.advertiser.postback_token });
      expect(r.status, r.text).toBe(200);
    }
    const marked = await t.ctx.db.selectFrom('rollup_dirty').select('kind').where('kind', '=', 'm').execute();
    expect(marked.length).toBeGreaterThan(0);
    // Before the refresh: the reversal's hour is read raw, the rest from the rollups.
    await expectReportMoneyIsLedger(t, net.token);
    expect(await customRevenue()).toBe('70.00');
    await refreshRollups(t.ctx);
    await expectMoneyRollupsExact(t);
    await expectReportMoneyIsLedger(t, net.token);
    expect(await customRevenue()).toBe('70.00');
  });

  it('falls back to the raw rows for a grouping the rollups lack (sub2), with the same money', async () => {
    await refreshRollups(t.ctx);
    const now = t.clock.now().toISOString().slice(0, 10);
    const from = new Date(Date.parse(now) - 5 * 86_400_000).toISOString().slice(0, 10);
    const get = (group: string) =>
      t.call('GET', `/api/admin/reports/grouped?from=${from}&to=${now}&group_by=${group}`, {
        token: net.token,
      });
    const [byOffer, bySub2] = await Promise.all([get('offer'), get('sub2')]);
    expect(byOffer.status, byOffer.text).toBe(200);
    expect(bySub2.status, bySub2.text).toBe(200);
    expect(bySub2.body.totals).toEqual(byOffer.body.totals);
  });

  it("reads the smart link's recent clicks per offer from the click rollup", async () => {
    await refreshRollups(t.ctx);
    t.ctx.caches.clear();
    const offer = Number(net.offer.id);
    const raw = (await loadEpcTable(t.ctx)).byOffer.get(offer)?.clicks;
    expect(raw).toBeGreaterThan(0);
    // A rollup row changed without a mark: the EPC table shows it, so it reads the rollup.
    await t.ctx.db.updateTable('rollup_clicks').set({ clicks: 1000 }).where('offer_id', '=', offer).execute();
    await t.ctx.db
      .updateTable('rollup_clicks_day')
      .set({ clicks: 1000 })
      .where('offer_id', '=', offer)
      .execute();
    t.ctx.caches.clear();
    expect((await loadEpcTable(t.ctx)).byOffer.get(offer)?.clicks).toBeGreaterThan(raw ?? 0);
    await markAllHours(t.ctx);
    await refreshRollups(t.ctx);
    t.ctx.caches.clear();
    expect((await loadEpcTable(t.ctx)).byOffer.get(offer)?.clicks).toBe(raw);
  });
});
