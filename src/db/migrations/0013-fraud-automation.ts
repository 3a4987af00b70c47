import { type Kysely, sql } from 'kysely';
import { withIdColumn } from '../dialect.js';

/** Fraud rules that reject a click (seed 000); the event log reads them from clicks.reject_reason. */
const CLICK_FRAUD_REASONS_SQL = "('ip_blocked', 'bot_ua', 'ip_velocity')";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // One row per fraud rule (seed 000); the defaults are the behaviour before rules were configurable.
  await db.schema
    .createTable('fraud_rules')
    .addColumn('rule', 'text', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('threshold', 'integer')
    .addColumn('window_minutes', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('fraud_rules')
    .values([
      { rule: 'bot_ua', enabled: 1, threshold: null, window_minutes: null, updated_at: now },
      { rule: 'ip_blocked', enabled: 1, threshold: null, window_minutes: null, updated_at: now },
      { rule: 'ip_velocity', enabled: 1, threshold: 10, window_minutes: 60, updated_at: now },
      { rule: 'duplicate_phone', enabled: 1, threshold: null, window_minutes: 60, updated_at: now },
      { rule: 'duplicate_email', enabled: 1, threshold: null, window_minutes: 60, updated_at: now },
    ])
    .execute();

  // The fraud event log reads rejected clicks and flagged leads; partial indexes keep accepted
  // clicks (the hot path's inserts) out of them.
  await sql`create index clicks_fraud_created on clicks (created_at) where reject_reason in ${sql.raw(
    CLICK_FRAUD_REASONS_SQL,
  )}`.execute(db);
  await sql`create index leads_fraud_created on leads (created_at) where fraud_rule is not null`.execute(db);

  await withIdColumn(db, db.schema.createTable('automation_rules'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer')
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('threshold', 'text', (c) => c.notNull())
    .addColumn('window_hours', 'integer', (c) => c.notNull())
    .addColumn('min_volume', 'integer', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('next_run_at', 'text')
    .addColumn('last_run_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('automation_rules_due')
    .on('automation_rules')
    .columns(['enabled', 'next_run_at'])
    .execute();

  await db.schema
    .createTable('automation_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule_id', 'integer', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('evaluated', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('automation_runs_rule')
    .on('automation_runs')
    .columns(['rule_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('admin_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule_id', 'integer')
    .addColumn('run_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('admin_notifications_read')
    .on('admin_notifications')
    .columns(['read_at', 'created_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('admin_notifications').ifExists().execute();
  await db.schema.dropTable('automation_runs').ifExists().execute();
  await db.schema.dropTable('automation_rules').ifExists().execute();
  await db.schema.dropIndex('leads_fraud_created').ifExists().execute();
  await db.schema.dropIndex('clicks_fraud_created').ifExists().execute();
  await db.schema.dropTable('fraud_rules').ifExists().execute();
}
