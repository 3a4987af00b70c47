import { describe, expect, it } from 'vitest';
import { canSortLocally, clampPage, pageCount, rangeLabel, sortRows, toggleSort } from './table-state';

describe('table paging and sorting state', () => {
  it('counts pages and clamps a page that no longer exists', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
    expect(clampPage(7, 60, 50)).toBe(2);
    expect(clampPage(0, 60, 50)).toBe(1);
  });

  it('describes the rows on screen', () => {
    expect(rangeLabel(1, 50, 0)).toBe('No results');
    expect(rangeLabel(1, 50, 7)).toBe('1–7 of 7');
    expect(rangeLabel(2, 50, 123)).toBe('51–100 of 123');
    expect(rangeLabel(3, 50, 123)).toBe('101–123 of 123');
  });

  it('sorts a new column ascending and flips the same column', () => {
    const first = toggleSort(undefined, 'name');
    expect(first).toEqual({ key: 'name', direction: 'asc' });
    expect(toggleSort(first, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(toggleSort({ key: 'name', direction: 'desc' }, 'payout')).toEqual({
      key: 'payout',
      direction: 'asc',
    });
  });

  it('sorts in the browser only when every row is loaded', () => {
    expect(canSortLocally(12, 12)).toBe(true);
    expect(canSortLocally(50, 51)).toBe(false);
    expect(canSortLocally(0, 0)).toBe(false);
  });

  it('sorts amounts as numbers, text case-insensitively, blanks last and ties stable', () => {
    const rows = [
      { id: 'a', payout: '10.00', name: 'beta' },
      { id: 'b', payout: '9.50', name: 'Alpha' },
      { id: 'c', payout: '', name: 'alpha' },
      { id: 'd', payout: '100', name: 'Gamma' },
    ];
    const ids = (list: typeof rows) => list.map((r) => r.id).join('');
    expect(ids(sortRows(rows, { key: 'payout', direction: 'asc' }, (r) => r.payout))).toBe('badc');
    expect(ids(sortRows(rows, { key: 'payout', direction: 'desc' }, (r) => r.payout))).toBe('dabc');
    expect(ids(sortRows(rows, { key: 'name', direction: 'asc' }, (r) => r.name))).toBe('bcad');
    expect(ids(sortRows(rows, undefined, (r) => r.name))).toBe('abcd');
  });
});
