import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // What a publisher sees in the marketplace before running an offer (seed 004).
  await db.schema
    .alterTable('offers')
    .addColumn('allowed_traffic', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('offers')
    .addColumn('creatives', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // A private offer listed in the marketplace: publishers may ask for access.
  await db.schema
    .alterTable('offers')
    .addColumn('marketplace', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await withIdColumn(db, db.schema.createTable('offer_access_requests'))
    .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
    .addColumn('offer_id', 'integer', (c) => c.notNull().references('offers.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('offer_access_requests_pair')
    .on('offer_access_requests')
    .columns(['publisher_id', 'offer_id'])
    .execute();
  await db.schema
    .createIndex('offer_access_requests_status')
    .on('offer_access_requests')
    .column('status')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('offer_access_requests').ifExists().execute();
  for (const column of ['marketplace', 'creatives', 'allowed_traffic']) {
    await db.schema.alterTable('offers').dropColumn(column).execute();
  }
}
