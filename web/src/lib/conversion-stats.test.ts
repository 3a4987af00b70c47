import { describe, expect, it } from 'vitest';
import {
  columnGroups,
  presetRange,
  readStatsFilters,
  type StatsRow,
  statsApiQuery,
  statsColumns,
  statsParams,
} from './conversion-stats';

const cell = (qty: number, percent: string) => ({ qty, percent, sum: `${qty * 10}.00`, avg: '10.00' });
const row: StatsRow = {
  key: '2026-06-01',
  label: '2026-06-01',
  total: { qty: 4, sum: '20.00', avg: '5.00' },
  processing: cell(1, '25.00'),
  cancelled: cell(0, '0.00'),
  accepted: cell(2, '50.00'),
  wrong_number: cell(0, '0.00'),
  spam: cell(1, '25.00'),
  duplicate: cell(0, '0.00'),
};

describe('conversion statistics columns', () => {
  it('has the 28 columns of the export, in its order', () => {
    const columns = statsColumns('publisher');
    expect(columns).toHaveLength(28);
    expect(columns.slice(0, 6).map((c) => `${c.group} ${c.header}`.trim())).toEqual([
      'Webmaster',
      'Total Qty',
      'Total Sum',
      'Total Avg',
      'Processing Qty',
      'Processing %',
    ]);
    expect(columns.map((c) => c.value(row)).slice(0, 9)).toEqual([
      '2026-06-01',
      4,
      '20.00',
      '5.00',
      1,
      '25.00',
      '10.00',
      '10.00',
      0,
    ]);
    expect(columns.filter((c) => c.kind === 'percent')).toHaveLength(6);
  });

  it('spans each group over its columns', () => {
    expect(columnGroups(statsColumns('date'))).toEqual([
      { group: '', span: 1 },
      { group: 'Total', span: 3 },
      { group: 'Processing', span: 4 },
      { group: 'Cancelled', span: 4 },
      { group: 'Accepted', span: 4 },
      { group: 'Wrong # / DNO', span: 4 },
      { group: 'Spam', span: 4 },
      { group: 'Duplicate', span: 4 },
    ]);
  });
});

describe('conversion statistics filters', () => {
  it('turns presets into day ranges ending today', () => {
    const today = '2026-03-15';
    expect(presetRange('today', today)).toEqual({ from: today, to: today });
    expect(presetRange('yesterday', today)).toEqual({ from: '2026-03-14', to: '2026-03-14' });
    expect(presetRange('7d', today)).toEqual({ from: '2026-03-09', to: today });
    expect(presetRange('30d', today)).toEqual({ from: '2026-02-14', to: today });
    expect(presetRange('this_month', today)).toEqual({ from: '2026-03-01', to: today });
    expect(presetRange('last_month', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('last_month', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('custom', today)).toBeUndefined();
  });

  it('reads the address bar with defaults and builds the API query', () => {
    const params = new URLSearchParams('s_group=offer&s_granularity=week&s_offer=7&s_publisher=x&offer_id=3');
    const filters = readStatsFilters(params, '2026-06-10');
    expect(filters).toMatchObject({
      s_from: '2026-06-04',
      s_to: '2026-06-10',
      s_group: 'offer',
      // None chosen: the server picks the currency with the most leads in the days.
      s_currency: '',
    });
    expect(statsApiQuery(filters)).toEqual({
      from: '2026-06-04',
      to: '2026-06-10',
      group_by: 'offer',
      granularity: undefined,
      currency: undefined,
      offer_id: '7',
      publisher_id: undefined,
      tz: 'UTC',
      format: undefined,
    });
    const byWeek = readStatsFilters(new URLSearchParams('s_granularity=week&s_group=nonsense'), '2026-06-10');
    // The TSV is counted in the same zone as the table.
    expect(statsApiQuery(byWeek, { tz: 'Asia/Tokyo', format: 'tsv' })).toMatchObject({
      group_by: 'date',
      granularity: 'week',
      tz: 'Asia/Tokyo',
      format: 'tsv',
    });
    expect(statsParams(params)).toMatchObject({ s_group: 'offer', s_offer: '7' });
    expect(statsParams(params)).not.toHaveProperty('offer_id');
  });
});
