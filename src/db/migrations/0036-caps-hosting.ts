import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * Issue 19 (items 4 and 5): caps that never leak, and datacenter/hosting traffic.
 * - caps: a limit per offer, per publisher or per offer × publisher (a null side means "any"),
 *   per period (hourly, daily, monthly, total) in the cap's time zone, counted in clicks, leads,
 *   approved conversions or payout (integer minor units); hard (stop) or soft (alert only);
 * - cap_counters: one row per cap and period, `used` only ever changed by one conditional
 *   statement (the reservation), and the alert level already sent (0, 90, 100) for that period;
 * - cap_reservations: what one lead or conversion took, so it is counted once and given back once;
 * - clicks.hosting: 1 when the click came from a hosting/datacenter network;
 * - fraud_rules.action: for datacenter_ip, 'flag' (mark the click) or 'reject'.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('caps'))
    .addColumn('offer_id', 'integer')
    .addColumn('publisher_id', 'integer')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('cap_limit', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('on_reached', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('caps_offer').on('caps').column('offer_id').execute();
  await db.schema.createIndex('caps_publisher').on('caps').column('publisher_id').execute();

  await db.schema
    .createTable('cap_counters')
    .addColumn('cap_id', 'integer', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('used', 'bigint', (c) => c.notNull())
    .addColumn('alerted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('cap_counters_pk', ['cap_id', 'period_key'])
    .execute();

  await db.schema
    .createTable('cap_reservations')
    .addColumn('cap_id', 'integer', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cap_reservations_pk', ['subject', 'cap_id'])
    .execute();

  await db.schema
    .alterTable('clicks')
    .addColumn('hosting', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('fraud_rules').addColumn('action', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('fraud_rules').dropColumn('action').execute();
  await db.schema.alterTable('clicks').dropColumn('hosting').execute();
  await db.schema.dropTable('cap_reservations').execute();
  await db.schema.dropTable('cap_counters').execute();
  await db.schema.dropTable('caps').execute();
}
