import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // A publisher's own smallest payout (a decimal read in each currency, like PAYOUT_MINIMUM);
  // null takes PAYOUT_MINIMUM. Seed 000's network pays any amount ("0"), seed 004's from $50.
  await db.schema.alterTable('publishers').addColumn('payout_minimum', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('publishers').dropColumn('payout_minimum').execute();
}
