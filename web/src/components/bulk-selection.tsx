import { useEffect, useState } from 'react';
import { tr } from '../i18n';
import type { Filters } from '../lib/query-string';
import { toQueryString } from '../lib/query-string';
import type { Column } from './data-table';

/** What a bulk action works on: picked rows, or every row the list's filter matches. */
export interface Selection {
  ids: ReadonlySet<string>;
  allMatching: boolean;
}

export interface RowSelection extends Selection {
  toggle: (id: string) => void;
  setPage: (ids: readonly string[], on: boolean) => void;
  selectAllMatching: () => void;
  clear: () => void;
  /** How many rows an action would touch. */
  count: (total: number) => number;
}

/** Row selection for a paged list; a new filter (`resetKey`) clears it, so "all matching" never goes stale. */
export function useRowSelection(resetKey: string): RowSelection {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the list's filters
  useEffect(() => {
    setIds(new Set());
    setAllMatching(false);
  }, [resetKey]);
  return {
    ids,
    allMatching,
    toggle: (id) => {
      setAllMatching(false);
      setIds((old) => {
        const next = new Set(old);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
    },
    setPage: (pageIds, on) => {
      setAllMatching(false);
      setIds((old) => {
        const next = new Set(old);
        for (const id of pageIds) on ? next.add(id) : next.delete(id);
        return next;
      });
    },
    selectAllMatching: () => setAllMatching(true),
    clear: () => {
      setIds(new Set());
      setAllMatching(false);
    },
    count: (total) => (allMatching ? total : ids.size),
  };
}

/** The first column of a list with bulk actions: one checkbox per row. */
export function selectColumn<T>(
  selection: RowSelection,
  idOf: (row: T) => string,
  label: (row: T) => string,
) {
  const column: Column<T> = {
    key: 'select',
    header: '',
    className: 'select-cell',
    render: (row) => (
      <input
        type="checkbox"
        aria-label={tr('common.bulk.selectRow', { label: label(row) })}
        checked={selection.allMatching || selection.ids.has(idOf(row))}
        onChange={() => selection.toggle(idOf(row))}
      />
    ),
  };
  return column;
}

/** The body a bulk API call takes for this selection: the ids, or the list's filter. */
export function selectionBody(
  selection: Selection,
  filter: Filters,
): { ids: string[] } | { filter: Filters } {
  if (!selection.allMatching) return { ids: [...selection.ids] };
  const { page: _p, per_page: _pp, sort: _s, order: _o, ...rest } = filter;
  const clean = Object.fromEntries(
    Object.entries(rest)
      .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])
      .filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
  return { filter: clean };
}

/** "Export selected": the list's export with its filters, narrowed to the picked ids. */
export function selectionExportHref(path: string, selection: Selection, filter: Filters): string {
  const { page: _p, per_page: _pp, ...rest } = filter;
  return `${path}${toQueryString(selection.allMatching ? rest : { ...rest, ids: [...selection.ids].join(',') })}`;
}
