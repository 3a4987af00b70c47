import { CompiledQuery } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { LeadRow } from './queries.js';

/** Rows per statement: 41 columns each, under SQLite's 32,766 parameters and PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 200;

/** The statement text for `rows` full lead rows, built once per row count and dialect. */
const texts = new Map<string, string>();

function insertText(columns: readonly string[], rows: number, dialect: 'sqlite' | 'postgres'): string {
  const key = `${dialect}:${rows}:${columns.join(',')}`;
  let text = texts.get(key);
  if (text === undefined) {
    let n = 0;
    const row = () => `(${columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
    const values = Array.from({ length: rows }, row).join(', ');
    text = `insert into "leads" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}`;
    texts.set(key, text);
  }
  return text;
}

/**
 * Insert new leads whose every column is set (store-lead's rows), in one statement per 200, with the
 * statement text built once per row count instead of through the query builder for each batch: for
 * 41 columns the builder's parse and compile cost more than SQLite's insert itself (CPU profile of
 * bench:leads). The same text on both databases but for the placeholders. Kept to this one insert;
 * general compiled-query caching lives in src/db.
 */
export async function insertLeadRows(
  tx: Tx,
  dialect: 'sqlite' | 'postgres',
  leads: readonly LeadRow[],
): Promise<void> {
  const first = leads[0];
  if (!first) return;
  const columns = Object.keys(first) as (keyof LeadRow)[];
  for (let i = 0; i < leads.length; i += ROWS_PER_STATEMENT) {
    const chunk = leads.slice(i, i + ROWS_PER_STATEMENT);
    const parameters: unknown[] = [];
    for (const lead of chunk) {
      for (const column of columns) {
        if (!(column in lead)) throw new Error(`insertLeadRows: a lead lacks ${column}`);
        parameters.push(lead[column]);
      }
    }
    await tx.executeQuery(CompiledQuery.raw(insertText(columns, chunk.length, dialect), parameters));
  }
}
