import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // The advertiser's own status words → canonical statuses (network integration templates), so their
  // postbacks work without per-request sta/stc/… lists. JSON text: {"a": "approved", "p": "new"}.
  await db.schema
    .alterTable('advertisers')
    .addColumn('status_map', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('advertisers').dropColumn('status_map').execute();
}
