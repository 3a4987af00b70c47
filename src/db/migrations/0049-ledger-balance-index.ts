import type { Kysely } from 'kysely';

/**
 * A publisher's approved balance (`approvedBalanceOf`: every cancellation of approved money reads it
 * for the clawback check, docs/postback-throughput.md) and the payout sums add up `amount` over one
 * account, party and currency. With `amount` in the index they are read from the index alone
 * (SQLite "USING COVERING INDEX", PostgreSQL an index-only scan), instead of one table lookup per
 * entry. The old index (account, party, currency) is a prefix of this one, so no reader loses it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('ledger_entries_balance')
    .on('ledger_entries')
    .columns(['account', 'party', 'currency', 'amount'])
    .execute();
  await db.schema.dropIndex('ledger_entries_account').ifExists().execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('ledger_entries_account')
    .on('ledger_entries')
    .columns(['account', 'party', 'currency'])
    .execute();
  await db.schema.dropIndex('ledger_entries_balance').ifExists().execute();
}
