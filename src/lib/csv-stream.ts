import { Readable } from 'node:stream';
import { csvCell } from './spreadsheet.js';

/** Rows per database read of an export: one chunk is all an export holds in memory at a time. */
export const EXPORT_CHUNK = 1_000;

/** One page of a list in id order (newest first), after the last id of the page before. */
export type ExportPage<R, K> = (afterId: K | undefined, limit: number) => Promise<R[]>;

export interface CsvExport<R, K> {
  /** The columns: each the name of a field of the presented row, in order. */
  columns: readonly string[];
  page: ExportPage<R, K>;
  idOf: (row: R) => K;
  /** The row as the list's API shows it (amounts formatted, ids as text). */
  present: (row: R) => object;
  chunk?: number;
}

function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return csvCell(JSON.stringify(value));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvCell(value as string | number);
}

/**
 * The CSV text of a whole list, one chunk of rows at a time: a chunk is read from the database only
 * when the one before has been taken by the consumer, so memory stays at one chunk however many rows
 * match (keyset pagination on the id, never OFFSET). Every cell goes through csvCell (formula
 * injection). A UTF-8 BOM and CRLF lines, as the stats CSV.
 */
export async function* csvLines<R, K>(spec: CsvExport<R, K>): AsyncGenerator<string> {
  yield `\uFEFF${spec.columns.map(csvCell).join(',')}\r\n`;
  const limit = spec.chunk ?? EXPORT_CHUNK;
  let after: K | undefined;
  for (;;) {
    const rows = await spec.page(after, limit);
    if (rows.length === 0) return;
    let text = '';
    for (const row of rows) {
      const shown = spec.present(row) as Record<string, unknown>;
      text += `${spec.columns.map((c) => cellOf(shown[c])).join(',')}\r\n`;
    }
    yield text;
    if (rows.length < limit) return;
    after = spec.idOf(rows[rows.length - 1] as R);
  }
}

/** The export as a stream for a reply: pulled by the socket, so a slow client slows the reads. */
export function csvStream<R, K>(spec: CsvExport<R, K>): Readable {
  return Readable.from(csvLines(spec), { objectMode: false, highWaterMark: 1 });
}

/** `leads-2026-06-01.csv` */
export function exportFileName(list: string, now: Date): string {
  return `${list}-${now.toISOString().slice(0, 10)}.csv`;
}
