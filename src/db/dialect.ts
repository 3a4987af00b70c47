import {
  CompiledQuery,
  type CreateTableBuilder,
  type Kysely,
  PostgresAdapter,
  type RawBuilder,
  type SelectQueryBuilder,
  sql,
} from 'kysely';
import { offsetSpans, UTC } from '../lib/time.js';

/** The few SQLite/PostgreSQL differences, in one place. */

export type DialectName = 'sqlite' | 'postgres';

// biome-ignore lint/suspicious/noExplicitAny: works for any schema, including migrations'
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** An auto-increment integer primary key. */
export function withIdColumn<T extends string>(
  // biome-ignore lint/suspicious/noExplicitAny: migrations build untyped tables
  db: Kysely<any>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  if (dialectOf(db) === 'postgres') return table.addColumn('id', 'serial', (c) => c.primaryKey());
  return table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** True when an error is a unique-constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: string; message?: string };
  return (
    e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** True when an error is a foreign-key violation on either engine. */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: string };
  return e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Case-insensitive substring match that behaves the same on both engines. */
export function containsInsensitive(column: string, needle: string) {
  const pattern = `%${needle.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/**
 * A text column as a sort key: case-insensitive, and in code-point order on both engines. PostgreSQL
 * would otherwise order by the database's locale (en_US skips punctuation: "10.0.0.2" after
 * "100.0.0.1"), while SQLite compares bytes; "C" is byte order there too.
 */
export function textSortKey(dialect: DialectName, column: string) {
  return dialect === 'postgres'
    ? sql<string>`lower(${sql.ref(column)}) collate "C"`
    : sql<string>`lower(${sql.ref(column)})`;
}

/**
 * The local date (YYYY-MM-DD) in an IANA zone of an ISO-8601 UTC text column, for grouping by day.
 * PostgreSQL reads its own zone data; SQLite has none, so the zone's offsets over `range` (the
 * query's [start, end) bounds, outside which no row is read) come from Intl and become a
 * `case when column < change then date(column, '+N seconds') … end`. UTC stays `substr(column, 1, 10)`.
 * Values go in as literals (the zone is a checked name, the rest ISO times and integers): a bound
 * parameter would make the SELECT's and GROUP BY's expressions differ for PostgreSQL.
 */
export function localDay(
  dialect: DialectName,
  column: string,
  zone: string,
  range: { start: string; end: string },
): RawBuilder<string> {
  const ref = sql.ref(column);
  if (zone === UTC) return sql<string>`substr(${ref}, 1, 10)`;
  if (dialect === 'postgres') {
    return sql<string>`to_char((${ref}::timestamptz) at time zone ${sql.lit(zone)}, 'YYYY-MM-DD')`;
  }
  const spans = offsetSpans(zone, range.start, range.end);
  const shifted = (seconds: number) =>
    seconds === 0
      ? sql`substr(${ref}, 1, 10)`
      : sql`date(${ref}, ${sql.lit(`${seconds > 0 ? '+' : ''}${seconds} seconds`)})`;
  const [first, ...changes] = spans;
  if (!first || changes.length === 0) return sql<string>`${shifted(first?.offsetSeconds ?? 0)}`;
  const branches = changes.map(
    (span, i) => sql`when ${ref} < ${sql.lit(span.from)} then ${shifted(spans[i]?.offsetSeconds ?? 0)}`,
  );
  const last = changes.at(-1)?.offsetSeconds ?? 0;
  return sql<string>`(case ${sql.join(branches, sql` `)} else ${shifted(last)} end)`;
}

/**
 * A hand-written query for the hot path, skipping the query builder's per-call compile. Write it
 * with `?` placeholders; PostgreSQL gets `$1, $2, …`. Keep such SQL portable apart from that.
 */
export function rawQuery<R>(dialect: DialectName, text: string, parameters: unknown[]): CompiledQuery<R> {
  let n = 0;
  const sqlText = dialect === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
  return CompiledQuery.raw(sqlText, parameters) as CompiledQuery<R>;
}

/**
 * Lock the selected rows for a claim. PostgreSQL skips rows another process is claiming right now,
 * so concurrent workers never take the same row; SQLite has a single writer and no row locks.
 */
export function forUpdateSkipLocked<DB, TB extends keyof DB, O>(
  // biome-ignore lint/suspicious/noExplicitAny: works for any schema
  db: Kysely<any>,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialectOf(db) === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/** Row locks for a read-modify-write: `SELECT … FOR UPDATE` on PostgreSQL; SQLite has one writer. */
export function forUpdate<DB, TB extends keyof DB, O>(
  // biome-ignore lint/suspicious/noExplicitAny: works for any schema
  db: Kysely<any>,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
}

/**
 * Serialise transactions that work on one key (a click's leads) until the transaction ends, where
 * there is no row to lock yet: a PostgreSQL transaction-scoped advisory lock. SQLite runs one
 * write transaction at a time, so there it is a no-op.
 */
// biome-ignore lint/suspicious/noExplicitAny: works for any schema
export async function lockKey(tx: Kysely<any>, key: string): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}

/**
 * Run one write statement and turn a unique violation into `undefined`. PostgreSQL aborts the whole
 * transaction on any error, so there it runs inside a savepoint that keeps the transaction usable and
 * the caller can read the row that won instead. SQLite undoes just the failed statement and the
 * transaction goes on: no savepoint needed (two statements saved on a postback that creates a lead).
 */
export async function unlessUniqueViolation<T>(
  // biome-ignore lint/suspicious/noExplicitAny: works for any schema
  tx: Kysely<any>,
  write: () => Promise<T>,
): Promise<T | undefined> {
  if (dialectOf(tx) === 'sqlite') {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }
  await sql`savepoint unique_write`.execute(tx);
  try {
    const result = await write();
    await sql`release savepoint unique_write`.execute(tx);
    return result;
  } catch (error) {
    await sql`rollback to savepoint unique_write`.execute(tx);
    await sql`release savepoint unique_write`.execute(tx);
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
}
/** The same lock under the name the leads module uses (duplicate checks, caps). */
export const lockForTransaction = lockKey;
