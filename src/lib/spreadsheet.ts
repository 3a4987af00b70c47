/**
 * Every CSV and TSV we write goes through here. Sub ids, publisher and offer names and the like
 * come from anyone who can build a click URL or sign up, so no cell may be run as a formula
 * (CSV injection): a cell that begins with = + - @, a tab or a carriage return gets a leading
 * apostrophe, unless it is a plain number ("-7.50" stays a number; "-1+cmd|…" does not pass as one).
 * https://owasp.org/www-community/attacks/CSV_Injection
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The text as a spreadsheet cell that is never run as a formula. */
export function spreadsheetText(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One RFC 4180 cell: neutralised, then quoted when it holds a quote, a comma or a line break. */
export function csvCell(value: string | number | null | undefined): string {
  const safe = spreadsheetText(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One TSV cell: tabs and line breaks become a space (TSV cannot quote them), then neutralised. */
export function tsvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return spreadsheetText(text.replace(/[\t\r\n]+/g, ' '));
}

/** A CSV document as the stats pull API serves it: a UTF-8 BOM, a header and CRLF lines. */
export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
) {
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
