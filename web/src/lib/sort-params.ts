import type { SortDirection, SortState } from './table-state';

/**
 * Server sorting in the address bar: `?sort=ip&order=desc`, the same names the list endpoints take
 * (docs/api.md "Sorting lists"). Like the filters and the page, a sort survives reload, deep links and Back.
 */

/** The sort in the address bar; a name this table does not offer is no sort (the server would refuse it). */
export function readSort(params: URLSearchParams, sortable: readonly string[]): SortState | undefined {
  const key = params.get('sort');
  if (!key || !sortable.includes(key)) return undefined;
  return { key, direction: params.get('order') === 'desc' ? 'desc' : 'asc' };
}

/** The query parameters for a sort, for the API and the address bar alike; none for the default order. */
export function sortQuery(sort: SortState | undefined): { sort?: string; order?: SortDirection } {
  return sort ? { sort: sort.key, order: sort.direction } : {};
}

/**
 * A click on a header: a new column sorts ascending, the same column turns descending, and a third
 * click goes back to the list's own order (newest first).
 */
export function nextSort(current: SortState | undefined, key: string): SortState | undefined {
  if (current?.key !== key) return { key, direction: 'asc' };
  return current.direction === 'asc' ? { key, direction: 'desc' } : undefined;
}

/** The address bar after a header click: the next sort, every filter kept, back to page 1. */
export function withSort(params: URLSearchParams, sortable: readonly string[], key: string): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('sort');
  next.delete('order');
  next.delete('page');
  const sort = nextSort(readSort(params, sortable), key);
  if (sort) {
    next.set('sort', sort.key);
    next.set('order', sort.direction);
  }
  return next;
}
