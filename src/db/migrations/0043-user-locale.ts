import type { Kysely } from 'kysely';

/**
 * Issue 21 (item 1): the language each person chose for the admin panel or the publisher portal,
 * kept on their account (a BCP 47 tag the web app has resources for; null: the browser's).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('locale', 'text').execute();
  await db.schema.alterTable('publishers').addColumn('locale', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('publishers').dropColumn('locale').execute();
  await db.schema.alterTable('users').dropColumn('locale').execute();
}
