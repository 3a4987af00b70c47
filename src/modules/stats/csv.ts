/**
 * CSV for the stats pull API: RFC 4180, a UTF-8 BOM and CRLF, so a spreadsheet opens it as is.
 * Sub ids and the like come from anyone who can build a click URL, so no cell may be run as a
 * formula: a cell that begins with = + - @, a tab or a carriage return gets a leading apostrophe,
 * unless it is a plain number ("-7.50" stays a number; "-1+cmd|…" does not pass as one).
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
) {
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
