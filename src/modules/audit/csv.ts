import type { AuditRow } from './queries.js';

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab or CR) gets a leading
 * apostrophe (OWASP "CSV injection"); every cell is quoted, quotes doubled.
 */
export function safeCsvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const HEADER = ['id', 'at', 'user', 'ip', 'route', 'object_type', 'object_id', 'action', 'before', 'after'];

export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [HEADER.map(safeCsvCell).join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.id,
        r.created_at,
        r.user_email,
        r.ip,
        r.route,
        r.object_type,
        r.object_id,
        r.action,
        r.before_json,
        r.after_json,
      ]
        .map(safeCsvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
