import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('users'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('admin'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sessions_subject')
    .on('sessions')
    .columns(['subject_type', 'subject_id'])
    .execute();

  await withIdColumn(db, db.schema.createTable('advertisers'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('integration_type', 'text', (c) => c.notNull())
    .addColumn('post_encoding', 'text', (c) => c.notNull())
    .addColumn('endpoint_url', 'text', (c) => c.notNull())
    .addColumn('auth_key', 'text')
    .addColumn('auth_location', 'text', (c) => c.notNull())
    .addColumn('auth_header_name', 'text', (c) => c.notNull())
    .addColumn('auth_field_name', 'text', (c) => c.notNull())
    .addColumn('payload_template', 'text')
    .addColumn('extra_params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('postback_token', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withIdColumn(db, db.schema.createTable('offers'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull().references('advertisers.id'))
    .addColumn('adv_offer_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('landing_url', 'text', (c) => c.notNull())
    .addColumn('adv_payout', 'bigint', (c) => c.notNull())
    .addColumn('pub_payout', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('geo', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('daily_cap', 'integer')
    .addColumn('trafficback_url', 'text')
    .addColumn('append_click_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ingest_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('offers_advertiser').on('offers').column('advertiser_id').execute();

  await withIdColumn(db, db.schema.createTable('offer_goals'))
    .addColumn('offer_id', 'integer', (c) => c.notNull().references('offers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('adv_payout', 'bigint', (c) => c.notNull())
    .addColumn('pub_payout', 'bigint', (c) => c.notNull())
    .addColumn('revshare_bps', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('offer_goals_offer_key', ['offer_id', 'key'])
    .execute();

  await withIdColumn(db, db.schema.createTable('publishers'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('postback_url', 'text')
    .addColumn('stats_token', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withIdColumn(db, db.schema.createTable('publisher_offers'))
    .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
    .addColumn('offer_id', 'integer', (c) => c.notNull().references('offers.id'))
    .addColumn('pub_payout', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('publisher_offers_pair', ['publisher_id', 'offer_id'])
    .execute();
  await db.schema.createIndex('publisher_offers_offer').on('publisher_offers').column('offer_id').execute();

  await withIdColumn(db, db.schema.createTable('flows'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('publisher_id', 'integer', (c) => c.notNull().references('publishers.id'))
    .addColumn('offer_id', 'integer', (c) => c.notNull().references('offers.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('flows_publisher').on('flows').column('publisher_id').execute();
  await db.schema.createIndex('flows_offer').on('flows').column('offer_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'flows',
    'publisher_offers',
    'publishers',
    'offer_goals',
    'offers',
    'advertisers',
    'sessions',
    'users',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
