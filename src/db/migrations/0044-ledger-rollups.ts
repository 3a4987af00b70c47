import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/** The hour bucket of an ISO-8601 UTC text column: 'YYYY-MM-DDTHH:00:00.000Z' (as in 0032). */
const hourOf = (column: string) => `substr(${column}, 1, 13) || ':00:00.000Z'`;
/** The day bucket, written as its first hour: 'YYYY-MM-DDT00:00:00.000Z'. */
const dayOf = (column: string) => `substr(${column}, 1, 10) || 'T00:00:00.000Z'`;

/**
 * Ledger money rolled up (issue 18): per UTC hour of the entry × the conversion's offer, advertiser,
 * publisher and flow × the lead's country and sub1 × account × currency × the conversion's UTC day
 * and recorded rate (what a report converts by) — the sum of the entries' signed minor units. Only
 * the three report accounts, only entries of a conversion (a payout's entries have none).
 *
 * Then the three rollups again per UTC day (`hour` holds the day's first hour), recomputed from the
 * hour rows whenever one of their hours is, so long ranges read a row per day instead of 24.
 *
 * What marks a money hour ('m' in rollup_dirty): every ledger entry written (inserted, updated,
 * deleted), a conversion whose offer, advertiser, publisher, flow, rate, day or lead changes, and a
 * lead whose country or sub1 changes (the hours of their entries).
 */
const MONEY_ACCOUNTS = `('advertiser_receivable', 'publisher_approved', 'network_margin')`;

const CONVERSION_CHANGED = [
  'offer_id',
  'advertiser_id',
  'publisher_id',
  'flow_id',
  'rate',
  'created_at',
  'lead_id',
];
const LEAD_CHANGED = ['country', 'sub1'];

const SQLITE_TRIGGERS = [
  [
    'rollup_money_ins',
    'after insert on ledger_entries when new.conversion_id is not null',
    `select 'm', ${hourOf('new.created_at')}`,
  ],
  [
    'rollup_money_upd',
    'after update on ledger_entries',
    `select 'm', ${hourOf('new.created_at')} union select 'm', ${hourOf('old.created_at')}`,
  ],
  ['rollup_money_del', 'after delete on ledger_entries', `select 'm', ${hourOf('old.created_at')}`],
  [
    'rollup_money_conv_upd',
    `after update on conversions when ${CONVERSION_CHANGED.map((c) => `new.${c} is not old.${c}`).join(' or ')}`,
    `select distinct 'm', ${hourOf('e.created_at')} from ledger_entries e where e.conversion_id = new.id`,
  ],
  [
    'rollup_money_conv_del',
    'after delete on conversions',
    `select distinct 'm', ${hourOf('e.created_at')} from ledger_entries e where e.conversion_id = old.id`,
  ],
  [
    'rollup_money_lead_upd',
    `after update on leads when ${LEAD_CHANGED.map((c) => `new.${c} is not old.${c}`).join(' or ')}`,
    `select distinct 'm', ${hourOf('e.created_at')} from ledger_entries e join conversions v on v.id = e.conversion_id where v.lead_id = new.id`,
  ],
] as const;

const entriesOf = (conversions: string) =>
  `select distinct 'm', ${hourOf('e.created_at')} from ledger_entries e where e.conversion_id in (${conversions})`;

const PG_TRIGGERS: [string, 'insert' | 'update' | 'delete', string][] = [
  [
    'ledger_entries',
    'insert',
    `select distinct 'm', ${hourOf('created_at')} from new_rows where conversion_id is not null`,
  ],
  [
    'ledger_entries',
    'update',
    `select 'm', ${hourOf('created_at')} from new_rows union select 'm', ${hourOf('created_at')} from old_rows`,
  ],
  ['ledger_entries', 'delete', `select distinct 'm', ${hourOf('created_at')} from old_rows`],
  [
    'conversions',
    'update',
    entriesOf(
      `select n.id from new_rows n join old_rows o on o.id = n.id where ${CONVERSION_CHANGED.map((c) => `n.${c} is distinct from o.${c}`).join(' or ')}`,
    ),
  ],
  ['conversions', 'delete', entriesOf('select id from old_rows')],
  [
    'leads',
    'update',
    entriesOf(
      `select v.id from conversions v join new_rows n on n.id = v.lead_id join old_rows o on o.id = n.id where ${LEAD_CHANGED.map((c) => `n.${c} is distinct from o.${c}`).join(' or ')}`,
    ),
  ],
];

const pgName = (table: string, event: string) => `rollup_money_${table}_${event}`;

const CLICK_DIMS = ['offer_id', 'publisher_id', 'flow_id', 'country', 'sub1'];
const LEAD_DIMS = ['offer_id', 'advertiser_id', 'publisher_id', 'flow_id', 'country', 'sub1', 'status'];
const MONEY_DIMS = [
  'offer_id',
  'advertiser_id',
  'publisher_id',
  'flow_id',
  'country',
  'sub1',
  'account',
  'currency',
  'as_of',
  'rate',
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
async function moneyTable(db: Kysely<any>, name: string) {
  await db.schema
    .createTable(name)
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('offer_id', 'integer', (c) => c.notNull())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull())
    .addColumn('publisher_id', 'integer', (c) => c.notNull())
    .addColumn('flow_id', 'integer', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('sub1', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    // The conversion's UTC day (rates apply by it) and recorded rate ('' for none).
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex(`${name}_key`)
    .on(name)
    .columns(['hour', ...MONEY_DIMS])
    .unique()
    .execute();
  await db.schema.createIndex(`${name}_publisher`).on(name).columns(['publisher_id', 'hour']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see moneyTable
async function dayTable(db: Kysely<any>, name: string, like: string, dims: string[], sums: string[]) {
  let table = db.schema.createTable(name).addColumn('hour', 'text', (c) => c.notNull());
  for (const d of dims) {
    const text = d === 'country' || d === 'sub1' || d === 'status';
    table = table.addColumn(d, text ? 'text' : 'integer', (c) => c.notNull());
  }
  for (const s of sums) table = table.addColumn(s, 'bigint', (c) => c.notNull());
  await table.execute();
  await db.schema
    .createIndex(`${name}_key`)
    .on(name)
    .columns(['hour', ...dims])
    .unique()
    .execute();
  await db.schema.createIndex(`${name}_publisher`).on(name).columns(['publisher_id', 'hour']).execute();
  // The hours already rolled up, per day (hours still marked are recomputed, with their days, later).
  await sql
    .raw(
      `insert into ${name} (hour, ${dims.join(', ')}, ${sums.join(', ')}) select ${dayOf('hour')}, ${dims.join(', ')}, ${sums
        .map((s) => `sum(${s})`)
        .join(', ')} from ${like} group by ${dayOf('hour')}, ${dims.join(', ')}`,
    )
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see moneyTable
export async function up(db: Kysely<any>): Promise<void> {
  await moneyTable(db, 'rollup_money');
  await moneyTable(db, 'rollup_money_day');
  await dayTable(db, 'rollup_clicks_day', 'rollup_clicks', CLICK_DIMS, [
    'clicks',
    'unique_clicks',
    'rejected_clicks',
  ]);
  await dayTable(db, 'rollup_leads_day', 'rollup_leads', LEAD_DIMS, ['leads', 'adv_sum']);

  if (dialectOf(db) === 'postgres') {
    for (const [table, event, select] of PG_TRIGGERS) {
      const name = pgName(table, event);
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
      // Partitioned tables (clicks) are not touched here; these three are plain tables.
      await sql
        .raw(
          `create trigger ${name} after ${event} on ${table} referencing ${referencing} for each statement execute function ${name}()`,
        )
        .execute(db);
    }
  } else {
    for (const [name, event, select] of SQLITE_TRIGGERS) {
      await sql
        .raw(
          `create trigger ${name} ${event} begin insert or ignore into rollup_dirty (kind, hour) ${select}; end`,
        )
        .execute(db);
    }
  }
  // Every hour with money is to be rolled up; until then reports read those hours raw.
  await sql
    .raw(
      `insert into rollup_dirty (kind, hour) select distinct 'm', ${hourOf('created_at')} from ledger_entries where conversion_id is not null and account in ${MONEY_ACCOUNTS}`,
    )
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see moneyTable
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const [table, event] of PG_TRIGGERS) {
      const name = pgName(table, event);
      await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
      await sql.raw(`drop function if exists ${name}()`).execute(db);
    }
  } else {
    for (const [name] of SQLITE_TRIGGERS) await sql.raw(`drop trigger if exists ${name}`).execute(db);
  }
  await sql`delete from rollup_dirty where kind = 'm'`.execute(db);
  for (const table of ['rollup_money', 'rollup_money_day', 'rollup_clicks_day', 'rollup_leads_day']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
