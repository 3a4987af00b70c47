import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // A publisher's own Facebook pixel. The token is stored encrypted with a key derived from
  // SECRET_KEY; a change takes effect 24 hours later (seed 004), the previous settings fire until then.
  await db.schema
    .createTable('publisher_capi')
    .addColumn('publisher_id', 'integer', (c) => c.primaryKey().references('publishers.id'))
    .addColumn('pixel_id', 'text', (c) => c.notNull())
    .addColumn('token_encrypted', 'text', (c) => c.notNull())
    .addColumn('test_event_code', 'text')
    .addColumn('previous_pixel_id', 'text')
    .addColumn('previous_token_encrypted', 'text')
    .addColumn('previous_test_event_code', 'text')
    .addColumn('effective_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('publisher_capi').ifExists().execute();
}
