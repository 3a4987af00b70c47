import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Inserted clicks are counted into their hour's and day's rollup rows by the insert itself (issue 18,
 * session 13), instead of marking the hour for the refresh to recompute from the raw clicks. Before,
 * every click marked the current hour, and every minute the refresh recomputed it from all its raw
 * clicks: on SQLite ~350 ms of synchronous work on the event loop at 200,000 clicks in the hour,
 * growing through the hour (the outlier rounds and the p99 of bench:clicks).
 *
 * The trigger counts only rows actually inserted: a replayed batch's clicks already stored are
 * skipped by the writer's `on conflict do nothing` and never reach it (SQLite: no insert, no row
 * trigger; PostgreSQL: not in the statement's transition table). Whoever inserts clicks (the
 * writer, its insert thread, the spool replay, an import) is counted the same way. An update of a
 * click still marks its old and new hours for a recompute (0032), as does markAllHours (a rebuild);
 * retention deleting raw clicks changes no rollup. The day row is updated with its hour row, so a day
 * is still the sum of its hours.
 *
 * PostgreSQL: the statement-level trigger of 0032 (its function's name is kept) upserts one row per
 * hour × offer × publisher × flow × country × sub1 of the batch, in key order, so two batches
 * committing at once take the rows' locks in the same order. The refresh takes a lock on
 * rollup_clicks that waits for the batches counting and holds new ones while it recomputes a marked
 * click hour (refresh-rollups.ts), so a recompute and a count never cross.
 */
const hourOf = (column: string) => `substr(${column}, 1, 13) || ':00:00.000Z'`;
const dayOf = (column: string) => `substr(${column}, 1, 10) || 'T00:00:00.000Z'`;

const KEY = '(hour, offer_id, publisher_id, flow_id, country, sub1)';
const COLUMNS = `${KEY.slice(0, -1)}, clicks, unique_clicks, rejected_clicks)`;
const ADD = (table: string) =>
  `on conflict ${KEY} do update set clicks = ${table}.clicks + excluded.clicks, unique_clicks = ${table}.unique_clicks + excluded.unique_clicks, rejected_clicks = ${table}.rejected_clicks + excluded.rejected_clicks`;

/** The rollup columns of one click (`row.` for SQLite's `new.`, '' for PostgreSQL's transition table). */
const dims = (row: string) =>
  `coalesce(${row}offer_id, 0), coalesce(${row}publisher_id, 0), coalesce(${row}flow_id, 0), coalesce(${row}country, ''), coalesce(${row}sub1, '')`;
const accepted = (row: string) => `case when ${row}status = 'accepted' then 1 else 0 end`;
const unique = (row: string) =>
  `case when ${row}status = 'accepted' and ${row}is_unique = 1 then 1 else 0 end`;
const rejected = (row: string) => `case when ${row}status = 'rejected' then 1 else 0 end`;

const sqliteCount = (table: string, bucket: string) =>
  `insert into ${table} ${COLUMNS} values (${bucket}, ${dims('new.')}, ${accepted('new.')}, ${unique('new.')}, ${rejected('new.')}) ${ADD(table)};`;
const SQLITE_COUNT = `create trigger rollup_clicks_ins after insert on clicks begin ${sqliteCount('rollup_clicks', hourOf('new.created_at'))} ${sqliteCount('rollup_clicks_day', dayOf('new.created_at'))} end`;
const SQLITE_MARK = `create trigger rollup_clicks_ins after insert on clicks begin insert or ignore into rollup_dirty (kind, hour) select 'c', ${hourOf('new.created_at')}; end`;

// `where true`: as in refresh-rollups.ts, so the parser reads ON CONFLICT as the upsert's.
const pgCount = (table: string, bucket: string) =>
  `insert into ${table} ${COLUMNS} select ${bucket}, ${dims('')}, sum(${accepted('')}), sum(${unique('')}), sum(${rejected('')}) from new_rows where true group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6 ${ADD(table)};`;
const pgFunction = (body: string) =>
  `create or replace function rollup_mark_clicks_insert() returns trigger language plpgsql as $$ begin ${body} return null; end $$`;
const PG_COUNT = pgFunction(
  `${pgCount('rollup_clicks', hourOf('created_at'))} ${pgCount('rollup_clicks_day', dayOf('created_at'))}`,
);
const PG_MARK = pgFunction(
  `insert into rollup_dirty (kind, hour) select distinct 'c', ${hourOf('created_at')} from new_rows;`,
);

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql.raw(PG_COUNT).execute(db);
    return;
  }
  await sql.raw('drop trigger if exists rollup_clicks_ins').execute(db);
  await sql.raw(SQLITE_COUNT).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql.raw(PG_MARK).execute(db);
    return;
  }
  await sql.raw('drop trigger if exists rollup_clicks_ins').execute(db);
  await sql.raw(SQLITE_MARK).execute(db);
}
