import { insertRows } from './compiled-writes.js';
import type { DbOrTx, Tx } from './database.js';
import type { Database, NewRow } from './schema.js';

/**
 * Rows written last in their event (a status history row, a postback log row, a conversion's ledger
 * entries), gathered over the events of one commit group and written once per group as multi-row
 * inserts just before its commit (issue 18 item 7): on PostgreSQL each statement is a round trip, so
 * a group of 8 postbacks writes its 8 history rows and 8 log rows in 2 statements instead of 16; on
 * SQLite a statement of many rows costs less per row than many statements of few.
 *
 * Only a transaction that opened a collection (`DeferredRows.for`) defers; anywhere else
 * `insertLast` writes at once, as `insertRows` does. An event's rows join the group's only when the
 * event succeeds (`keepEvent`); an event rolled back to its savepoint drops its own (`dropEvent`).
 * A failing group insert fails the whole group, which GroupCommit then runs again event by event,
 * each alone and without deferring, so one bad row still costs only its own event.
 *
 * Rows that something later in the transaction reads are still deferrable, when every such read
 * either adds the rows not yet written (`unwrittenRows`: a conversion's ledger position, a
 * publisher's approved balance) or writes them first (`writeDeferred`: any other read of the table).
 */
type Table = keyof Database & string;
type Pending = Map<string, { table: Table; rows: object[] }>;

interface Collection {
  /** The rows of the group's events kept so far. */
  group: Pending;
  /** The open event's rows; undefined between events. */
  event: Pending | undefined;
  /** Kept rows of earlier events written during the open event (`writeDeferred`): undone with it. */
  writtenInEvent: Pending;
}

/** The collection of a transaction that defers. */
const collections = new WeakMap<object, Collection>();

/** Rows in one statement at most; past FEW_ROWS sizes are powers of two, so each table has few statement shapes. */
const MAX_ROWS = 64;
/** Up to this many rows are written in one statement of their exact size. */
const FEW_ROWS = 8;

/** A table's row shapes met so far: its defined columns in order, and the key `table|col|col…`. */
const shapesOf = new Map<string, { columns: string[]; key: string }[]>();
/** Shapes remembered per table at most (they come from code: a few per table). */
const MAX_SHAPES = 32;

/** Whether `row`'s defined columns are `columns`, in that order. */
function hasShape(row: object, columns: readonly string[]): boolean {
  let at = 0;
  for (const column in row) {
    if ((row as Record<string, unknown>)[column] === undefined) continue;
    if (columns[at] !== column) return false;
    at += 1;
  }
  return at === columns.length;
}

/** The key of `row`'s shape; a shape met before gives its kept key (no string built per row). */
function shapeOf(table: string, row: object): string {
  let known = shapesOf.get(table);
  if (known) for (const shape of known) if (hasShape(row, shape.columns)) return shape.key;
  let key = table;
  const columns: string[] = [];
  for (const column in row) {
    if ((row as Record<string, unknown>)[column] === undefined) continue;
    key += `|${column}`;
    columns.push(column);
  }
  if (!known) {
    known = [];
    shapesOf.set(table, known);
  }
  if (known.length < MAX_SHAPES) known.push({ columns, key });
  return key;
}

function add(into: Pending, key: string, table: Table, rows: object[]): void {
  const found = into.get(key);
  if (found) found.rows.push(...rows);
  else into.set(key, { table, rows: [...rows] });
}

function addRow(into: Pending, key: string, table: Table, row: object): void {
  const found = into.get(key);
  if (found) found.rows.push(row);
  else into.set(key, { table, rows: [row] });
}

/** Write `rows` last in the transaction: with the group's others before its commit, or now. */
export async function insertLast<T extends Table>(db: DbOrTx, table: T, rows: NewRow<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const event = collections.get(db)?.event;
  if (!event) {
    await insertRows(db, table, rows);
    return;
  }
  for (const row of rows) addRow(event, shapeOf(table, row), table, row);
}

/** The rows of `table` deferred in `db` and not written yet (the group's kept ones and the open event's). */
export function unwrittenRows<T extends Table>(db: DbOrTx, table: T): readonly NewRow<T>[] {
  const collection = collections.get(db);
  if (!collection) return [];
  const rows: NewRow<T>[] = [];
  for (const pending of [collection.group, collection.event]) {
    if (!pending) continue;
    for (const found of pending.values())
      if (found.table === table) rows.push(...(found.rows as NewRow<T>[]));
  }
  return rows;
}

/** Write now the rows of `table` deferred in `db` (before a read that must see them). */
export async function writeDeferred(db: DbOrTx, table: Table): Promise<void> {
  const collection = collections.get(db);
  if (!collection) return;
  for (const [pending, kept] of [
    [collection.group, true],
    [collection.event, false],
  ] as const) {
    if (!pending) continue;
    for (const [key, found] of pending) {
      if (found.table !== table) continue;
      pending.delete(key);
      await writeInChunks(db, found.table, found.rows);
      // Kept rows written inside the open event's savepoint are undone if the event is.
      if (kept && collection.event) add(collection.writtenInEvent, key, found.table, found.rows);
    }
  }
}

function byPartyAndCurrency(a: NewRow<'ledger_entries'>, b: NewRow<'ledger_entries'>): number {
  const pa = a.party ?? -1;
  const pb = b.party ?? -1;
  if (pa !== pb) return pa - pb;
  return a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;
}

async function writeInChunks(db: DbOrTx, table: Table, rows: object[]): Promise<void> {
  let at = 0;
  while (at < rows.length) {
    let size = MAX_ROWS;
    // A few rows left (a lone event's: a ledger move is 1–6 entries) go in one statement, as an
    // event that does not defer writes them; more are split in powers of two.
    if (rows.length - at <= FEW_ROWS) size = rows.length - at;
    else while (size > rows.length - at) size /= 2;
    await insertRows(db, table, rows.slice(at, at + size) as NewRow<Table>[]);
    at += size;
  }
}

export class DeferredRows {
  private readonly collection: Collection = { group: new Map(), event: undefined, writtenInEvent: new Map() };

  private constructor(private readonly tx: Tx) {
    collections.set(tx, this.collection);
  }

  /** Start deferring the rows of `tx`'s events; `flush` before the commit. */
  static for(tx: Tx): DeferredRows {
    return new DeferredRows(tx);
  }

  /** The next event's rows are collected apart until it is kept or dropped. */
  beginEvent(): void {
    this.collection.event = new Map();
    this.collection.writtenInEvent = new Map();
  }

  /** The event succeeded: its rows will be written with the group's. */
  keepEvent(): void {
    const { event, group } = this.collection;
    this.collection.event = undefined;
    this.collection.writtenInEvent = new Map();
    if (event) for (const [key, { table, rows }] of event) add(group, key, table, rows);
  }

  /** The event was rolled back: its rows are forgotten, and earlier events' rows it wrote are pending again. */
  dropEvent(): void {
    const { writtenInEvent, group } = this.collection;
    this.collection.event = undefined;
    this.collection.writtenInEvent = new Map();
    for (const [key, { table, rows }] of writtenInEvent) add(group, key, table, rows);
  }

  /** Stop deferring on the transaction (after `flush`, or when the group failed). */
  close(): void {
    if (collections.get(this.tx) === this.collection) collections.delete(this.tx);
  }

  /** Write the kept rows, one multi-row insert per table and set of columns (split in powers of two). */
  async flush(): Promise<void> {
    collections.delete(this.tx);
    for (const { table, rows } of this.collection.group.values()) {
      // Ledger entries by publisher: their inserts' triggers lock balance rows (migration 0061) in the
      // same order in every group, chunk after chunk, so two groups do not wait on each other.
      if (table === 'ledger_entries') (rows as NewRow<'ledger_entries'>[]).sort(byPartyAndCurrency);
      await writeInChunks(this.tx, table, rows);
    }
    this.collection.group.clear();
  }
}
