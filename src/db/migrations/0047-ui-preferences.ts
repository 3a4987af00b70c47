import type { Kysely } from 'kysely';

/**
 * Issue 21 (item 5): each person's table settings (columns shown and their order, per table; row
 * density), kept on the server so they follow an admin or a publisher to another browser. One row
 * per person and setting; JSON text as the value.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ui_preferences')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('pref_key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ui_preferences_pk', ['subject_type', 'subject_id', 'pref_key'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ui_preferences').execute();
}
