import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // Admin-managed exchange rates: one rate per currency and day, as an exact decimal string
  // (units of the base currency per one unit of `currency`).
  await withIdColumn(db, db.schema.createTable('currency_rates'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('rate_date', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('currency_rates_currency_date', ['currency', 'rate_date'])
    .execute();

  // The rate in effect for a conversion's currency when it was created (null: base currency or none known).
  await db.schema.alterTable('conversions').addColumn('rate_date', 'text').execute();
  await db.schema.alterTable('conversions').addColumn('rate', 'text').execute();

  // Admin users can be disabled (they can no longer log in; their sessions end).
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
  await db.schema.alterTable('conversions').dropColumn('rate').execute();
  await db.schema.alterTable('conversions').dropColumn('rate_date').execute();
  await db.schema.dropTable('currency_rates').execute();
}
