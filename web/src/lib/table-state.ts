import { compareDecimals } from './money';

/** Paging and sorting of tables whose rows the server pages (`{data, page, per_page, total}`). */

export const PER_PAGE = 50;

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: string;
  direction: SortDirection;
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** A page that exists: after a filter shrinks the list, page 7 of 2 becomes page 2. */
export function clampPage(page: number, total: number, perPage: number): number {
  return Math.min(Math.max(1, Math.floor(page)), pageCount(total, perPage));
}

/** "51–100 of 123", or "No results". */
export function rangeLabel(page: number, perPage: number, total: number): string {
  if (total === 0) return 'No results';
  const first = (page - 1) * perPage + 1;
  const last = Math.min(page * perPage, total);
  return `${first}–${last} of ${total}`;
}

/** Clicking a column: a new column sorts ascending, the same column flips. */
export function toggleSort(current: SortState | undefined, key: string): SortState {
  if (current?.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'asc' };
}

/**
 * Sorting in the browser is only honest when every row is loaded; with more pages than one the
 * order is the server's (newest first), and headers do not offer a sort.
 */
export function canSortLocally(loadedRows: number, total: number): boolean {
  return total > 0 && loadedRows >= total;
}

export type SortValue = string | number | null | undefined;

const AMOUNT = /^-?\d+(\.\d+)?$/;

function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  // Empty cells go last whichever way the column is sorted.
  if (a === null || a === undefined || a === '') return 1;
  if (b === null || b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  // Amounts and ids arrive as decimal strings: compare them as numbers, exactly.
  if (AMOUNT.test(x) && AMOUNT.test(y)) return compareDecimals(x, y);
  return x.localeCompare(y, undefined, { sensitivity: 'base' });
}

/** A stable sort of the loaded rows by one column's value. */
export function sortRows<T>(rows: readonly T[], sort: SortState | undefined, value: (row: T) => SortValue) {
  if (!sort) return [...rows];
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => {
      const empty = (v: SortValue) => v === null || v === undefined || v === '';
      if (empty(a.key) !== empty(b.key)) return empty(a.key) ? 1 : -1;
      return sign * compareValues(a.key, b.key) || a.index - b.index;
    })
    .map((entry) => entry.row);
}
