import type { Kysely } from 'kysely';

const EXTRA_SUBS = ['sub6', 'sub7', 'sub8', 'sub9', 'sub10'] as const;
const SENT = [
  ['sent_adv_payout', 'bigint'],
  ['sent_pub_payout', 'bigint'],
  ['sent_currency', 'text'],
] as const;

/**
 * Issue 22: clicks and leads keep sub6…sub10 as they keep sub1…sub5 (seed 004's {sub6}…{sub10}
 * macros), and a conversion keeps the payouts as the advertiser sent them when they came in another
 * currency than the offer's and were converted (the ingest API's gross_amount is the customer's sale,
 * a different thing, so it is not reused). One column a statement: SQLite adds one at a time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['clicks', 'leads']) {
    for (const column of EXTRA_SUBS) await db.schema.alterTable(table).addColumn(column, 'text').execute();
  }
  for (const [column, type] of SENT)
    await db.schema.alterTable('conversions').addColumn(column, type).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const [column] of SENT) await db.schema.alterTable('conversions').dropColumn(column).execute();
  for (const table of ['clicks', 'leads']) {
    for (const column of EXTRA_SUBS) await db.schema.alterTable(table).dropColumn(column).execute();
  }
}
