import writeXlsxFile, { type Cell } from 'write-excel-file/node';
import { AppError } from './errors.js';

/**
 * XLSX workbooks of our lists and reports (write-excel-file, MIT, fflate inside). A workbook is a zip
 * written whole, so unlike CSV it cannot be streamed row by row: an XLSX export holds its rows in
 * memory, and is refused past a row limit (XLSX_MAX_ROWS, config.ts; CSV has none). Cells are typed: numbers are number cells,
 * everything else (amounts included, so money stays the exact decimal text the API shows) is a text
 * cell, which a spreadsheet never runs as a formula, so no apostrophe is added as in CSV.
 */

/** Excel's limit on the characters of one cell. */
const MAX_CELL_CHARS = 32_767;
/** Characters XML 1.0 cannot hold: a click's sub id may carry them, and one would break the file. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class TooManyRowsForXlsxError extends AppError {
  constructor(limit: number) {
    super(
      `more than ${limit.toLocaleString('en-US')} rows match: too many for XLSX; narrow the filters or export CSV`,
      422,
      'too_many_rows',
    );
  }
}

/** One cell as the workbook holds it. */
export function xlsxCell(value: unknown): Cell {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(XML_INVALID, '').slice(0, MAX_CELL_CHARS);
}

/** A one-sheet workbook: a bold header row, then the rows. */
export function xlsxWorkbook(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  sheet = 'Export',
): Promise<Buffer> {
  const data: Cell[][] = [
    header.map((h) => ({ value: xlsxCell(h) as string, fontWeight: 'bold' as const })),
    ...rows.map((row) => row.map(xlsxCell)),
  ];
  return writeXlsxFile(data, { sheet: sheet.slice(0, 31), stickyRowsCount: 1 }).toBuffer();
}

/** `leads-2026-06-01.xlsx` */
export function xlsxFileName(list: string, now: Date): string {
  return `${list}-${now.toISOString().slice(0, 10)}.xlsx`;
}

export function xlsxHeaders(fileName: string): Record<string, string> {
  return {
    'content-type': XLSX_CONTENT_TYPE,
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
  };
}
