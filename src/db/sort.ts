import { type Expression, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { InvalidQueryError } from '../lib/errors.js';
import { type DialectName, dialectOf, textSortKey } from './dialect.js';

/** Server-side sorting of admin and portal lists: `?sort=<column>&order=asc|desc`. */

export type SortOrder = 'asc' | 'desc';

/** The query parameters as the schema let them through (see `Sorting()` in src/http/schemas.ts). */
export interface SortRequest {
  sort?: string;
  order?: SortOrder;
}

/** What one sortable name stands for in SQL. */
export interface SortColumn {
  key: (dialect: DialectName) => Expression<unknown>;
  /** Nullable columns put NULLs last in both directions; NOT NULL ones keep a plain, index-friendly ORDER BY. */
  nullable: boolean;
}

/** An endpoint's allow-list: the names a client may sort by, each mapped to its SQL. */
export type SortColumns<K extends string = string> = Readonly<Record<K, SortColumn>>;

/** Numbers, ISO-8601 times, ids and codes: ordered as stored. */
export function byValue(column: string, options: { nullable?: boolean } = {}): SortColumn {
  return { key: () => sql.ref(column), nullable: options.nullable ?? false };
}

/** Free text (names, emails, addresses): case-insensitive, the same order on SQLite and PostgreSQL. */
export function byText(column: string, options: { nullable?: boolean } = {}): SortColumn {
  return { key: (dialect) => textSortKey(dialect, column), nullable: options.nullable ?? false };
}

/** Any other SQL expression over the listed table's columns (a profit = one payout minus another). */
export function byExpression(expression: Expression<unknown>, options: { nullable?: boolean } = {}) {
  return { key: () => expression, nullable: options.nullable ?? false } satisfies SortColumn;
}

/** The part of a list's columns one endpoint offers (the portal's flows leave out publisher_id). */
export function pickSorts<K extends string, P extends K>(
  columns: SortColumns<K>,
  names: readonly P[],
): SortColumns<P> {
  return Object.fromEntries(names.map((name) => [name, columns[name]])) as Record<P, SortColumn>;
}

/** A sort the endpoint can do, or undefined for its default order; unknown names are a 400 that lists the known ones. */
export function resolveSort<K extends string>(
  request: SortRequest,
  columns: SortColumns<K>,
): { name: K; column: SortColumn; order: SortOrder } | undefined {
  if (request.sort === undefined || request.sort === '') {
    if (request.order !== undefined) throw new InvalidQueryError('order needs sort (a column name)', 'order');
    return undefined;
  }
  const names = Object.keys(columns) as K[];
  const name = names.find((n) => n === request.sort);
  if (name === undefined) {
    throw new InvalidQueryError(
      `cannot sort by "${request.sort}": sort must be one of ${names.join(', ')}`,
      'sort',
    );
  }
  return { name, column: columns[name], order: request.order ?? 'asc' };
}

/**
 * Order a list query by the requested column, with `id` after it so rows that tie keep one order and
 * pages neither repeat nor skip a row. Without a sort the list keeps its default: newest first.
 */
export function orderList<DB, TB extends keyof DB, O>(
  // biome-ignore lint/suspicious/noExplicitAny: works for any schema
  db: Kysely<any>,
  query: SelectQueryBuilder<DB, TB, O>,
  request: SortRequest,
  columns: SortColumns,
): SelectQueryBuilder<DB, TB, O> {
  const sort = resolveSort(request, columns);
  const id = sql.ref('id');
  if (!sort) return query.orderBy(id, 'desc');
  const { column, order } = sort;
  const key = column.key(dialectOf(db));
  const ordered = column.nullable
    ? query.orderBy(key, (item) => (order === 'asc' ? item.asc() : item.desc()).nullsLast())
    : query.orderBy(key, order);
  return sort.name === 'id' ? ordered : ordered.orderBy(id, order);
}
