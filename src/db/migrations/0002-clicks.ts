import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // High-volume: text time-ordered ids, no foreign keys (a click for a missing offer is still recorded).
  await db.schema
    .createTable('clicks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('offer_id', 'integer')
    .addColumn('publisher_id', 'integer')
    .addColumn('flow_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reject_reason', 'text')
    .addColumn('is_unique', 'integer', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('referer', 'text')
    .addColumn('sub1', 'text')
    .addColumn('sub2', 'text')
    .addColumn('sub3', 'text')
    .addColumn('sub4', 'text')
    .addColumn('sub5', 'text')
    .addColumn('fbclid', 'text')
    .addColumn('gclid', 'text')
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('destination', 'text')
    .execute();
  await db.schema.createIndex('clicks_created').on('clicks').column('created_at').execute();
  await db.schema
    .createIndex('clicks_offer_created')
    .on('clicks')
    .columns(['offer_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('clicks_publisher_created')
    .on('clicks')
    .columns(['publisher_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('clicks_flow_created')
    .on('clicks')
    .columns(['flow_id', 'created_at'])
    .execute();
  await db.schema.createIndex('clicks_ip_created').on('clicks').columns(['ip', 'created_at']).execute();

  await withIdColumn(db, db.schema.createTable('blocked_ips'))
    .addColumn('value', 'text', (c) => c.notNull().unique())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Leads counted against an offer's daily cap, per UTC day; written with each lead.
  await db.schema
    .createTable('offer_cap_usage')
    .addColumn('offer_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('offer_cap_usage_pk', ['offer_id', 'day'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['offer_cap_usage', 'blocked_ips', 'clicks']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
