import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('leads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('click_id', 'text')
    .addColumn('offer_id', 'integer', (c) => c.notNull())
    .addColumn('advertiser_id', 'integer', (c) => c.notNull())
    .addColumn('publisher_id', 'integer')
    .addColumn('flow_id', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fraud_rule', 'text')
    .addColumn('goal', 'text')
    .addColumn('external_id', 'text')
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('phone_e164', 'text')
    .addColumn('email', 'text')
    .addColumn('country', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('address', 'text')
    .addColumn('comment', 'text')
    .addColumn('status_comment', 'text')
    .addColumn('sub1', 'text')
    .addColumn('sub2', 'text')
    .addColumn('sub3', 'text')
    .addColumn('sub4', 'text')
    .addColumn('sub5', 'text')
    .addColumn('meta', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('push_status', 'text', (c) => c.notNull())
    .addColumn('push_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('adv_lead_id', 'text')
    .addColumn('pushed_at', 'text')
    .execute();
  await db.schema.createIndex('leads_created').on('leads').column('created_at').execute();
  await db.schema
    .createIndex('leads_offer_created')
    .on('leads')
    .columns(['offer_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('leads_publisher_created')
    .on('leads')
    .columns(['publisher_id', 'created_at'])
    .execute();
  await db.schema.createIndex('leads_status_created').on('leads').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('leads_click').on('leads').column('click_id').execute();
  // Duplicate checks: same phone or email on the same offer within an hour.
  await db.schema
    .createIndex('leads_offer_phone')
    .on('leads')
    .columns(['offer_id', 'phone_e164', 'created_at'])
    .execute();
  await db.schema
    .createIndex('leads_offer_email')
    .on('leads')
    .columns(['offer_id', 'email', 'created_at'])
    .execute();
  // Idempotency is a constraint, not a read-then-write race (seed 001 "exto"): one lead per
  // (click, advertiser's lead id) and per (flow, subid). NULLs never collide in a unique index.
  await db.schema
    .createIndex('leads_click_external')
    .on('leads')
    .columns(['click_id', 'external_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('leads_flow_external')
    .on('leads')
    .columns(['flow_id', 'external_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('leads_adv_lead_id')
    .on('leads')
    .columns(['advertiser_id', 'adv_lead_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('leads').ifExists().execute();
}
