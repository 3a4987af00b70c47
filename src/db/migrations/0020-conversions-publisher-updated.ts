import type { Kysely } from 'kysely';

/**
 * The stats pull API's conversion rows are a publisher's conversions in order of their last change,
 * paged by (updated_at, id): this index answers each page with a range scan.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('conversions_publisher_updated')
    .on('conversions')
    .columns(['publisher_id', 'updated_at', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('conversions_publisher_updated').ifExists().execute();
}
