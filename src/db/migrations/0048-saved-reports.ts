import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Issue 21 (item 4): saved reports. Each admin user and each publisher keeps named report settings
 * (the report's query: groupings, drill-down filters, currency, time zone) for the grouped and the
 * custom report, with either fixed dates or a range relative to the day it is opened ("the last 7
 * days"). Private to their owner; a name is unique per owner and report (saving again replaces).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('saved_reports'))
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('relative_days', 'integer')
    .addColumn('relative_end_offset', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('saved_reports_owner_name')
    .on('saved_reports')
    .columns(['owner_type', 'owner_id', 'report', 'name'])
    .unique()
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_reports').execute();
}
