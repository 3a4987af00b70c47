import type { Kysely } from 'kysely';

/**
 * A notification's title and message in the reader's language (docs/i18n.md, "Texts the server
 * writes for people"): beside the English text the server keeps writing, a stable `code` and the
 * values the sentence names (`params`, a JSON object). `details` stays the event's data (it is also
 * an automation alert webhook's body). Rows written before keep null: the web shows their English.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('admin_notifications').addColumn('code', 'text').execute();
  await db.schema.alterTable('admin_notifications').addColumn('params', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('admin_notifications').dropColumn('params').execute();
  await db.schema.alterTable('admin_notifications').dropColumn('code').execute();
}
