import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';

/** An export's CSV (a BOM first, CRLF, quoted cells) as arrays, header first. */
export function csvRows(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text.slice(1)) as string[][];
}

/** An export's CSV as objects by header. */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...data] = csvRows(text);
  return data.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}
