import { describe, expect, it } from 'vitest';
import { perDayTitle, seriesOptions } from './dashboard';
import type { Dashboard } from './types';

const counts = { clicks: 0, rejected_clicks: 0, leads: 0, conversions: 0, hold: 0 };
const dashboard: Dashboard = {
  period: '7d',
  tz: 'Asia/Tokyo',
  from: '2026-06-01T00:00:00.000Z',
  to: '2026-06-03T00:00:00.000Z',
  ...counts,
  approval_percent: '0.00',
  active_flows: 0,
  flows_with_clicks: 0,
  report_currency: null,
  missing_rates: [],
  money: [
    { currency: 'EUR', revenue: '5.00', publisher_payouts: '4.00', profit: '1.00', epc: '1.00' },
    { currency: 'USD', revenue: '10.00', publisher_payouts: '7.50', profit: '2.50', epc: '2.50' },
  ],
  series: [
    {
      day: '2026-06-01',
      ...counts,
      clicks: 1200,
      money: [{ currency: 'USD', revenue: '10.00', publisher_payouts: '7.50', profit: '2.50' }],
    },
    {
      day: '2026-06-02',
      ...counts,
      leads: 2,
      money: [{ currency: 'EUR', revenue: '5.00', publisher_payouts: '4.00', profit: '1.00' }],
    },
  ],
};

describe('dashboard chart series', () => {
  it('offers the counts, then revenue and profit per currency, one value a day', () => {
    const options = seriesOptions(dashboard);
    expect(options.map((o) => o.label)).toEqual([
      'Clicks',
      'Leads',
      'Conversions',
      'Revenue EUR',
      'Profit EUR',
      'Revenue USD',
      'Profit USD',
    ]);
    expect(options[0]?.points).toEqual([
      { day: '2026-06-01', value: 1200, display: (1200).toLocaleString() },
      { day: '2026-06-02', value: 0, display: '0' },
    ]);
    const usd = options.find((o) => o.key === 'revenue-USD');
    expect(usd?.currency).toBe('USD');
    expect(usd?.points.map((p) => p.display)).toEqual(['$10.00', '$0.00']);
  });

  it('names money series without the currency when there is one', () => {
    const one = seriesOptions({ ...dashboard, money: dashboard.money.slice(1) });
    expect(one.map((o) => o.key)).toEqual(['clicks', 'leads', 'conversions', 'revenue-USD', 'profit-USD']);
    expect(one.at(-1)?.label).toBe('Profit');
  });

  it('titles the chart with the zone whose days the bars are', () => {
    expect(perDayTitle('Clicks', dashboard.tz)).toBe('Clicks per day (Asia/Tokyo)');
    expect(perDayTitle('Revenue EUR', 'UTC')).toBe('Revenue EUR per day (UTC)');
  });
});
