import type { Kysely } from 'kysely';

/**
 * Every lead insert writes each of the leads table's indexes (issue 18, docs/lead-intake-throughput.md).
 * `leads_click` (click_id) is a prefix of the unique `leads_click_external` (click_id, external_id),
 * so every look-up by click (a postback finding its lead, the pushed-sibling check) is served by that
 * one on both databases (test/lead-indexes.test.ts), and the lone index was written for nothing.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('leads_click').ifExists().execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('leads_click').ifNotExists().on('leads').column('click_id').execute();
}
