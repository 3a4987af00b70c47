import { CompiledQuery } from 'kysely';
import type { DbOrTx } from './database.js';
import { dialectOf } from './dialect.js';

/** Statement texts, one per table, columns, row count and dialect; a few short strings each. */
const texts = new Map<string, string>();

function insertText(table: string, columns: readonly string[], rows: number, postgres: boolean): string {
  const key = `${postgres ? 'pg' : 'sqlite'}|${table}|${rows}|${columns.join(',')}`;
  let text = texts.get(key);
  if (text === undefined) {
    let n = 0;
    const row = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
    const values = Array.from({ length: rows }, row).join(', ');
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}`;
    texts.set(key, text);
  }
  return text;
}

/**
 * `insert into table (columns…) values (…), (…)` for rows that set every one of `columns`, with the
 * statement text built once per row count and bound directly: for a multi-row insert, Kysely's parse
 * and compile of the values cost more CPU than the database's insert itself (issue 18, CPU profile of
 * bench/lead-cost.ts). The same text on both databases but for the placeholders. A row missing a
 * column is an error, not a NULL (Kysely would have left the column out and taken its default).
 */
export async function insertFullRows<Row extends object>(
  db: DbOrTx,
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
  rowsPerStatement: number,
): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const chunk = rows.slice(i, i + rowsPerStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) {
      for (const column of columns) {
        const value = row[column];
        if (value === undefined) throw new Error(`insert into ${table}: a row lacks ${column}`);
        parameters.push(value);
      }
    }
    await db.executeQuery(CompiledQuery.raw(insertText(table, columns, chunk.length, postgres), parameters));
  }
}
