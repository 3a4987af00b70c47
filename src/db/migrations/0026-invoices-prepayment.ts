import type { Kysely } from 'kysely';

/**
 * Issue 17 §2, advertiser receivables: numbered invoices of the advertiser_receivable ledger
 * entries, the payments received against them, and prepayment advertisers (their settings, top-ups,
 * and the offers paused because their balance ran out).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // One row per numbering sequence; bumped in the invoice's own transaction, so a rollback leaves no gap.
  await db.schema
    .createTable('invoice_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('invoice_counters').values({ name: 'invoice', last_number: 0 }).execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull().references('advertisers.id'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invoice_date', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('paid', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoices_advertiser_status')
    .on('invoices')
    .columns(['advertiser_id', 'status', 'currency'])
    .execute();

  // Frozen at creation: an invoice's lines never change afterwards.
  await db.schema
    .createTable('invoice_lines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('conversion_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('offer_id', 'integer', (c) => c.notNull())
    .addColumn('offer_name', 'text', (c) => c.notNull())
    .addColumn('goal', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_lines_invoice').on('invoice_lines').column('invoice_id').execute();
  await db.schema
    .createIndex('invoice_lines_conversion')
    .on('invoice_lines')
    .column('conversion_id')
    .execute();

  // Which invoice claims each ledger entry: the primary key is the "never on two invoices" guarantee.
  // A voided invoice's claims are deleted, so its entries go to the next invoice.
  await db.schema
    .createTable('invoice_entries')
    .addColumn('ledger_entry_id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .execute();
  await db.schema.createIndex('invoice_entries_invoice').on('invoice_entries').column('invoice_id').execute();

  await db.schema
    .createTable('invoice_payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoice_payments_invoice')
    .on('invoice_payments')
    .column('invoice_id')
    .execute();

  await db.schema
    .createTable('advertiser_billing')
    .addColumn('advertiser_id', 'integer', (c) => c.primaryKey().references('advertisers.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('low_balance_alert', 'text')
    .addColumn('pause_at_zero', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('prepaid_since', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('advertiser_topups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull().references('advertisers.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('advertiser_topups_advertiser')
    .on('advertiser_topups')
    .columns(['advertiser_id', 'currency'])
    .execute();

  // Offers paused because their advertiser's prepaid balance reached zero; a top-up resumes exactly these.
  await db.schema
    .createTable('prepayment_paused_offers')
    .addColumn('offer_id', 'integer', (c) => c.primaryKey().references('offers.id'))
    .addColumn('advertiser_id', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('paused_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'prepayment_paused_offers',
    'advertiser_topups',
    'advertiser_billing',
    'invoice_payments',
    'invoice_entries',
    'invoice_lines',
    'invoices',
    'invoice_counters',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
