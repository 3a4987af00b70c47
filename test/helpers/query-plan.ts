import { sql } from 'kysely';
import type { TestApp } from './test-app.js';

/** A statement as the app ran it (seen through `onQuery`), with its placeholders' values written in. */
export function withValues(text: string, values: readonly string[]): string {
  let n = 0;
  return text.replace(/\?|\$\d+/g, () => values[n++] ?? 'null');
}

/**
 * The database's plan for a statement, as one text: PostgreSQL's `explain` (with sequential and
 * bitmap scans forbidden: the test tables are tiny, so the plan left shows what the index can do)
 * or SQLite's `explain query plan` details.
 */
export async function planOf(
  t: TestApp,
  query: string,
  options: { bitmaps?: boolean } = {},
): Promise<string> {
  if (t.ctx.dialect === 'postgres') {
    const plan = await t.ctx.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      // `bitmaps`: a query with OR over two indexes (BitmapOr) needs them.
      if (!options.bitmaps) await sql`set local enable_bitmapscan = off`.execute(tx);
      return sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(query)}`.execute(tx);
    });
    return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  }
  const plan = await sql<{ detail: string }>`explain query plan ${sql.raw(query)}`.execute(t.ctx.db);
  return plan.rows.map((row) => row.detail).join('\n');
}
