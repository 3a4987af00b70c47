import type { Kysely } from 'kysely';

/**
 * Issue 21 (item 1), texts the server writes for people: beside the English it keeps (API users and
 * logs read it), a stable code and the values it names, so the web app says it in the reader's
 * language (docs/i18n.md). A lead's push error: `push_error_code` and `push_error_params` (JSON
 * object). A postback's warnings: `warning_codes` (JSON list of `{code, params}`, one per warning).
 * Null on rows written before: they show the stored English.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('leads').addColumn('push_error_code', 'text').execute();
  await db.schema.alterTable('leads').addColumn('push_error_params', 'text').execute();
  await db.schema.alterTable('postback_log').addColumn('warning_codes', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('postback_log').dropColumn('warning_codes').execute();
  await db.schema.alterTable('leads').dropColumn('push_error_params').execute();
  await db.schema.alterTable('leads').dropColumn('push_error_code').execute();
}
