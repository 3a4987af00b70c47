import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // A publisher's postbacks to their own tracker: global (no offer, no flow) or per offer or flow.
  await withIdColumn(db, db.schema.createTable('publisher_postbacks'))
    .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
    .addColumn('offer_id', 'integer')
    .addColumn('flow_id', 'integer')
    .addColumn('preset', 'text', (c) => c.notNull().defaultTo('custom'))
    .addColumn('method', 'text', (c) => c.notNull().defaultTo('GET'))
    .addColumn('url', 'text', (c) => c.notNull())
    // A changed URL takes effect 24 hours later (seed 004, anti retro-attribution); until then
    // events keep using the previous one.
    .addColumn('previous_url', 'text')
    .addColumn('url_effective_at', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('status_words', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    // The publisher's seed-000 "postback URL" (publishers.postback_url) is kept as this one row.
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('publisher_postbacks_publisher')
    .on('publisher_postbacks')
    .column('publisher_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('publisher_postbacks').ifExists().execute();
}
