/** The Dashboard's chart: which series it can draw from GET /api/admin/dashboard, day by day. */

import { currentLocale, tr } from '../i18n';
import { formatNumber } from '../i18n/format';
import { formatMoney } from './money';
import type { Dashboard } from './types';

export interface SeriesOption {
  key: string;
  label: string;
  points: { day: string; value: number; display: string }[];
  /** Money series draw their ticks in their currency. */
  currency?: string;
}

const COUNTS = [
  { key: 'clicks', label: 'Clicks' },
  { key: 'leads', label: 'Leads' },
  { key: 'conversions', label: 'Conversions' },
] as const;

const MONEY = [
  { key: 'revenue', label: 'Revenue' },
  { key: 'profit', label: 'Profit' },
] as const;

/** The chart's title: what it draws and the zone whose days its bars are. */
export function perDayTitle(label: string, timeZone: string): string {
  return tr('common.chart.perDay', { label, timeZone });
}

/** Counts, then revenue and profit once per currency that has money in the period. */
export function seriesOptions(dashboard: Dashboard): SeriesOption[] {
  const counts = COUNTS.map(({ key, label }) => ({
    key,
    label: tr(`admin.dashboard.series.${key}`, { defaultValue: label }),
    points: dashboard.series.map((d) => ({ day: d.day, value: d[key], display: formatNumber(d[key]) })),
  }));
  const money = dashboard.money.flatMap(({ currency }) =>
    MONEY.map(({ key, label: english }) => {
      const label = tr(`admin.dashboard.series.${key}`, { defaultValue: english });
      return {
        key: `${key}-${currency}`,
        label: dashboard.money.length > 1 ? `${label} ${currency}` : label,
        currency,
        points: dashboard.series.map((d) => {
          const amount = d.money.find((m) => m.currency === currency)?.[key] ?? '0';
          // The bar's height only; the amount shown is the exact string.
          return {
            day: d.day,
            value: Number(amount),
            display: formatMoney(amount, currency, currentLocale()),
          };
        }),
      };
    }),
  );
  return [...counts, ...money];
}
