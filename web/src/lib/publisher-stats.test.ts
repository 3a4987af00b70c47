import { describe, expect, it } from 'vitest';
import { dailyCounts, dailyPayout, rate, statsTotals } from './publisher-stats';

const row = (key: string, currency: string, clicks: number, leads: number, payout: string) => ({
  key,
  currency,
  clicks,
  unique_clicks: clicks,
  leads,
  approved: leads,
  payout,
  epc: '0',
});

const rows = [
  row('2026-06-01', 'USD', 3, 1, '7.50'),
  row('2026-06-01', 'EUR', 2, 1, '4.00'),
  row('2026-06-03', 'USD', 0, 0, '7.50'),
];

describe('publisher stats', () => {
  it('adds counts, and money per currency with EPC rounded down', () => {
    expect(statsTotals(rows)).toEqual({
      clicks: 5,
      unique_clicks: 5,
      leads: 2,
      approved: 2,
      money: [
        { currency: 'EUR', payout: '4.00', epc: '2.00' },
        { currency: 'USD', payout: '15.00', epc: '5.00' },
      ],
    });
    expect(statsTotals([row('d', 'JPY', 3, 0, '100')]).money).toEqual([
      { currency: 'JPY', payout: '100', epc: '33' },
    ]);
    expect(statsTotals([row('d', 'USD', 0, 0, '1.00')]).money[0]?.epc).toBe('0.00');
  });

  it('gives every day of the range, with 0 for quiet days', () => {
    expect(dailyCounts(rows, '2026-06-01', '2026-06-03', 'clicks')).toEqual([
      { day: '2026-06-01', value: 5 },
      { day: '2026-06-02', value: 0 },
      { day: '2026-06-03', value: 0 },
    ]);
    expect(dailyPayout(rows, '2026-06-01', '2026-06-03', 'USD').map((d) => d.amount)).toEqual([
      '7.50',
      '0.00',
      '7.50',
    ]);
  });

  it('writes rates with one decimal', () => {
    expect(rate(1, 3)).toBe('33.3%');
    expect(rate(0, 0)).toBe('—');
  });
});
