import type { Kysely } from 'kysely';

/**
 * Every postback reads its click's first lead: `where click_id = ? order by created_at, id limit 1`
 * (leads/queries.ts, firstLeadOfClick). With an index on `click_id` alone the database takes the
 * click's leads and sorts them (SQLite "USE TEMP B-TREE FOR ORDER BY", PostgreSQL a Sort node). With
 * the order in the index it reads the first entry and stops (docs/postback-throughput.md). The old
 * index (click_id) is a prefix of this one, so no reader loses it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('leads_click_order')
    .on('leads')
    .columns(['click_id', 'created_at', 'id'])
    .execute();
  await db.schema.dropIndex('leads_click').ifExists().execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('leads_click').on('leads').column('click_id').execute();
  await db.schema.dropIndex('leads_click_order').ifExists().execute();
}
