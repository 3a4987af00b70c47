import { describe, expect, it } from 'vitest';
import {
  conversionApiQuery,
  dateRangeProblems,
  postbackApiQuery,
  readConversionFilters,
  readPostbackFilters,
} from './log-filters';
import { toQueryString } from './query-string';

describe('conversion and postback log filters', () => {
  it('sends valid ids and the zone’s days as a UTC range', () => {
    const { filters, page } = readConversionFilters(
      new URLSearchParams(
        'offer_id=3&publisher_id=abc&flow_id=12&status=approved&from=2026-06-01&to=2026-06-01',
      ),
    );
    expect(toQueryString(conversionApiQuery(filters, page, 'UTC'))).toBe(
      '?offer_id=3&flow_id=12&status=approved&from=2026-06-01T00%3A00%3A00.000Z&to=2026-06-02T00%3A00%3A00.000Z&page=1&per_page=50',
    );
  });

  it('filters the postback log by flow, click and answer', () => {
    const { filters } = readPostbackFilters(
      new URLSearchParams('flow_id=7&click_id= 01ABC &answer_code=access'),
    );
    expect(toQueryString(postbackApiQuery(filters, 2, 'UTC'))).toBe(
      '?flow_id=7&click_id=01ABC&answer_code=access&page=2&per_page=50',
    );
  });

  it('checks the date range', () => {
    expect(dateRangeProblems('2026-06-02', '2026-06-01')).toEqual({ to: 'Ends before it starts' });
    expect(dateRangeProblems('June', '')).toEqual({ from: 'A date, YYYY-MM-DD' });
    expect(dateRangeProblems('', '')).toEqual({});
  });
});
