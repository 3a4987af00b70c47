import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // A money event on a lead: the lead's one status conversion (postbacks, admin), or one per payment
  // reported through the ingest API (external_payment_id).
  await db.schema
    .createTable('conversions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('click_id', 'text')
    .addColumn('offer_id', 'integer', (c) => c.notNull())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull())
    .addColumn('publisher_id', 'integer')
    .addColumn('flow_id', 'integer')
    .addColumn('goal', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('adv_payout', 'bigint', (c) => c.notNull())
    .addColumn('pub_payout', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('external_payment_id', 'text', (c) => c.unique())
    .addColumn('user_ref', 'text')
    .addColumn('event', 'text')
    .addColumn('gross_amount', 'bigint')
    .addColumn('gross_currency', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One status conversion per lead; payments (external_payment_id set) may be many.
  await db.schema
    .createIndex('conversions_lead_status')
    .on('conversions')
    .column('lead_id')
    .unique()
    .where(sql.ref('external_payment_id'), 'is', null)
    .execute();
  await db.schema.createIndex('conversions_lead').on('conversions').column('lead_id').execute();
  await db.schema.createIndex('conversions_created').on('conversions').column('created_at').execute();
  await db.schema
    .createIndex('conversions_offer_created')
    .on('conversions')
    .columns(['offer_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('conversions_publisher_created')
    .on('conversions')
    .columns(['publisher_id', 'created_at'])
    .execute();

  // Append-only: rows are never updated or deleted; a change writes reversing entries.
  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('conversion_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('party', 'integer')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('memo', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createIndex('ledger_entries_conversion')
    .on('ledger_entries')
    .column('conversion_id')
    .execute();
  await db.schema.createIndex('ledger_entries_event').on('ledger_entries').column('event_id').execute();
  await db.schema
    .createIndex('ledger_entries_account')
    .on('ledger_entries')
    .columns(['account', 'party', 'currency'])
    .execute();

  await db.schema
    .createTable('lead_status_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('conversion_id', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('from_goal', 'text')
    .addColumn('goal', 'text')
    .addColumn('adv_payout', 'bigint', (c) => c.notNull())
    .addColumn('pub_payout', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor', 'text')
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lead_status_history_lead')
    .on('lead_status_history')
    .columns(['lead_id', 'created_at'])
    .execute();

  // Every inbound postback and ingest call, answered or refused; written outside the processing
  // transaction so a failed one is still on record.
  await db.schema
    .createTable('postback_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('unknown_params', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('advertiser_id', 'integer')
    .addColumn('offer_id', 'integer')
    .addColumn('flow_id', 'integer')
    .addColumn('click_id', 'text')
    .addColumn('lead_id', 'text')
    .addColumn('conversion_id', 'text')
    .addColumn('goal', 'text')
    .addColumn('status', 'text')
    .addColumn('answer_status', 'integer', (c) => c.notNull())
    .addColumn('answer_code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('changes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('postback_log_created').on('postback_log').column('created_at').execute();
  await db.schema
    .createIndex('postback_log_click')
    .on('postback_log')
    .columns(['click_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('postback_log_flow')
    .on('postback_log')
    .columns(['flow_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('postback_log_answer')
    .on('postback_log')
    .columns(['answer_status', 'created_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['postback_log', 'lead_status_history', 'ledger_entries', 'conversions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
