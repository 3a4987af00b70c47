import { type ReactNode, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Resource } from '../hooks/use-resource';
import { useTablePrefs } from '../hooks/use-table-prefs';
import type { Page } from '../lib/api';
import { tableIdFor, visibleColumns } from '../lib/table-prefs';
import { canSortLocally, type SortState, type SortValue, sortRows, toggleSort } from '../lib/table-state';
import { EmptyState, ErrorNotice, Loading } from './notice';
import { Pager } from './pager';
import { TableTools } from './table-tools';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Columns with a sort value can be sorted when every row is loaded. */
  sortValue?: (row: T) => SortValue;
  className?: string;
  /** An inline filter shown under the header (a second header row). */
  filter?: ReactNode;
}

/**
 * Sorting done by the server, for lists it pages: `keys` maps a column's key to the API's sort name
 * (only those columns offer a sort), `sort` is the one in the address bar, `onSort` asks for the next.
 */
export interface ServerSort {
  keys: Readonly<Record<string, string>>;
  sort: SortState | undefined;
  onSort: (name: string) => void;
}

interface DataTableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  /** A class for a row to stand out (a postback answered with warnings). */
  rowClassName?: (row: T) => string | undefined;
  loading: boolean;
  error: unknown;
  onRetry?: () => void;
  empty: ReactNode;
  /** Server paging: the table shows one page of `total` rows. */
  paging?: { page: number; perPage: number; total: number; onPage: (page: number) => void };
  /** The rows come sorted by the server: headers ask it for another order instead of sorting the page. */
  serverSort?: ServerSort;
  /** Names the table's kept column settings; by default its screen's path and first column. */
  tableId?: string;
}

/**
 * Roles the elements have anyway, written out: on a phone the rows are drawn as cards (display:
 * block), and Chromium drops a table's semantics once CSS changes its display, so screen readers
 * would lose rows and cells. (Spread, as the linter takes them for redundant.)
 */
const ROLES = {
  table: { role: 'table' },
  rowgroup: { role: 'rowgroup' },
  row: { role: 'row' },
  columnheader: { role: 'columnheader' },
  cell: { role: 'cell' },
} as const;

/**
 * A cell's class: its column's, plus the sticky ones for the first column shown (and the one after a
 * selection box, so a row's name stays in view while the table scrolls sideways).
 */
function cellClass(className: string | undefined, index: number, shown: readonly { key: string }[]) {
  const sticky =
    index === 0
      ? 'sticky-col'
      : index === 1 && shown[0]?.key === 'select'
        ? 'sticky-col sticky-after-select'
        : '';
  return [className, sticky].filter(Boolean).join(' ') || undefined;
}

export function DataTable<T>(props: DataTableProps<T>) {
  const {
    caption,
    columns: allColumns,
    rows,
    rowKey,
    rowClassName,
    loading,
    error,
    onRetry,
    empty,
    paging,
    serverSort,
  } = props;
  const prefs = useTablePrefs();
  const tableId =
    props.tableId ??
    tableIdFor(
      typeof window === 'undefined' ? '' : window.location.pathname,
      allColumns.map((c) => c.key),
    );
  const saved = tableId ? prefs.prefs.tables[tableId] : undefined;
  const columns = useMemo(() => visibleColumns(allColumns, saved), [allColumns, saved]);
  const density = prefs.prefs.density ?? 'comfortable';
  const tableRef = useRef<HTMLTableElement>(null);
  const afterSelect = columns[0]?.key === 'select';
  // The column after a selection box sticks at the box's measured width.
  useLayoutEffect(() => {
    const first = tableRef.current?.querySelector('th');
    if (afterSelect && first) tableRef.current?.style.setProperty('--sticky-left', `${first.offsetWidth}px`);
  });
  const [localSort, setLocalSort] = useState<SortState>();
  const total = paging?.total ?? rows?.length ?? 0;
  const sortable = canSortLocally(rows?.length ?? 0, total);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === localSort?.key);
    if (!rows || serverSort || !sortable || !column?.sortValue) return rows;
    return sortRows(rows, localSort, column.sortValue);
  }, [rows, localSort, sortable, columns, serverSort]);
  const sort = serverSort ? serverSort.sort : localSort;
  /** The name a column sorts by (the API's, or its own key in the browser); undefined when it does not sort. */
  const sortNameOf = (column: Column<T>): string | undefined => {
    if (serverSort) return serverSort.keys[column.key];
    return sortable && column.sortValue ? column.key : undefined;
  };
  const onSort = (name: string) =>
    serverSort ? serverSort.onSort(name) : setLocalSort(toggleSort(localSort, name));

  if (error && !rows) return <ErrorNotice error={error} onRetry={onRetry} />;
  if (!sorted) return <Loading />;
  // With inline filters the header stays when nothing matches, so a filter can be changed back.
  const filterable = columns.some((c) => c.filter !== undefined);
  return (
    <div className={`table-block density-${density}`} aria-busy={loading}>
      {error ? <ErrorNotice error={error} onRetry={onRetry} /> : null}
      {sorted.length === 0 && !filterable ? (
        empty
      ) : (
        <TableTools caption={caption} tableId={tableId} columns={allColumns} prefs={prefs} />
      )}
      {sorted.length === 0 && !filterable ? null : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        <section className="table-wrap" tabIndex={0} aria-label={caption}>
          <table className="data-table" ref={tableRef} {...ROLES.table}>
            <caption className="sr-only">{caption}</caption>
            <thead {...ROLES.rowgroup}>
              <tr {...ROLES.row}>
                {columns.map((column, index) => {
                  const name = sortNameOf(column);
                  const active = name !== undefined && sort?.key === name;
                  const ariaSort = active
                    ? sort.direction === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : undefined;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      {...ROLES.columnheader}
                      aria-sort={ariaSort}
                      className={cellClass(column.className, index, columns)}
                    >
                      {name !== undefined ? (
                        <button type="button" className="sort-button" onClick={() => onSort(name)}>
                          {column.header}
                          <span aria-hidden="true">
                            {active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
                          </span>
                        </button>
                      ) : (
                        column.header
                      )}
                    </th>
                  );
                })}
              </tr>
              {filterable && (
                <tr className="filter-row" {...ROLES.row}>
                  {columns.map((column, index) => (
                    <td
                      key={column.key}
                      {...ROLES.cell}
                      className={cellClass(column.className, index, columns)}
                      data-label={column.header || undefined}
                    >
                      {column.filter}
                    </td>
                  ))}
                </tr>
              )}
            </thead>
            <tbody {...ROLES.rowgroup}>
              {sorted.map((row) => (
                <tr key={rowKey(row)} className={rowClassName?.(row)} {...ROLES.row}>
                  {columns.map((column, index) => (
                    <td
                      key={column.key}
                      {...ROLES.cell}
                      className={cellClass(column.className, index, columns)}
                      // On a phone each row is a card: the header labels its value (tables.css).
                      data-label={column.header || undefined}
                    >
                      {column.render(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {/* Under a filter row the message sits below the table, where a narrow screen still shows it. */}
      {filterable && sorted.length === 0 && empty}
      {paging && (paging.total > 0 || sorted.length > 0) && <Pager {...paging} busy={loading} />}
    </div>
  );
}

export function tableEmpty(title: string, hint?: ReactNode) {
  return <EmptyState title={title}>{hint}</EmptyState>;
}

/**
 * DataTable's data props for a list the server pages: its rows, load state and pager. The pager
 * says which page is on screen (the answer's), not the one being loaded, so "51–55 of 55" never
 * labels the first page's rows while the second loads.
 */
export function pagedRows<T>(list: Resource<Page<T>>, page: number, onPage: (page: number) => void) {
  return {
    rows: list.data?.data,
    loading: list.loading,
    error: list.error,
    onRetry: list.reload,
    paging: list.data && {
      page: list.data.page ?? page,
      perPage: list.data.per_page,
      total: list.data.total,
      onPage,
    },
  };
}
