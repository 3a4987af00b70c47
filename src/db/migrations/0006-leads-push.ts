import type { Kysely } from 'kysely';

/**
 * Lead push: where the advertiser's own lead id sits in their answer, and the last push error on the
 * lead so a failed push is visible in the list without reading the request log.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('advertisers').addColumn('lead_id_field', 'text').execute();
  await db.schema.alterTable('leads').addColumn('push_error', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('leads').dropColumn('push_error').execute();
  await db.schema.alterTable('advertisers').dropColumn('lead_id_field').execute();
}
