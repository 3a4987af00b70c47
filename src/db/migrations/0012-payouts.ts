import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Approved money of an offer becomes payable this many days after its approval.
  await db.schema
    .alterTable('offers')
    .addColumn('hold_days', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // A payout request: the amount is reserved while `requested`, moved on the ledger when `paid`.
  await db.schema
    .createTable('payouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('reason', 'text')
    .addColumn('ledger_event_id', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('payouts_publisher_status')
    .on('payouts')
    .columns(['publisher_id', 'status', 'currency'])
    .execute();
  await db.schema
    .createIndex('payouts_status_created')
    .on('payouts')
    .columns(['status', 'created_at'])
    .execute();

  // The method a publisher is paid by when the Net-7 run creates their request.
  await db.schema
    .createTable('publisher_payout_methods')
    .addColumn('publisher_id', 'integer', (c) => c.primaryKey().references('publishers.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Ledger entries of a payout belong to no conversion: conversion_id becomes nullable and payout_id
  // names the payout. SQLite cannot drop NOT NULL, so the table is rebuilt there (rows copied as they are).
  if (dialectOf(db) === 'postgres') {
    await sql`alter table ledger_entries alter column conversion_id drop not null`.execute(db);
    await db.schema.alterTable('ledger_entries').addColumn('payout_id', 'text').execute();
  } else {
    await db.schema
      .createTable('ledger_entries_new')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('conversion_id', 'text')
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('party', 'integer')
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('memo', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('payout_id', 'text')
      .execute();
    await sql`insert into ledger_entries_new (id, created_at, conversion_id, event_id, account, party, amount, currency, memo)
      select id, created_at, conversion_id, event_id, account, party, amount, currency, memo from ledger_entries`.execute(
      db,
    );
    await db.schema.dropTable('ledger_entries').execute();
    await sql`alter table ledger_entries_new rename to ledger_entries`.execute(db);
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
  }
  await db.schema.createIndex('ledger_entries_payout').on('ledger_entries').column('payout_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ledger_entries_payout').ifExists().execute();
  await db.schema.alterTable('ledger_entries').dropColumn('payout_id').execute();
  await db.schema.dropTable('publisher_payout_methods').ifExists().execute();
  await db.schema.dropTable('payouts').ifExists().execute();
  await db.schema.alterTable('offers').dropColumn('hold_days').execute();
}
