import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // The dashboard's and custom reports' money is the ledger posted in a date range: an index range,
  // not a scan of every entry ever written (bench:reports).
  await db.schema.createIndex('ledger_entries_created').on('ledger_entries').column('created_at').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ledger_entries_created').ifExists().execute();
}
