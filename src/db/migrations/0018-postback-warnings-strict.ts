import type { Kysely } from 'kysely';

/**
 * Inbound postbacks never drop money silently (issue 16): the log keeps the warnings a request was
 * answered with (payout-, currency- or status-looking parameters that were not used), an advertiser
 * may ask for such requests to be refused instead (`postback_strict`), and a network's own lead id
 * (`lead=`) finds the lead by its external id among the advertiser's leads.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('postback_log')
    .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('advertisers')
    .addColumn('postback_strict', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('leads_advertiser_external')
    .on('leads')
    .columns(['advertiser_id', 'external_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('leads_advertiser_external').ifExists().execute();
  await db.schema.alterTable('advertisers').dropColumn('postback_strict').execute();
  await db.schema.alterTable('postback_log').dropColumn('warnings').execute();
}
