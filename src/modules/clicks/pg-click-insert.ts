import { CompiledQuery } from 'kysely';
import { SUB_KEYS } from '../../lib/sub-keys.js';
import type { NewClick } from './click-writer.js';

/**
 * PostgreSQL: a batch of clicks is one statement with one parameter per column, each an array
 * literal built here (`insert … select * from unnest($1::text[], $2::integer[], …)`), instead of
 * `values (?, ?, …)` chunks with 36 parameters per click inside a transaction. The pg driver then
 * prepares 36 values per batch rather than 18,000 for 500 clicks (its per-parameter work ran on the
 * event loop), the statement text stays short and fixed, and a batch is one round trip: a single
 * statement is atomic without begin/commit. `on conflict do nothing`: a retried or replayed click
 * that was committed already is skipped.
 */

type Column = readonly [name: keyof NewClick, type: 'text' | 'integer'];

const COLUMNS: readonly Column[] = [
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
  ...SUB_KEYS.map((key): Column => [key, 'text']),
  ['fbclid', 'text'],
  ['gclid', 'text'],
  ['params', 'text'],
  ['destination', 'text'],
  ['hosting', 'integer'],
  ['stream_id', 'integer'],
  ['arm_id', 'integer'],
];

/** Columns with a database default: an explicit null would break their NOT NULL. */
const DEFAULTS: Partial<Record<keyof NewClick, string>> = { hosting: '0' };

export const PG_CLICK_INSERT_SQL = `insert into clicks (${COLUMNS.map(([name]) => name).join(',')}) select * from unnest(${COLUMNS.map(
  ([, type], i) => `$${i + 1}::${type}[]`,
).join(',')}) on conflict do nothing`;

const NEEDS_ESCAPE = /["\\]/g;
const HAS_ESCAPE = /["\\]/;

/** One element of a PostgreSQL array literal: quoted (so NULL, commas, braces and spaces are data). */
function element(value: unknown, type: 'text' | 'integer'): string {
  if (value === null || value === undefined) return 'NULL';
  if (type === 'integer') {
    const n = Number(value);
    // The query builder path would refuse a non-integer too; never let one into the literal as text.
    if (!Number.isSafeInteger(n))
      throw new TypeError(`click column expects an integer, got ${String(value)}`);
    return String(n);
  }
  const text = String(value);
  // Most values hold neither a quote nor a backslash: no replace (and no new string) for them.
  return HAS_ESCAPE.test(text) ? `"${text.replace(NEEDS_ESCAPE, '\\$&')}"` : `"${text}"`;
}

/** The batch as PG_CLICK_INSERT_SQL with one array literal per column. */
export function pgClickInsert(batch: readonly NewClick[]): CompiledQuery {
  const parameters = COLUMNS.map(([name, type]) => {
    let literal = '{';
    for (let i = 0; i < batch.length; i++) {
      const value = (batch[i] as NewClick)[name];
      if (i > 0) literal += ',';
      literal += value === null || value === undefined ? (DEFAULTS[name] ?? 'NULL') : element(value, type);
    }
    return `${literal}}`;
  });
  return CompiledQuery.raw(PG_CLICK_INSERT_SQL, parameters);
}
