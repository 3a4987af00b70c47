import type { Kysely } from 'kysely';

/**
 * Forwarding leads (seed 003's lifehack, issue 22 item 8): a flow's own postback fired when a lead
 * is created on it (who saved it decides which macros it may use), and an offer's consent to have
 * leads made by a postback or the pixel pushed to its advertiser like form leads.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per ALTER TABLE.
  await db.schema.alterTable('flows').addColumn('lead_postback_url', 'text').execute();
  await db.schema
    .alterTable('flows')
    .addColumn('lead_postback_method', 'text', (c) => c.notNull().defaultTo('GET'))
    .execute();
  await db.schema
    .alterTable('flows')
    .addColumn('lead_postback_encoding', 'text', (c) => c.notNull().defaultTo('form'))
    .execute();
  await db.schema.alterTable('flows').addColumn('lead_postback_set_by', 'text').execute();
  await db.schema
    .alterTable('offers')
    .addColumn('push_created_leads', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('offers').dropColumn('push_created_leads').execute();
  for (const column of [
    'lead_postback_set_by',
    'lead_postback_encoding',
    'lead_postback_method',
    'lead_postback_url',
  ]) {
    await db.schema.alterTable('flows').dropColumn(column).execute();
  }
}
