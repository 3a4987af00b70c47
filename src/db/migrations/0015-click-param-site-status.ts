import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Seed 003 "Automatically add click ID to link": the parameter the advertiser's network takes our
  // click id in (sub1, aff_sub, subid …; '' means click_id), and whether every offer's landing URL
  // gets it added when the URL carries no {click} macro.
  await db.schema
    .alterTable('advertisers')
    .addColumn('click_param', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('advertisers')
    .addColumn('auto_click_id', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // A hosted page can be switched off without deleting its files.
  await db.schema
    .alterTable('local_sites')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('local_sites').dropColumn('status').execute();
  await db.schema.alterTable('advertisers').dropColumn('auto_click_id').execute();
  await db.schema.alterTable('advertisers').dropColumn('click_param').execute();
}
