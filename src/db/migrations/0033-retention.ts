import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // How long raw rows are kept, per kind (days as text; no row = forever), and the retention job's
  // watermark `raw_clicks_deleted_before` (clicks before it are gone: their hours' rollups are final).
  await db.schema
    .createTable('retention_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The retention job deletes oldest-first in chunks: each chunk an index range.
  await db.schema
    .createIndex('outbound_requests_created')
    .on('outbound_requests')
    .column('created_at')
    .execute();
  await db.schema.createIndex('jobs_status_updated').on('jobs').columns(['status', 'updated_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_status_updated').ifExists().execute();
  await db.schema.dropIndex('outbound_requests_created').ifExists().execute();
  await db.schema.dropTable('retention_settings').ifExists().execute();
}
