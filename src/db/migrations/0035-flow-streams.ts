import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Issue 19: streams on a flow. An ordered list of streams per flow (filters as a JSON tree), each
 * with one or more weighted arms (offer, hosted landing, URL or trafficback); the shifts an
 * automatic split test made to its weights; and on every click the stream and arm it took.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('flow_streams'))
    .addColumn('flow_id', 'integer', (c) => c.notNull().references('flows.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('filters', 'text')
    .addColumn('auto_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_metric', 'text', (c) => c.notNull().defaultTo('cr'))
    .addColumn('auto_min_share_pct', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('auto_min_sample', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('flow_streams_flow')
    .on('flow_streams')
    .columns(['flow_id', 'position'])
    .execute();

  await withIdColumn(db, db.schema.createTable('stream_arms'))
    .addColumn('stream_id', 'integer', (c) => c.notNull().references('flow_streams.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('offer_id', 'integer')
    .addColumn('site_id', 'integer')
    .addColumn('url', 'text')
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stream_arms_stream').on('stream_arms').column('stream_id').execute();

  await withIdColumn(db, db.schema.createTable('stream_weight_shifts'))
    .addColumn('stream_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON [{arm_id, weight}] before and after, and the per-arm figures the decision used.
    .addColumn('weights_before', 'text', (c) => c.notNull())
    .addColumn('weights_after', 'text', (c) => c.notNull())
    .addColumn('stats', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stream_weight_shifts_stream')
    .on('stream_weight_shifts')
    .columns(['stream_id', 'created_at'])
    .execute();

  await db.schema.alterTable('clicks').addColumn('stream_id', 'integer').execute();
  await db.schema.alterTable('clicks').addColumn('arm_id', 'integer').execute();
  await db.schema.createIndex('clicks_stream_arm').on('clicks').columns(['stream_id', 'arm_id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('clicks_stream_arm').execute();
  await db.schema.alterTable('clicks').dropColumn('arm_id').execute();
  await db.schema.alterTable('clicks').dropColumn('stream_id').execute();
  await db.schema.dropTable('stream_weight_shifts').execute();
  await db.schema.dropTable('stream_arms').execute();
  await db.schema.dropTable('flow_streams').execute();
}
