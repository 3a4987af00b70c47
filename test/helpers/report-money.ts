import { sql } from 'kysely';
import { expect } from 'vitest';
import { formatAmount } from '../../src/lib/money.js';
import type { TestApp } from './test-app.js';

/**
 * Reports' money against the raw ledger (issue 18): the custom report and the grouped report, which
 * read ledger money from the rollups (hours still marked raw), must show exactly what summing the
 * ledger entries of the three report accounts gives — per currency, and per offer × publisher.
 */

const ACCOUNTS = ['advertiser_receivable', 'publisher_approved', 'network_margin'];

interface Sums {
  revenue: string;
  payouts: string;
  profit: string;
}

/** The raw ledger: per key (offer:publisher, or '' for the totals) and currency. */
async function rawSums(t: TestApp, byKey: boolean): Promise<Map<string, Sums>> {
  const rows = await sql<{ k: string; account: string; currency: string; total: string | number }>`
    select ${byKey ? sql`cast(v.offer_id as text) || ':' || coalesce(cast(v.publisher_id as text), '')` : sql`''`} as k,
      e.account, e.currency, sum(e.amount) as total
    from ledger_entries e join conversions v on v.id = e.conversion_id join leads l on l.id = v.lead_id
    where e.account in (${sql.join(ACCOUNTS)})
    group by 1, e.account, e.currency`.execute(t.ctx.db);
  const minor = new Map<string, { revenue: number; payouts: number; profit: number; currency: string }>();
  for (const r of rows.rows) {
    const id = `${r.k}|${r.currency}`;
    const m = minor.get(id) ?? { revenue: 0, payouts: 0, profit: 0, currency: r.currency };
    const n = Number(r.total);
    if (r.account === 'advertiser_receivable') m.revenue += n;
    if (r.account === 'publisher_approved') m.payouts -= n;
    if (r.account === 'network_margin') m.profit -= n;
    minor.set(id, m);
  }
  const out = new Map<string, Sums>();
  for (const [id, m] of minor) {
    if (m.revenue === 0 && m.payouts === 0 && m.profit === 0) continue;
    out.set(id, {
      revenue: formatAmount(m.revenue, m.currency),
      payouts: formatAmount(m.payouts, m.currency),
      profit: formatAmount(m.profit, m.currency),
    });
  }
  return out;
}

const nonZero = (m: Map<string, Sums>) =>
  new Map([...m].filter(([, s]) => [s.revenue, s.payouts, s.profit].some((x) => Number(x) !== 0)));

/** Every ledger day (UTC) the test wrote, one day either side: whole days, so day rows are read too. */
async function wholeRange(t: TestApp) {
  const span = await t.ctx.db
    .selectFrom('ledger_entries')
    .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
    .executeTakeFirstOrThrow();
  const day = (iso: string, shift: number) =>
    new Date(Date.parse(iso.slice(0, 10)) + shift * 86_400_000).toISOString().slice(0, 10);
  const now = t.clock.now().toISOString();
  return {
    from: day(String(span.first ?? now), -1),
    to: day(String(span.last ?? now) > now ? String(span.last) : now, 1),
  };
}

export async function expectReportMoneyIsLedger(t: TestApp, token: string): Promise<void> {
  const { from, to } = await wholeRange(t);
  const custom = await t.call('GET', `/api/admin/reports/custom?from=${from}&to=${to}&group_by=offer`, {
    token,
  });
  expect(custom.status, custom.text).toBe(200);
  const customTotals = new Map<string, Sums>(
    (
      custom.body.totals as { currency: string; revenue: string; publisher_payouts: string; profit: string }[]
    ).map((r) => [`|${r.currency}`, { revenue: r.revenue, payouts: r.publisher_payouts, profit: r.profit }]),
  );
  expect(nonZero(customTotals)).toEqual(await rawSums(t, false));

  const grouped = await t.call(
    'GET',
    `/api/admin/reports/grouped?from=${from}&to=${to}&group_by=offer,publisher`,
    { token },
  );
  expect(grouped.status, grouped.text).toBe(200);
  const groupedRows = new Map<string, Sums>(
    (
      grouped.body.data as {
        keys: string[];
        currency: string;
        revenue: string;
        payout: string;
        profit: string;
      }[]
    ).map((r) => [
      `${r.keys.join(':')}|${r.currency}`,
      { revenue: r.revenue, payouts: r.payout, profit: r.profit },
    ]),
  );
  expect(nonZero(groupedRows)).toEqual(await rawSums(t, true));
}

/**
 * Right after a refresh (nothing marked): the money rollup is the raw ledger's sums, and every day
 * rollup is the sum of its hour rollup, for clicks, leads and money.
 */
export async function expectMoneyRollupsExact(t: TestApp): Promise<void> {
  const db = t.ctx.db;
  const rolled = await sql<{ account: string; currency: string; total: string | number }>`
    select account, currency, sum(amount) as total from rollup_money group by account, currency`.execute(db);
  const raw = await sql<{ account: string; currency: string; total: string | number }>`
    select e.account, e.currency, sum(e.amount) as total
    from ledger_entries e join conversions v on v.id = e.conversion_id join leads l on l.id = v.lead_id
    where e.account in (${sql.join(ACCOUNTS)}) group by e.account, e.currency`.execute(db);
  const norm = (rows: { account: string; currency: string; total: string | number }[]) =>
    rows.map((r) => `${r.account} ${r.currency} ${Number(r.total)}`).sort();
  expect(norm(rolled.rows)).toEqual(norm(raw.rows));
  await expectDaysAreHours(t);
}

export async function expectDaysAreHours(t: TestApp): Promise<void> {
  const tables = {
    clicks: ['offer_id, publisher_id, flow_id, country, sub1', 'clicks, unique_clicks, rejected_clicks'],
    leads: ['offer_id, advertiser_id, publisher_id, flow_id, country, sub1, status', 'leads, adv_sum'],
    money: [
      'offer_id, advertiser_id, publisher_id, flow_id, country, sub1, account, currency, as_of, rate',
      'amount',
    ],
  };
  for (const [kind, [dims, sums]] of Object.entries(tables)) {
    const sumList = (sums as string).split(', ');
    const select = `select substr(hour, 1, 10) as d, ${dims}, ${sumList.map((s) => `cast(sum(${s}) as text) as ${s}`).join(', ')}`;
    const fromHours = await sql
      .raw<Record<string, unknown>>(`${select} from rollup_${kind} group by substr(hour, 1, 10), ${dims}`)
      .execute(t.ctx.db);
    const fromDays = await sql
      .raw<Record<string, unknown>>(`${select} from rollup_${kind}_day group by substr(hour, 1, 10), ${dims}`)
      .execute(t.ctx.db);
    const norm = (rows: Record<string, unknown>[]) =>
      rows.map((r) => JSON.stringify(Object.values(r).map(String))).sort();
    expect(norm(fromDays.rows), `rollup_${kind}_day`).toEqual(norm(fromHours.rows));
  }
}
