import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * A lead's update marks its hour for the report rollups (0032) only when a column the lead rollup
 * groups or counts by changed. A push writes its result to the lead (push_status, adv_lead_id,
 * pushed_at…), none of which a report reads: before, every push marked the lead's hour again, a
 * trigger's insert per push and a recompute of that hour at the next refresh (issue 18, session 12).
 */
const hourOf = (column: string) => `substr(${column}, 1, 13) || ':00:00.000Z'`;

/** What rollup_leads is grouped by, and the hour: refresh-rollups.ts recomputeLeads. */
const LEAD_ROLLUP_COLUMNS = [
  'created_at',
  'offer_id',
  'advertiser_id',
  'publisher_id',
  'flow_id',
  'country',
  'sub1',
  'status',
] as const;

const SQLITE_SELECT = `select 'l', ${hourOf('new.created_at')} union select 'l', ${hourOf('old.created_at')}`;
const sqliteTrigger = (when: string) =>
  `create trigger rollup_leads_upd after update on leads ${when} begin insert or ignore into rollup_dirty (kind, hour) ${SQLITE_SELECT}; end`;

const changedPairs = `from new_rows n join old_rows o on o.id = n.id where ${LEAD_ROLLUP_COLUMNS.map((c) => `n.${c} is distinct from o.${c}`).join(' or ')}`;
const pgFunction = (select: string) =>
  `create or replace function rollup_mark_leads_update() returns trigger language plpgsql as $$ begin insert into rollup_dirty (kind, hour) ${select}; return null; end $$`;

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql
      .raw(
        pgFunction(
          `select 'l', ${hourOf('n.created_at')} ${changedPairs} union select 'l', ${hourOf('o.created_at')} ${changedPairs}`,
        ),
      )
      .execute(db);
    return;
  }
  await sql.raw('drop trigger if exists rollup_leads_upd').execute(db);
  const when = `when ${LEAD_ROLLUP_COLUMNS.map((c) => `new.${c} is not old.${c}`).join(' or ')}`;
  await sql.raw(sqliteTrigger(when)).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql
      .raw(
        pgFunction(
          `select 'l', ${hourOf('created_at')} from new_rows union select 'l', ${hourOf('created_at')} from old_rows`,
        ),
      )
      .execute(db);
    return;
  }
  await sql.raw('drop trigger if exists rollup_leads_upd').execute(db);
  await sql.raw(sqliteTrigger('')).execute(db);
}
