import { CompiledQuery } from 'kysely';
import { SUB_KEYS } from '../../lib/sub-keys.js';
import type { NewClick } from './click-writer.js';

/**
 * PostgreSQL: a batch of clicks is one statement with one parameter per column, each an array
 * literal built here (`insert … select * from unnest($1::text[], $2::integer[], …)`), instead of
 * `values (?, ?, …)` chunks with 36 parameters per click inside a transaction. The pg driver then
 * prepares 36 values per batch rather than 18,000 for 500 clicks, the statement text stays short and
 * fixed, and a batch is one round trip: a single statement is atomic without begin/commit.
 * `on conflict do nothing`: a retried or replayed click that was committed already is skipped.
 *
 * Normally the click insert thread (click-insert-thread.ts) runs this, off the event loop: it gets
 * `unnestParameters` as source text, so that function must stay self-contained (no imports, no
 * closures, no inner functions).
 */

export type UnnestColumn = readonly [name: keyof NewClick, type: 'text' | 'integer'];

export const PG_CLICK_COLUMNS: readonly UnnestColumn[] = [
  ['id', 'text'],
  ['created_at', 'text'],
  ['source', 'text'],
  ['offer_id', 'integer'],
  ['publisher_id', 'integer'],
  ['flow_id', 'integer'],
  ['status', 'text'],
  ['reject_reason', 'text'],
  ['is_unique', 'integer'],
  ['ip', 'text'],
  ['country', 'text'],
  ['user_agent', 'text'],
  ['referer', 'text'],
  ...SUB_KEYS.map((key): UnnestColumn => [key, 'text']),
  ['fbclid', 'text'],
  ['gclid', 'text'],
  ['params', 'text'],
  ['destination', 'text'],
  ['hosting', 'integer'],
  ['stream_id', 'integer'],
  ['arm_id', 'integer'],
];

/** Columns with a database default: an explicit null would break their NOT NULL. */
export const PG_CLICK_DEFAULTS: Readonly<Record<string, string>> = { hosting: '0' };

export const PG_CLICK_INSERT_SQL = `insert into clicks (${PG_CLICK_COLUMNS.map(([name]) => name).join(',')}) select * from unnest(${PG_CLICK_COLUMNS.map(
  ([, type], i) => `$${i + 1}::${type}[]`,
).join(',')}) on conflict do nothing`;

/**
 * One PostgreSQL array literal per column. Every text element is quoted (so NULL, commas, braces
 * and spaces are data) with `"` and `\` escaped; an integer column refuses anything but a safe
 * integer (never let one into the literal as text). Self-contained: see the file's comment.
 */
export function unnestParameters(
  rows: readonly Readonly<Record<string, unknown>>[],
  columns: readonly (readonly [string, 'text' | 'integer'])[],
  defaults: Readonly<Record<string, string>>,
): string[] {
  const parameters: string[] = [];
  for (const [name, type] of columns) {
    let literal = '{';
    for (let i = 0; i < rows.length; i++) {
      const value = (rows[i] as Readonly<Record<string, unknown>>)[name];
      if (i > 0) literal += ',';
      if (value === null || value === undefined) literal += defaults[name] ?? 'NULL';
      else if (type === 'integer') {
        const n = Number(value);
        if (!Number.isSafeInteger(n))
          throw new TypeError(`click column ${name} expects an integer, got ${String(value)}`);
        literal += String(n);
      } else {
        const text = String(value);
        // Most values hold neither a quote nor a backslash: no replace (and no new string) for them.
        literal += /["\\]/.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
      }
    }
    parameters.push(`${literal}}`);
  }
  return parameters;
}

/** The batch as PG_CLICK_INSERT_SQL with one array literal per column (on the event loop). */
export function pgClickInsert(batch: readonly NewClick[]): CompiledQuery {
  return CompiledQuery.raw(
    PG_CLICK_INSERT_SQL,
    unnestParameters(
      batch as readonly Readonly<Record<string, unknown>>[],
      PG_CLICK_COLUMNS,
      PG_CLICK_DEFAULTS,
    ),
  );
}
