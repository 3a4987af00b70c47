import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { dialectOf, localDay } from '../../db/dialect.js';
import { formatAmount, formatPercent, negateAmount, perUnit, sumAmounts } from '../../lib/money.js';
import { addDays, localDate, localDayStart, UTC } from '../../lib/time.js';
import { converterFor, convertRows, type MissingRate } from '../currency/rate-book.js';
import { conversionTotalsByLocalDay, type DayTotal } from '../ledger/period-totals.js';
import { hourNotIn, readWithRollup } from '../rollups/read-rollups.js';

export const PERIOD_DAYS = { today: 1, '7d': 7, '14d': 14, '30d': 30 } as const;
export type Period = keyof typeof PERIOD_DAYS;

/** Statuses that did not pass the fraud checks (or were never real): not leads on the dashboard. */
const NOT_LEADS = ['spam', 'duplicate', 'test'] as const;

export interface MoneyFigures {
  currency: string;
  revenue: string;
  publisher_payouts: string;
  profit: string;
}

interface Counts {
  clicks: number;
  rejected_clicks: number;
  leads: number;
  conversions: number;
  hold: number;
}

/**
 * The period as whole local days of `zone` ending today there: `today` is since local midnight, `7d`
 * is today and the 6 before. A day with a daylight-saving change is 23 or 25 hours long.
 */
export function periodRange(now: Date, period: Period, zone: string = UTC) {
  const today = localDate(now.getTime(), zone);
  const count = PERIOD_DAYS[period];
  const days = Array.from({ length: count }, (_, i) => addDays(today, i - count + 1));
  return {
    start: localDayStart(days[0] ?? today, zone),
    end: localDayStart(addDays(today, 1), zone),
    days,
  };
}

const MONEY_CARD_ACCOUNTS = new Set<string>([
  'advertiser_receivable',
  'publisher_approved',
  'network_margin',
]);

/** Revenue, publisher payouts and profit per currency from ledger day totals (never across currencies). */
function moneyOf(totals: DayTotal[]): MoneyFigures[] {
  const byCurrency = new Map<string, { revenue: number[]; payouts: number[]; margin: number[] }>();
  for (const t of totals) {
    if (!MONEY_CARD_ACCOUNTS.has(t.account)) continue;
    const entry = byCurrency.get(t.currency) ?? { revenue: [], payouts: [], margin: [] };
    if (t.account === 'advertiser_receivable') entry.revenue.push(t.total);
    if (t.account === 'publisher_approved') entry.payouts.push(negateAmount(t.total));
    if (t.account === 'network_margin') entry.margin.push(negateAmount(t.total));
    byCurrency.set(t.currency, entry);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, m]) => ({
      currency,
      revenue: formatAmount(sumAmounts(m.revenue), currency),
      publisher_payouts: formatAmount(sumAmounts(m.payouts), currency),
      profit: formatAmount(sumAmounts(m.margin), currency),
    }));
}

async function countsByDay(ctx: AppContext, start: string, end: string, zone: string) {
  const dialect = dialectOf(ctx.db);
  const range = { start, end, zone };
  const dayIn = (column: string, w: { start: string; end: string }) => localDay(dialect, column, zone, w);
  const [clicks, leads, flows, activeFlows, clicksByCurrency] = await Promise.all([
    readWithRollup(ctx, 'c', range, {
      rollup: (skip) =>
        ctx.db
          .selectFrom('rollup_clicks as r')
          .select([
            dayIn('r.hour', range).as('day'),
            sql<number>`sum(r.clicks)`.as('clicks'),
            sql<number>`sum(r.rejected_clicks)`.as('rejected_clicks'),
          ])
          .where('r.hour', '>=', start)
          .where('r.hour', '<', end)
          .where(hourNotIn('r.hour', skip))
          .groupBy(dayIn('r.hour', range))
          .execute(),
      raw: (w = range) =>
        ctx.db
          .selectFrom('clicks as c')
          .select([
            dayIn('c.created_at', w).as('day'),
            sql<number>`sum(case when c.status = 'accepted' then 1 else 0 end)`.as('clicks'),
            sql<number>`sum(case when c.status = 'rejected' then 1 else 0 end)`.as('rejected_clicks'),
          ])
          .where('c.created_at', '>=', w.start)
          .where('c.created_at', '<', w.end)
          .groupBy(dayIn('c.created_at', w))
          .execute(),
    }),
    readWithRollup(ctx, 'l', range, {
      rollup: (skip) =>
        ctx.db
          .selectFrom('rollup_leads as r')
          .select([
            dayIn('r.hour', range).as('day'),
            sql<number>`sum(r.leads)`.as('leads'),
            sql<number>`sum(case when r.status = 'approved' then r.leads else 0 end)`.as('conversions'),
            sql<number>`sum(case when r.status = 'hold' then r.leads else 0 end)`.as('hold'),
          ])
          .where('r.status', 'not in', NOT_LEADS)
          .where('r.hour', '>=', start)
          .where('r.hour', '<', end)
          .where(hourNotIn('r.hour', skip))
          .groupBy(dayIn('r.hour', range))
          .execute(),
      raw: (w = range) =>
        ctx.db
          .selectFrom('leads as l')
          .select([
            dayIn('l.created_at', w).as('day'),
            (eb) => eb.fn.countAll<number>().as('leads'),
            sql<number>`sum(case when l.status = 'approved' then 1 else 0 end)`.as('conversions'),
            sql<number>`sum(case when l.status = 'hold' then 1 else 0 end)`.as('hold'),
          ])
          .where('l.status', 'not in', NOT_LEADS)
          .where('l.created_at', '>=', w.start)
          .where('l.created_at', '<', w.end)
          .groupBy(dayIn('l.created_at', w))
          .execute(),
    }),
    readWithRollup(ctx, 'c', range, {
      rollup: (skip) =>
        ctx.db
          .selectFrom('rollup_clicks as r')
          .innerJoin('flows as f', 'f.id', 'r.flow_id')
          .select('r.flow_id')
          .distinct()
          .where('f.status', '=', 'active')
          .where('r.clicks', '>', 0)
          .where('r.hour', '>=', start)
          .where('r.hour', '<', end)
          .where(hourNotIn('r.hour', skip))
          .execute(),
      raw: (w = range) =>
        ctx.db
          .selectFrom('clicks as c')
          .innerJoin('flows as f', 'f.id', 'c.flow_id')
          .select(sql<number>`c.flow_id`.as('flow_id'))
          .distinct()
          .where('f.status', '=', 'active')
          .where('c.status', '=', 'accepted')
          .where('c.created_at', '>=', w.start)
          .where('c.created_at', '<', w.end)
          .execute(),
    }),
    // Seed 002: "Active Flows — number of flows currently in Active status", whatever their traffic.
    ctx.db
      .selectFrom('flows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow(),
    readWithRollup(ctx, 'c', range, {
      rollup: (skip) =>
        ctx.db
          .selectFrom('rollup_clicks as r')
          .innerJoin('offers as o', 'o.id', 'r.offer_id')
          .select(['o.currency', sql<number>`sum(r.clicks)`.as('n')])
          .where('r.clicks', '>', 0)
          .where('r.hour', '>=', start)
          .where('r.hour', '<', end)
          .where(hourNotIn('r.hour', skip))
          .groupBy('o.currency')
          .execute(),
      raw: (w = range) =>
        ctx.db
          .selectFrom('clicks as c')
          .innerJoin('offers as o', 'o.id', 'c.offer_id')
          .select(['o.currency', (eb) => eb.fn.countAll<number>().as('n')])
          .where('c.status', '=', 'accepted')
          .where('c.created_at', '>=', w.start)
          .where('c.created_at', '<', w.end)
          .groupBy('o.currency')
          .execute(),
    }),
  ]);
  const byDay = new Map<string, Counts>();
  const entry = (d: string) => {
    let found = byDay.get(d);
    if (!found) {
      found = { clicks: 0, rejected_clicks: 0, leads: 0, conversions: 0, hold: 0 };
      byDay.set(d, found);
    }
    return found;
  };
  // Rows come from the rollup and from raw hours alike: add them up.
  for (const r of clicks) {
    const e = entry(r.day);
    e.clicks += Number(r.clicks);
    e.rejected_clicks += Number(r.rejected_clicks);
  }
  for (const r of leads) {
    const e = entry(r.day);
    e.leads += Number(r.leads);
    e.conversions += Number(r.conversions);
    e.hold += Number(r.hold);
  }
  const clicksIn = new Map<string, number>();
  for (const r of clicksByCurrency) clicksIn.set(r.currency, (clicksIn.get(r.currency) ?? 0) + Number(r.n));
  return {
    byDay,
    activeFlows: Number(activeFlows.n),
    flowsWithClicks: new Set(flows.map((f) => Number(f.flow_id))).size,
    clicksIn,
  };
}

/**
 * The admin dashboard (seed 000): clicks, leads that passed the fraud checks, approved conversions,
 * approval % and EPC (hold counts as confirmed, SPEC; seed 003), flows in Active status and those with clicks; money per currency from the ledger —
 * revenue (advertiser payouts), publisher payouts, profit, EPC (revenue per accepted click on offers in that currency).
 * Counts are by the local day (in the chosen zone) a click or lead arrived; money by the local day it
 * was posted, reversals included.
 * With a report `currency`, all money is converted into it with the stored rates (each conversion at
 * the rate recorded on it, else the latest on or before its day); amounts without a rate are left
 * out and listed in `missing_rates`.
 */
const MONEY_ACCOUNTS = [
  'advertiser_receivable',
  'advertiser_pending',
  'publisher_approved',
  'network_margin',
] as const;

/**
 * Money day totals in their own currencies, or all converted into `currency` with the stored rates
 * (each at its conversion's UTC day, whatever zone the days are counted in).
 */
async function moneyTotals(
  ctx: AppContext,
  range: { start: string; end: string; zone: string },
  currency: string | undefined,
): Promise<{ totals: DayTotal[]; missingRates: MissingRate[] }> {
  const filter = { ...range, accounts: MONEY_ACCOUNTS, byRate: currency !== undefined };
  if (!currency) return { totals: await conversionTotalsByLocalDay(ctx.db, filter), missingRates: [] };
  const [rated, converter] = await Promise.all([
    conversionTotalsByLocalDay(ctx.db, filter),
    converterFor(ctx, currency),
  ]);
  return { totals: convertRows(rated, converter), missingRates: converter.missingRates() };
}

const EPC_ACCOUNTS = new Set<string>(['advertiser_receivable', 'advertiser_pending']);

export interface DashboardQuery {
  period: Period;
  /** Report every amount in this currency. */
  currency?: string;
  /** IANA zone whose local days the period and series are (default UTC). */
  zone?: string;
}

export async function adminDashboard(ctx: AppContext, query: DashboardQuery) {
  const { period, currency } = query;
  const zone = query.zone ?? UTC;
  const { start, end, days } = periodRange(ctx.clock.now(), period, zone);
  const [{ byDay, activeFlows, flowsWithClicks, clicksIn: clicksByCurrency }, { totals, missingRates }] =
    await Promise.all([countsByDay(ctx, start, end, zone), moneyTotals(ctx, { start, end, zone }, currency)]);
  // In a report currency every accepted click counts towards its one EPC.
  const clicksIn = currency
    ? new Map([[currency, [...clicksByCurrency.values()].reduce((a, b) => a + b, 0)]])
    : clicksByCurrency;
  const zero: Counts = { clicks: 0, rejected_clicks: 0, leads: 0, conversions: 0, hold: 0 };
  const total = { ...zero };
  for (const counts of byDay.values()) {
    for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += counts[key];
  }
  // EPC per currency: approved and hold revenue over the accepted clicks on offers paying in it.
  // Hold is confirmed money (seed 003: "involved in the calculation of approval and EPC"), the same
  // rule as the stats API, the portal and the automation metric.
  const money = moneyOf(totals).map((m) => {
    const revenue = sumAmounts(
      totals.filter((t) => t.currency === m.currency && EPC_ACCOUNTS.has(t.account)).map((t) => t.total),
    );
    return { ...m, epc: formatAmount(perUnit(revenue, clicksIn.get(m.currency) ?? 0), m.currency) };
  });
  return {
    period,
    tz: zone,
    from: start,
    to: end,
    ...total,
    approval_percent: formatPercent(perUnit((total.conversions + total.hold) * 10_000, total.leads)),
    active_flows: activeFlows,
    flows_with_clicks: flowsWithClicks,
    report_currency: currency ?? null,
    missing_rates: missingRates,
    money,
    series: days.map((d) => ({
      day: d,
      ...(byDay.get(d) ?? zero),
      money: moneyOf(totals.filter((t) => t.day === d)),
    })),
  };
}
