import type { Compilable } from 'kysely';
import { CompiledStatement } from './compiled-query.js';
import type { DbOrTx } from './database.js';
import type { Database, NewRow, Row, RowUpdate } from './schema.js';

/**
 * Inserts and updates by id through compiled statements (compiled-query.ts), one per table and set
 * of columns: the hot write paths (a postback writes 5–6 rows) skip Kysely's builder and compiler.
 * The columns are the row's keys whose value is not undefined, as Kysely itself would write them;
 * so the SQL is the same as `insertInto(table).values(rows)` and `updateTable(table).set(changes)`.
 */
type Table = keyof Database & string;
type Params = Record<string, unknown>;

/** Shapes kept at most; beyond it (never expected: the shapes come from code) statements run uncached. */
const MAX_SHAPES = 300;
const shapes = new Map<string, CompiledStatement<Params, unknown>>();

/** What a write's parameters are read from: its rows (an update's changes are row 0) and the id. */
interface Source {
  rows: readonly object[];
  id?: string;
}

/**
 * A parameter `"i.column"` is row i's column, `id` the id; the reader is made once per statement
 * shape (CompiledStatement.runFrom), so a write passes its rows as they are instead of building a
 * `"i.column"` keyed object and mapping it back on every run (7.9 % of a postback, session 12).
 */
function readerOf(name: string): (source: Source) => unknown {
  if (name === 'id') return (source) => source.id;
  const dot = name.indexOf('.');
  const row = Number(name.slice(0, dot));
  const column = name.slice(dot + 1);
  return (source) => (source.rows[row] as Params | undefined)?.[column];
}

function shaped(key: string, build: (db: DbOrTx, p: Params) => Compilable<unknown>) {
  let statement = shapes.get(key);
  if (!statement && shapes.size < MAX_SHAPES) {
    statement = new CompiledStatement(build, readerOf as (name: string) => (source: never) => unknown);
    shapes.set(key, statement);
  }
  return statement;
}

function columnsOf(row: object): string[] {
  const columns: string[] = [];
  for (const column in row) if ((row as Params)[column] !== undefined) columns.push(column);
  return columns;
}

/** A value Kysely writes into the SQL text (a `sql` fragment, a subquery) instead of as a parameter. */
function isExpression(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'toOperationNode' in value;
}

/** Every row has these columns, in this order, and only plain values (no expressions). */
function sameColumns(rows: readonly object[], columns: string[]): boolean {
  for (const row of rows) {
    let at = 0;
    for (const column in row) {
      const value = (row as Params)[column];
      if (value === undefined) continue;
      if (isExpression(value) || columns[at] !== column) return false;
      at += 1;
    }
    if (at !== columns.length) return false;
  }
  return true;
}

/** The `"i.column"` keyed values (only for a statement run uncached, with plugins). */
function paramsOf(source: Source, columns: string[]): Params {
  const params: Params = {};
  source.rows.forEach((row, i) => {
    const values = row as Params;
    for (const column of columns) params[`${i}.${column}`] = values[column];
  });
  if (source.id !== undefined) params.id = source.id;
  return params;
}

// The builder's types are per table; these statements are built over any table, so inside they are
// loose, and the exported functions carry the table's row types.
type LooseDb = {
  insertInto(table: string): {
    values(rows: Params[]): Compilable<unknown> & { returningAll(): Compilable<unknown> };
  };
  updateTable(table: string): {
    set(changes: Params): {
      where(
        column: string,
        op: '=',
        value: unknown,
      ): Compilable<unknown> & { returningAll(): Compilable<unknown> };
    };
  };
};
const loose = (db: DbOrTx) => db as unknown as LooseDb;

function insertStatement(table: Table, rows: object[], returning: boolean) {
  const columns = columnsOf(rows[0] as object);
  if (!sameColumns(rows, columns)) return undefined;
  const key = `insert|${table}|${returning ? 'r' : '-'}|${rows.length}|${columns.join(',')}`;
  const statement = shaped(key, (db, p) => {
    const values = rows.map((_, i) => Object.fromEntries(columns.map((c) => [c, p[`${i}.${c}`]])));
    const query = loose(db).insertInto(table).values(values);
    return returning ? query.returningAll() : query;
  });
  return statement && { statement, columns };
}

/** `insert into table (…) values (…), …`: rows of one set of columns share a cached statement. */
export async function insertRows<T extends Table>(db: DbOrTx, table: T, rows: NewRow<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const found = insertStatement(table, rows, false);
  if (found) await found.statement.runFrom(db, { rows }, (source) => paramsOf(source, found.columns));
  else
    await db.executeQuery(
      loose(db)
        .insertInto(table)
        .values(rows as Params[]),
    );
}

/**
 * Told each row insertWholeRow and updateHeldRow give back, with the handle they wrote it through,
 * before the caller has it: test/postback-known-rows.test.ts compares it with `select *` there.
 * Unset outside that test.
 */
export const knownRowWatch: {
  watch?: (db: DbOrTx, table: Table, row: { id: string }) => Promise<void>;
} = {};

/**
 * `insert into table (every column) values (…)` without `returning *`, and the row back as given:
 * with no column left to a default it is the row the database holds, once the caller's values are
 * those it stores (text in text columns, whole numbers in integer ones; test/postback-known-rows.test.ts
 * compares them with `select *` on both databases). `returning *` cost ~40–60 µs of a lead's or a
 * conversion's insert on SQLite (docs/postback-throughput.md, sessions 15–16).
 */
export async function insertWholeRow<T extends Table>(db: DbOrTx, table: T, row: Row<T>): Promise<Row<T>> {
  for (const column in row) {
    if ((row as Params)[column] === undefined)
      throw new Error(`insert into ${table}: ${column} is undefined`);
  }
  await insertRows(db, table, [row as unknown as NewRow<T>]);
  if (knownRowWatch.watch) await knownRowWatch.watch(db, table, row as unknown as { id: string });
  return row;
}

/** `insert into table (…) values (…) returning *`, cached per set of columns. */
export async function insertRowReturning<T extends Table>(
  db: DbOrTx,
  table: T,
  row: NewRow<T>,
): Promise<Row<T>> {
  const found = insertStatement(table, [row], true);
  const result = found
    ? await found.statement.runFrom(db, { rows: [row] }, (source) => paramsOf(source, found.columns))
    : await db.executeQuery(
        loose(db)
          .insertInto(table)
          .values([row as Params])
          .returningAll(),
      );
  const inserted = result.rows[0];
  if (inserted === undefined) throw new Error(`insert into ${table} returned no row`);
  return inserted as Row<T>;
}

/** `update table set … where id = ? returning *`, cached per set of changed columns. */
export async function updateRowById<T extends Table>(
  db: DbOrTx,
  table: T,
  id: string,
  changes: RowUpdate<T>,
): Promise<Row<T> | undefined> {
  const result = await runUpdateById(db, table, id, changes, true);
  return result.rows[0] as Row<T> | undefined;
}

/**
 * `update table set … where id = ?` without `returning *`, for a caller holding the row as it is in
 * its transaction (read under its lock, or written by it): the row after is `held` with the changes
 * (a change of undefined leaves its column, as Kysely does). Undefined when no row has the id.
 */
export async function updateHeldRow<T extends Table>(
  db: DbOrTx,
  table: T,
  held: Row<T> & { id: string },
  changes: RowUpdate<T>,
): Promise<Row<T> | undefined> {
  const after: Params = { ...held };
  for (const column in changes) {
    const value = (changes as Params)[column];
    if (isExpression(value)) throw new Error(`update of ${table}: ${column} is an expression`);
    if (value !== undefined) after[column] = value;
  }
  const result = await runUpdateById(db, table, held.id, changes, false);
  if (Number(result.numAffectedRows ?? 0) === 0) return undefined;
  if (knownRowWatch.watch) await knownRowWatch.watch(db, table, after as { id: string });
  return after as Row<T>;
}

/**
 * `update table set … where id = ?` without reading the row back (a lead's push result: its 50
 * columns were returned and thrown away on every push); true when a row was changed.
 */
export async function setRowById<T extends Table>(
  db: DbOrTx,
  table: T,
  id: string,
  changes: RowUpdate<T>,
): Promise<boolean> {
  const result = await runUpdateById(db, table, id, changes, false);
  return Number(result.numAffectedRows ?? 0) > 0;
}

function runUpdateById(db: DbOrTx, table: Table, id: string, changes: object, returning: boolean) {
  const columns = columnsOf(changes);
  const plain = sameColumns([changes], columns);
  const build = (d: DbOrTx, p: Params) => {
    const query = loose(d)
      .updateTable(table)
      .set(Object.fromEntries(columns.map((c) => [c, p[`0.${c}`]])))
      .where('id', '=', p.id);
    return returning ? query.returningAll() : query;
  };
  const key = `update|${table}|${returning ? 'r' : '-'}|${columns.join(',')}`;
  const statement = plain ? shaped(key, build) : undefined;
  const source: Source = { rows: [changes], id };
  return statement
    ? statement.runFrom(db, source, (from) => paramsOf(from, columns))
    : db.executeQuery(build(db, paramsOf(source, columns)));
}
