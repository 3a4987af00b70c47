/** The portal's Statistics page: totals and daily series from GET /api/publisher/stats rows. */
import { daysBetween } from './chart';
import { fromMinorUnits, toMinorUnits } from './money';
import type { PublisherStatsRow } from './types';

export interface StatsTotals {
  clicks: number;
  unique_clicks: number;
  leads: number;
  approved: number;
  /** Per currency (never added across currencies): payout and EPC = payout ÷ clicks, rounded down. */
  money: { currency: string; payout: string; epc: string }[];
}

export function statsTotals(rows: readonly PublisherStatsRow[]): StatsTotals {
  const totals: StatsTotals = { clicks: 0, unique_clicks: 0, leads: 0, approved: 0, money: [] };
  const byCurrency = new Map<string, { payout: bigint; clicks: number }>();
  for (const r of rows) {
    totals.clicks += r.clicks;
    totals.unique_clicks += r.unique_clicks;
    totals.leads += r.leads;
    totals.approved += r.approved;
    const m = byCurrency.get(r.currency) ?? { payout: 0n, clicks: 0 };
    m.payout += toMinorUnits(r.payout, r.currency);
    m.clicks += r.clicks;
    byCurrency.set(r.currency, m);
  }
  totals.money = [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, m]) => ({
      currency,
      payout: fromMinorUnits(m.payout, currency),
      epc: fromMinorUnits(m.clicks === 0 ? 0n : m.payout / BigInt(m.clicks), currency),
    }));
  return totals;
}

export type CountMetric = 'clicks' | 'unique_clicks' | 'leads' | 'approved';

/** One count per day of the range (days without traffic are 0), currencies added together. */
export function dailyCounts(
  rows: readonly PublisherStatsRow[],
  from: string,
  to: string,
  metric: CountMetric,
) {
  const byDay = new Map<string, number>();
  for (const r of rows) byDay.set(r.key, (byDay.get(r.key) ?? 0) + r[metric]);
  return daysBetween(from, to).map((day) => ({ day, value: byDay.get(day) ?? 0 }));
}

/** One currency's payout per day of the range, as decimal strings. */
export function dailyPayout(rows: readonly PublisherStatsRow[], from: string, to: string, currency: string) {
  const byDay = new Map(rows.filter((r) => r.currency === currency).map((r) => [r.key, r.payout]));
  return daysBetween(from, to).map((day) => ({
    day,
    amount: byDay.get(day) ?? fromMinorUnits(0n, currency),
  }));
}

/** Conversion rate, leads ÷ clicks, as "12.5%" (one decimal), "—" without clicks. */
export function rate(part: number, whole: number): string {
  if (whole === 0) return '—';
  return `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`;
}
