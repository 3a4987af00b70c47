import { insertRows } from './compiled-writes.js';
import type { DbOrTx, Tx } from './database.js';
import type { Database, NewRow } from './schema.js';

/**
 * Rows written last and never read back inside their transaction (a status history row, a postback
 * log row), gathered over the events of one commit group and written once per group as multi-row
 * inserts just before its commit (issue 18 item 7): on PostgreSQL each statement is a round trip, so
 * a group of 8 postbacks writes its 8 history rows and 8 log rows in 2 statements instead of 16.
 *
 * Only a transaction that opened a collection (`DeferredRows.for`) defers; anywhere else
 * `insertLast` writes at once, as `insertRows` does. An event's rows join the group's only when the
 * event succeeds (`keepEvent`); an event rolled back to its savepoint drops its own (`dropEvent`).
 * A failing group insert fails the whole group, which GroupCommit then runs again event by event,
 * each alone and without deferring, so one bad row still costs only its own event.
 */
type Table = keyof Database & string;
type Pending = Map<string, { table: Table; rows: object[] }>;

/** The open event's rows, by the transaction they belong to. */
const collecting = new WeakMap<object, Pending>();

/** Rows in one statement at most; sizes are powers of two so each table has few statement shapes. */
const MAX_ROWS = 64;

function shapeOf(table: string, row: object): string {
  let key = table;
  for (const [column, value] of Object.entries(row)) if (value !== undefined) key += `|${column}`;
  return key;
}

function add(into: Pending, key: string, table: Table, rows: object[]): void {
  const found = into.get(key);
  if (found) found.rows.push(...rows);
  else into.set(key, { table, rows: [...rows] });
}

/** Write `row` last in the transaction: with the group's others before its commit, or now. */
export async function insertLast<T extends Table>(db: DbOrTx, table: T, row: NewRow<T>): Promise<void> {
  const pending = collecting.get(db);
  if (!pending) {
    await insertRows(db, table, [row]);
    return;
  }
  add(pending, shapeOf(table, row), table, [row]);
}

export class DeferredRows {
  private readonly group: Pending = new Map();

  private constructor(private readonly tx: Tx) {}

  /** Start deferring the rows of `tx`'s events; `flush` before the commit. */
  static for(tx: Tx): DeferredRows {
    return new DeferredRows(tx);
  }

  /** The next event's rows are collected apart until it is kept or dropped. */
  beginEvent(): void {
    collecting.set(this.tx, new Map());
  }

  /** The event succeeded: its rows will be written with the group's. */
  keepEvent(): void {
    const event = collecting.get(this.tx);
    collecting.delete(this.tx);
    if (event) for (const [key, { table, rows }] of event) add(this.group, key, table, rows);
  }

  /** The event was rolled back: its rows are forgotten. */
  dropEvent(): void {
    collecting.delete(this.tx);
  }

  /** Write the kept rows, one multi-row insert per table and set of columns (split in powers of two). */
  async flush(): Promise<void> {
    collecting.delete(this.tx);
    for (const { table, rows } of this.group.values()) {
      let at = 0;
      while (at < rows.length) {
        let size = MAX_ROWS;
        while (size > rows.length - at) size /= 2;
        await insertRows(this.tx, table, rows.slice(at, at + size) as NewRow<Table>[]);
        at += size;
      }
    }
    this.group.clear();
  }
}
