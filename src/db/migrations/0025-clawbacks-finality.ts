import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // A reversal that took a publisher's approved balance below zero: money already paid out that the
  // next payout nets. The ledger holds the money; this row says which conversion it came from.
  await db.schema
    .createTable('clawbacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversion_id', 'text', (c) => c.notNull().references('conversions.id'))
    .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
    .addColumn('advertiser_id', 'integer', (c) => c.notNull())
    .addColumn('offer_id', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    /** Minor units: the part of the reversal the publisher's balance did not cover. */
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('clawbacks_publisher_currency')
    .on('clawbacks')
    .columns(['publisher_id', 'currency', 'created_at'])
    .execute();

  // A postback's change to a conversion past its finality window, held for an admin to accept or refuse.
  await db.schema
    .createTable('pending_status_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversion_id', 'text', (c) => c.notNull().references('conversions.id'))
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull())
    .addColumn('offer_id', 'integer', (c) => c.notNull())
    .addColumn('publisher_id', 'integer')
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    /** JSON: the change as the postback asked it (status, goal, payouts, currency, comment). */
    .addColumn('request', 'text', (c) => c.notNull())
    /** days (past the window) or paid (the publisher was already paid for it). */
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('postback_log_id', 'text')
    /** pending, accepted, refused. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pending_status_changes_status')
    .on('pending_status_changes')
    .columns(['status', 'created_at'])
    .execute();

  // The finality window of an advertiser, or of one offer (which then wins over its advertiser's).
  await db.schema
    .createTable('finality_windows')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    /** Days after a conversion was created; null: no day limit. */
    .addColumn('days', 'integer')
    /** 1: a change that would take back money already paid to the publisher is held too. */
    .addColumn('when_paid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('finality_windows_pk', ['scope', 'subject_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('finality_windows').ifExists().execute();
  await db.schema.dropTable('pending_status_changes').ifExists().execute();
  await db.schema.dropTable('clawbacks').ifExists().execute();
}
