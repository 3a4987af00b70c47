import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Landing pages hosted by the network for an offer (seed 003 "local sites"). Files live in the
  // database (base64 text, size-limited) so every app process serves the same site.
  await withIdColumn(db, db.schema.createTable('local_sites'))
    .addColumn('offer_id', 'integer', (c) => c.notNull().references('offers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('local_site_files')
    .addColumn('site_id', 'integer', (c) => c.notNull().references('local_sites.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('local_site_files_pk', ['site_id', 'path'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('local_site_files').ifExists().execute();
  await db.schema.dropTable('local_sites').ifExists().execute();
}
