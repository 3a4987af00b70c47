import { describe, expect, it } from 'vitest';
import {
  hasLeadFilters,
  leadApiQuery,
  leadFiltersToParams,
  readLeadFilters,
  selectedStatuses,
  statusChips,
  toggleStatus,
} from './lead-filters';
import { toQueryString } from './query-string';

describe('lead status chips', () => {
  it('multi-selects in chip order and clears with Total', () => {
    expect(toggleStatus('', 'approved')).toBe('approved');
    expect(toggleStatus('approved', 'processing')).toBe('processing,approved');
    expect(toggleStatus('processing,approved', 'approved')).toBe('processing');
    expect(toggleStatus('processing,approved', null)).toBe('');
    expect(selectedStatuses('spam,bogus,spam')).toEqual(['spam']);
  });

  it('shows the API counts, Total selected when no status is', () => {
    const chips = statusChips({ total: 7, processing: 4, approved: 3 }, '');
    expect(chips[0]).toEqual({ status: null, label: 'Total', count: 7, selected: true });
    expect(chips.find((c) => c.status === 'approved')).toMatchObject({ count: 3, selected: false });
    expect(chips.find((c) => c.status === 'spam')?.count).toBe(0);
    const picked = statusChips({ processing: 4, approved: 3 }, 'approved');
    expect(picked[0]).toMatchObject({ count: 7, selected: false });
    expect(picked.find((c) => c.status === 'approved')?.selected).toBe(true);
  });
});

describe('lead filters and the query string', () => {
  it('turns chips and column filters into the API query', () => {
    const { filters, page } = readLeadFilters(
      new URLSearchParams('status=approved,hold&country=in&name=Ann&offer_id=x&from=2026-06-01&page=2'),
    );
    expect(page).toBe(2);
    const query = leadApiQuery(filters, page, 'Asia/Kolkata');
    expect(toQueryString(query)).toBe(
      '?status=hold%2Capproved&name=Ann&country=IN&from=2026-05-31T18%3A30%3A00.000Z&page=2&per_page=50',
    );
  });

  it('keeps the address bar short', () => {
    const { filters } = readLeadFilters(new URLSearchParams('q=ann'));
    expect(hasLeadFilters(filters)).toBe(true);
    expect(toQueryString(leadFiltersToParams(filters))).toBe('?q=ann');
    expect(toQueryString(leadFiltersToParams(filters, 3))).toBe('?q=ann&page=3');
    expect(hasLeadFilters(readLeadFilters(new URLSearchParams('')).filters)).toBe(false);
  });
});
