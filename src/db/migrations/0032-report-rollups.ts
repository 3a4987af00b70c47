import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/** The hour bucket of an ISO-8601 UTC text column: 'YYYY-MM-DDTHH:00:00.000Z'. */
const hourOf = (column: string) => `substr(${column}, 1, 13) || ':00:00.000Z'`;

/**
 * What marks an hour for recomputing: every write to clicks (insert, update), leads (insert, update,
 * delete: both the old and the new hour) and conversions (the lead's hour, for conversion-statistics
 * sums). A trigger sees every writer, replays after a crash included, without touching their code.
 * Deleting clicks (retention) marks nothing: an expired hour keeps its rollup.
 */
const SQLITE_TRIGGERS = [
  ['rollup_clicks_ins', 'after insert on clicks', `select 'c', ${hourOf('new.created_at')}`],
  [
    'rollup_clicks_upd',
    'after update on clicks',
    `select 'c', ${hourOf('new.created_at')} union select 'c', ${hourOf('old.created_at')}`,
  ],
  ['rollup_leads_ins', 'after insert on leads', `select 'l', ${hourOf('new.created_at')}`],
  [
    'rollup_leads_upd',
    'after update on leads',
    `select 'l', ${hourOf('new.created_at')} union select 'l', ${hourOf('old.created_at')}`,
  ],
  ['rollup_leads_del', 'after delete on leads', `select 'l', ${hourOf('old.created_at')}`],
  [
    'rollup_conv_ins',
    'after insert on conversions',
    `select 'l', ${hourOf('l.created_at')} from leads l where l.id = new.lead_id`,
  ],
  [
    'rollup_conv_upd',
    'after update on conversions',
    `select 'l', ${hourOf('l.created_at')} from leads l where l.id in (new.lead_id, old.lead_id)`,
  ],
  [
    'rollup_conv_del',
    'after delete on conversions',
    `select 'l', ${hourOf('l.created_at')} from leads l where l.id = old.lead_id`,
  ],
] as const;

/**
 * PostgreSQL: one statement-level trigger per event with transition tables, so a batch of clicks
 * adds one mark per hour it touched, not one per click. Marks there are an append-only log (no unique
 * key, no row lock for writers to wait on); the refresh deletes exactly the marks it read.
 */
const PG_TRIGGERS: [string, 'insert' | 'update' | 'delete', string][] = [
  ['clicks', 'insert', `select distinct 'c', ${hourOf('created_at')} from new_rows`],
  [
    'clicks',
    'update',
    `select 'c', ${hourOf('created_at')} from new_rows union select 'c', ${hourOf('created_at')} from old_rows`,
  ],
  ['leads', 'insert', `select distinct 'l', ${hourOf('created_at')} from new_rows`],
  [
    'leads',
    'update',
    `select 'l', ${hourOf('created_at')} from new_rows union select 'l', ${hourOf('created_at')} from old_rows`,
  ],
  ['leads', 'delete', `select distinct 'l', ${hourOf('created_at')} from old_rows`],
  [
    'conversions',
    'insert',
    `select distinct 'l', ${hourOf('l.created_at')} from leads l join new_rows n on n.lead_id = l.id`,
  ],
  [
    'conversions',
    'update',
    `select distinct 'l', ${hourOf('l.created_at')} from leads l where l.id in (select lead_id from new_rows union select lead_id from old_rows)`,
  ],
  [
    'conversions',
    'delete',
    `select distinct 'l', ${hourOf('l.created_at')} from leads l join old_rows o on o.lead_id = l.id`,
  ],
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  // Hourly click counts. Keys use 0 / '' for "none", so they can be part of a unique key on both engines.
  await db.schema
    .createTable('rollup_clicks')
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('offer_id', 'integer', (c) => c.notNull())
    .addColumn('publisher_id', 'integer', (c) => c.notNull())
    .addColumn('flow_id', 'integer', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('sub1', 'text', (c) => c.notNull())
    .addColumn('clicks', 'bigint', (c) => c.notNull())
    .addColumn('unique_clicks', 'bigint', (c) => c.notNull())
    .addColumn('rejected_clicks', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rollup_clicks_key')
    .on('rollup_clicks')
    .columns(['hour', 'offer_id', 'publisher_id', 'flow_id', 'country', 'sub1'])
    .unique()
    .execute();
  await db.schema
    .createIndex('rollup_clicks_publisher')
    .on('rollup_clicks')
    .columns(['publisher_id', 'hour'])
    .execute();
  // Hourly lead counts per status, with the advertiser payout of each lead's status conversion.
  await db.schema
    .createTable('rollup_leads')
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('offer_id', 'integer', (c) => c.notNull())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull())
    .addColumn('publisher_id', 'integer', (c) => c.notNull())
    .addColumn('flow_id', 'integer', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('sub1', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('leads', 'bigint', (c) => c.notNull())
    .addColumn('adv_sum', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rollup_leads_key')
    .on('rollup_leads')
    .columns(['hour', 'offer_id', 'advertiser_id', 'publisher_id', 'flow_id', 'country', 'sub1', 'status'])
    .unique()
    .execute();
  await db.schema
    .createIndex('rollup_leads_publisher')
    .on('rollup_leads')
    .columns(['publisher_id', 'hour'])
    .execute();

  if (dialect === 'postgres') {
    await sql`create table rollup_dirty (id bigserial primary key, kind text not null, hour text not null)`.execute(
      db,
    );
    await sql`create index rollup_dirty_hour on rollup_dirty (kind, hour)`.execute(db);
    for (const [table, event, select] of PG_TRIGGERS) {
      const name = `rollup_mark_${table}_${event}`;
      await sql
        .raw(
          `create function ${name}() returns trigger language plpgsql as $$ begin insert into rollup_dirty (kind, hour) ${select}; return null; end $$`,
        )
        .execute(db);
      const referencing =
        event === 'insert'
          ? 'new table as new_rows'
          : event === 'delete'
            ? 'old table as old_rows'
            : 'old table as old_rows new table as new_rows';
      await sql
        .raw(
          `create trigger ${name} after ${event} on ${table} referencing ${referencing} for each statement execute function ${name}()`,
        )
        .execute(db);
    }
  } else {
    await sql`create table rollup_dirty (id integer primary key autoincrement, kind text not null, hour text not null)`.execute(
      db,
    );
    // One writer at a time: a unique mark per hour keeps the table tiny under a click flood.
    await sql`create unique index rollup_dirty_hour on rollup_dirty (kind, hour)`.execute(db);
    for (const [name, event, select] of SQLITE_TRIGGERS) {
      await sql
        .raw(
          `create trigger ${name} ${event} begin insert or ignore into rollup_dirty (kind, hour) ${select}; end`,
        )
        .execute(db);
    }
  }
  // Everything already stored is to be rolled up; until then reports read those hours raw.
  await sql
    .raw(
      `insert into rollup_dirty (kind, hour) select distinct 'c', ${hourOf('created_at')} from clicks union select distinct 'l', ${hourOf('created_at')} from leads`,
    )
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const [table, event] of PG_TRIGGERS) {
      const name = `rollup_mark_${table}_${event}`;
      await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
      await sql.raw(`drop function if exists ${name}()`).execute(db);
    }
  } else {
    for (const [name] of SQLITE_TRIGGERS) await sql.raw(`drop trigger if exists ${name}`).execute(db);
  }
  for (const table of ['rollup_dirty', 'rollup_leads', 'rollup_clicks']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
