import { describe, expect, it } from 'vitest';
import { clickApiQuery, clickFilterProblems, readClickFilters } from './click-filters';
import { readPage, toQueryString } from './query-string';

describe('filters and the query string', () => {
  it('leaves out blank filters, trims values and keeps their order', () => {
    expect(toQueryString({ offer_id: '3', country: ' in ', q: '', status: undefined, page: 2 })).toBe(
      '?offer_id=3&country=in&page=2',
    );
    expect(toQueryString({ q: '  ' })).toBe('');
    expect(toQueryString({ q: 'a&b=c' })).toBe('?q=a%26b%3Dc');
  });

  it('reads the page number defensively', () => {
    expect(readPage(new URLSearchParams('page=3'))).toBe(3);
    expect(readPage(new URLSearchParams('page=-1'))).toBe(1);
    expect(readPage(new URLSearchParams('page=abc'))).toBe(1);
    expect(readPage(new URLSearchParams(''))).toBe(1);
  });

  it('turns the Clicks filters into the API query, with days in the chosen time zone', () => {
    const { filters, page } = readClickFilters(
      new URLSearchParams(
        'offer_id=4&flow_id=x&country=in&from=2026-06-01&to=2026-06-02&reject_reason=geo_mismatch&page=2',
      ),
    );
    expect(page).toBe(2);
    expect(toQueryString(clickApiQuery(filters, page, 'Asia/Kolkata'))).toBe(
      '?offer_id=4&country=IN&reject_reason=geo_mismatch' +
        '&from=2026-05-31T18%3A30%3A00.000Z&to=2026-06-02T18%3A30%3A00.000Z&page=2&per_page=50',
    );
    const utc = clickApiQuery(filters, 1, 'UTC');
    expect(utc.from).toBe('2026-06-01T00:00:00.000Z');
    expect(utc.to).toBe('2026-06-03T00:00:00.000Z');
  });

  it('finds bad filters before anything is sent', () => {
    const { filters } = readClickFilters(new URLSearchParams('country=India&from=2026-06-05&to=2026-06-01'));
    expect(clickFilterProblems(filters)).toEqual({
      country: 'Two-letter ISO code, e.g. IN',
      to: 'Ends before it starts',
    });
  });
});
