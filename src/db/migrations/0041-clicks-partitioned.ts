import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

const DAY_MS = 86_400_000;
/** Days created ahead at migration time; the leader's hourly task keeps a week ahead from then on. */
const DAYS_AHEAD = 7;

const dayName = (ms: number) => `clicks_p${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * PostgreSQL: `clicks` becomes a table partitioned by UTC day on created_at (ISO-8601 text, which
 * sorts in time order under the C collation as under any other for one fixed format), so retention
 * drops whole days instead of deleting row by row. The primary key must hold the partition key:
 * (id, created_at). Nothing references clicks(id); the click writer's `on conflict do nothing` has no
 * target, so a replayed click still meets its stored copy (same id, same created_at). A default
 * partition takes any day not created yet, so an insert never fails for want of a partition.
 * The existing rows are copied over (one pass, in the migration's transaction); indexes and the
 * rollup triggers are re-created as they were, read from the catalogue. SQLite keeps the plain table.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const indexes = await sql<{ def: string }>`
    select indexdef as def from pg_indexes
    where schemaname = current_schema() and tablename = 'clicks' and indexname <> 'clicks_pkey'
  `.execute(db);
  const triggers = await sql<{ def: string }>`
    select pg_get_triggerdef(t.oid) as def from pg_trigger t
    where t.tgrelid = 'clicks'::regclass and not t.tgisinternal
  `.execute(db);
  const span = await sql<{ first: string | null; last: string | null }>`
    select min(created_at) as first, max(created_at) as last from clicks
  `.execute(db);

  await sql`alter table clicks rename to clicks_unpartitioned`.execute(db);
  await sql`alter index clicks_pkey rename to clicks_unpartitioned_pkey`.execute(db);
  await sql`create table clicks (like clicks_unpartitioned including defaults including constraints) partition by range (created_at)`.execute(
    db,
  );
  await sql`alter table clicks add constraint clicks_pkey primary key (id, created_at)`.execute(db);
  await sql`create table clicks_default partition of clicks default`.execute(db);

  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const { first, last } = span.rows[0] ?? { first: null, last: null };
  // A malformed created_at (not ISO) stays in the default partition.
  const firstMs = first ? Date.parse(first) : Number.NaN;
  const lastMs = last ? Date.parse(last) : Number.NaN;
  const from = Number.isFinite(firstMs) ? Math.min(Math.floor(firstMs / DAY_MS) * DAY_MS, today) : today;
  const to = Math.max(
    Number.isFinite(lastMs) ? Math.floor(lastMs / DAY_MS) * DAY_MS : today,
    today + DAYS_AHEAD * DAY_MS,
  );
  for (let day = from; day <= to; day += DAY_MS) {
    await sql
      .raw(
        `create table ${dayName(day)} partition of clicks for values from ('${iso(day)}') to ('${iso(day + DAY_MS)}')`,
      )
      .execute(db);
  }
  await sql`insert into clicks select * from clicks_unpartitioned`.execute(db);
  await sql`drop table clicks_unpartitioned`.execute(db);
  // After the copy: the copied rows are in the rollups already, and marking every hour again would
  // send every report raw until the refresh caught up.
  for (const { def } of indexes.rows) await sql.raw(def).execute(db);
  for (const { def } of triggers.rows) await sql.raw(def).execute(db);
  await sql`analyze clicks`.execute(db);
}

/** Back to one plain table with `id` as its key (the rows are copied back). */
// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const indexes = await sql<{ def: string }>`
    select indexdef as def from pg_indexes
    where schemaname = current_schema() and tablename = 'clicks' and indexname <> 'clicks_pkey'
  `.execute(db);
  const triggers = await sql<{ def: string }>`
    select pg_get_triggerdef(t.oid) as def from pg_trigger t
    where t.tgrelid = 'clicks'::regclass and not t.tgisinternal
  `.execute(db);
  await sql`alter table clicks rename to clicks_partitioned`.execute(db);
  await sql`create table clicks (like clicks_partitioned including defaults including constraints)`.execute(
    db,
  );
  await sql`alter table clicks add constraint clicks_pkey_plain primary key (id)`.execute(db);
  await sql`insert into clicks select * from clicks_partitioned`.execute(db);
  await sql`drop table clicks_partitioned cascade`.execute(db);
  await sql`alter table clicks rename constraint clicks_pkey_plain to clicks_pkey`.execute(db);
  for (const { def } of indexes.rows) await sql.raw(def.replace(' ON ONLY ', ' ON ')).execute(db);
  for (const { def } of triggers.rows) await sql.raw(def).execute(db);
}
