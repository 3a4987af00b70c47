import type { Kysely } from 'kysely';

/**
 * Issue 19 item 3: one smart link per publisher (`/go/:code`). The row exists once an operator has
 * switched the link on for the publisher; switching it off keeps the code (the same link works again
 * when switched back on). Clicks through it are ordinary clicks of the chosen offer with
 * `source = 'smart'`.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('smart_links')
    .addColumn('publisher_id', 'integer', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('smart_links').execute();
}
