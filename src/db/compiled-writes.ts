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

function shaped(key: string, build: (db: DbOrTx, p: Params) => Compilable<unknown>) {
  let statement = shapes.get(key);
  if (!statement && shapes.size < MAX_SHAPES) {
    statement = new CompiledStatement(build);
    shapes.set(key, statement);
  }
  return statement;
}

function columnsOf(row: object): string[] {
  const columns: string[] = [];
  for (const [column, value] of Object.entries(row)) if (value !== undefined) columns.push(column);
  return columns;
}

/** A value Kysely writes into the SQL text (a `sql` fragment, a subquery) instead of as a parameter. */
function isExpression(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'toOperationNode' in value;
}

/** Every row has these columns, in this order, and only plain values (no expressions). */
function sameColumns(rows: object[], columns: string[]): boolean {
  return rows.every((row) => {
    if (Object.values(row).some(isExpression)) return false;
    const own = columnsOf(row);
    return own.length === columns.length && own.every((c, i) => c === columns[i]);
  });
}

function paramsOf(rows: object[], columns: string[]): Params {
  const params: Params = {};
  rows.forEach((row, i) => {
    const values = row as Params;
    for (const column of columns) params[`${i}.${column}`] = values[column];
  });
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
  return statement && { statement, params: paramsOf(rows, columns) };
}

/** `insert into table (…) values (…), …`: rows of one set of columns share a cached statement. */
export async function insertRows<T extends Table>(db: DbOrTx, table: T, rows: NewRow<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const found = insertStatement(table, rows, false);
  if (found) await found.statement.run(db, found.params);
  else
    await db.executeQuery(
      loose(db)
        .insertInto(table)
        .values(rows as Params[]),
    );
}

/** `insert into table (…) values (…) returning *`, cached per set of columns. */
export async function insertRowReturning<T extends Table>(
  db: DbOrTx,
  table: T,
  row: NewRow<T>,
): Promise<Row<T>> {
  const found = insertStatement(table, [row], true);
  const result = found
    ? await found.statement.run(db, found.params)
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
  const params = { ...paramsOf([changes], columns), id };
  return statement ? statement.run(db, params) : db.executeQuery(build(db, params));
}
