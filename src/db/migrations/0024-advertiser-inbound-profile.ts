import type { Kysely } from 'kysely';

/**
 * An advertiser's inbound profile (issue 16): which parameters its network's postbacks carry the
 * click id, its own lead id, the status, payout, currency, txid and goal in, what a call without a
 * status means and how a reversal is sent. JSON text, `{}` = the built-in aliases only.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('advertisers')
    .addColumn('inbound_profile', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('advertisers').dropColumn('inbound_profile').execute();
}
