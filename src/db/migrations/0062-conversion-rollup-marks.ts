import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * A conversion's update marks its lead's hour for the lead rollup (0032) only when a column that
 * rollup reads changed: `adv_payout` (summed), `lead_id` (the join) and `external_payment_id` (only
 * status conversions are summed) — recomputeLeads in rollups/refresh-rollups.ts. Before, every update
 * marked it: a postback's status change (status, payouts' sent columns, comment, `updated_at`) paid a
 * read of the lead and a mark (SQLite: an `insert or ignore`; PostgreSQL: a row appended to
 * `rollup_dirty` per statement) although the lead's own update marks that hour when its status
 * changes (0055). Issue 18, session 15 (docs/postback-throughput.md: what each trigger and index of
 * `leads` and `conversions` costs).
 */
const hourOf = (column: string) => `substr(${column}, 1, 13) || ':00:00.000Z'`;

/** What recomputeLeads reads of a conversion. */
const LEAD_ROLLUP_CONVERSION_COLUMNS = ['adv_payout', 'lead_id', 'external_payment_id'] as const;

const SQLITE_SELECT = `select 'l', ${hourOf('l.created_at')} from leads l where l.id in (new.lead_id, old.lead_id)`;
const sqliteTrigger = (when: string) =>
  `create trigger rollup_conv_upd after update on conversions ${when} begin insert or ignore into rollup_dirty (kind, hour) ${SQLITE_SELECT}; end`;

const pgFunction = (select: string) =>
  `create or replace function rollup_mark_conversions_update() returns trigger language plpgsql as $$ begin insert into rollup_dirty (kind, hour) ${select}; return null; end $$`;
const PG_CHANGED = `select n.lead_id, o.lead_id as old_lead_id from new_rows n join old_rows o on o.id = n.id where ${LEAD_ROLLUP_CONVERSION_COLUMNS.map((c) => `n.${c} is distinct from o.${c}`).join(' or ')}`;

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql
      .raw(
        pgFunction(
          `with c as (${PG_CHANGED}) select distinct 'l', ${hourOf('l.created_at')} from leads l where l.id in (select lead_id from c union select old_lead_id from c)`,
        ),
      )
      .execute(db);
    return;
  }
  await sql.raw('drop trigger if exists rollup_conv_upd').execute(db);
  const when = `when ${LEAD_ROLLUP_CONVERSION_COLUMNS.map((c) => `new.${c} is not old.${c}`).join(' or ')}`;
  await sql.raw(sqliteTrigger(when)).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql
      .raw(
        pgFunction(
          `select distinct 'l', ${hourOf('l.created_at')} from leads l where l.id in (select lead_id from new_rows union select lead_id from old_rows)`,
        ),
      )
      .execute(db);
    return;
  }
  await sql.raw('drop trigger if exists rollup_conv_upd').execute(db);
  await sql.raw(sqliteTrigger('')).execute(db);
}
