import { describe, expect, it } from 'vitest';
import { toQueryString } from './query-string';
import { readReportFilters, reportApiQuery, reportFilterProblems } from './report-filters';

const base = {
  from: '2026-06-01',
  to: '2026-06-07',
  group_by: 'day',
  offer_id: '',
  publisher_id: '',
  advertiser_id: '',
  sub_key: 'sub1',
  sub_value: '',
  currency: '',
};

describe('report filters', () => {
  it('defaults to the last 7 days grouped by day', () => {
    const filters = readReportFilters(new URLSearchParams('offer_id=3'), '2026-06-07');
    expect(filters).toEqual({ ...base, offer_id: '3' });
  });

  it('accepts a real range and refuses an inverted, over-long or malformed one', () => {
    expect(reportFilterProblems(base)).toEqual({});
    expect(reportFilterProblems({ ...base, to: '2026-05-31' })).toEqual({ to: 'Ends before it starts' });
    expect(reportFilterProblems({ ...base, from: '2025-06-06' })).toEqual({ from: 'At most 366 days' });
    expect(reportFilterProblems({ ...base, from: '2025-06-07' })).toEqual({});
    expect(reportFilterProblems({ ...base, from: '2026-02-30' })).toEqual({ from: 'A date, YYYY-MM-DD' });
    expect(reportFilterProblems({ ...base, to: '' })).toEqual({ to: 'A date, YYYY-MM-DD' });
    expect(reportFilterProblems({ ...base, currency: 'euro' })).toEqual({
      currency: 'Three-letter ISO code',
    });
  });

  it('builds the API query, blanks left out, CSV on demand, days in the chosen zone', () => {
    expect(toQueryString(reportApiQuery({ ...base, currency: 'eur' }, { format: 'csv' }))).toBe(
      '?from=2026-06-01&to=2026-06-07&group_by=day&currency=EUR&tz=UTC&format=csv',
    );
    expect(toQueryString(reportApiQuery(base, { tz: 'America/New_York' }))).toBe(
      '?from=2026-06-01&to=2026-06-07&group_by=day&tz=America%2FNew_York',
    );
  });

  it('sends the sub filter as subN=value and groups by any of sub1…sub10', () => {
    const filters = readReportFilters(
      new URLSearchParams('group_by=sub7&sub_key=sub9&sub_value=x 1'),
      '2026-06-07',
    );
    expect(filters).toMatchObject({ group_by: 'sub7', sub_key: 'sub9', sub_value: 'x 1' });
    expect(toQueryString(reportApiQuery(filters))).toBe(
      '?from=2026-06-01&to=2026-06-07&group_by=sub7&sub9=x+1&tz=UTC',
    );
    expect(readReportFilters(new URLSearchParams('sub_key=sub11'), '2026-06-07').sub_key).toBe('sub1');
  });
});
