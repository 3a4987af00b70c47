import { describe, expect, it } from 'vitest';
import { toQueryString } from './query-string';
import { nextSort, readSort, sortQuery, withSort } from './sort-params';

const SORTABLE = ['created_at', 'ip', 'country'] as const;
const params = (text: string) => new URLSearchParams(text);

describe('server sort in the address bar', () => {
  it('reads the sort and its direction, ascending unless told', () => {
    expect(readSort(params('sort=ip&order=desc'), SORTABLE)).toEqual({ key: 'ip', direction: 'desc' });
    expect(readSort(params('sort=ip'), SORTABLE)).toEqual({ key: 'ip', direction: 'asc' });
    expect(readSort(params('sort=ip&order=sideways'), SORTABLE)).toEqual({ key: 'ip', direction: 'asc' });
  });

  it('ignores a column the table does not sort by, and a direction alone', () => {
    expect(readSort(params('sort=password_hash&order=asc'), SORTABLE)).toBeUndefined();
    expect(readSort(params('order=desc'), SORTABLE)).toBeUndefined();
    expect(readSort(params(''), SORTABLE)).toBeUndefined();
  });

  it('turns a sort into query parameters, none for the default order', () => {
    expect(sortQuery({ key: 'ip', direction: 'desc' })).toEqual({ sort: 'ip', order: 'desc' });
    expect(sortQuery(undefined)).toEqual({});
    expect(
      toQueryString({ status: 'accepted', ...sortQuery({ key: 'ip', direction: 'asc' }), page: 2 }),
    ).toBe('?status=accepted&sort=ip&order=asc&page=2');
  });

  it('cycles a header ascending, descending, then back to the default; another header starts ascending', () => {
    const asc = nextSort(undefined, 'ip');
    expect(asc).toEqual({ key: 'ip', direction: 'asc' });
    const desc = nextSort(asc, 'ip');
    expect(desc).toEqual({ key: 'ip', direction: 'desc' });
    expect(nextSort(desc, 'ip')).toBeUndefined();
    expect(nextSort(desc, 'country')).toEqual({ key: 'country', direction: 'asc' });
  });

  it('keeps the filters on a header click and goes back to page 1', () => {
    const first = withSort(params('status=accepted&country=IN&page=3'), SORTABLE, 'ip');
    expect(first.toString()).toBe('status=accepted&country=IN&sort=ip&order=asc');
    const second = withSort(first, SORTABLE, 'ip');
    expect(second.toString()).toBe('status=accepted&country=IN&sort=ip&order=desc');
    const third = withSort(params(`${second.toString()}&page=2`), SORTABLE, 'ip');
    expect(third.toString()).toBe('status=accepted&country=IN');
  });

  it('does not change the parameters it was given', () => {
    const current = params('sort=ip&order=asc&page=2');
    withSort(current, SORTABLE, 'country');
    expect(current.toString()).toBe('sort=ip&order=asc&page=2');
  });
});
