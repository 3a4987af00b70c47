import type { Kysely } from 'kysely';

const SESSION_COLUMNS = ['last_seen_at', 'ip', 'user_agent'] as const;

/**
 * Issue 20: two-factor sign-in and sessions a person can see and end.
 * - sessions remember where they were opened (address, user agent) and when last used;
 * - two_factor holds one TOTP secret per account (encrypted with SECRET_KEY), confirmed or not,
 *   the last time step accepted (a code is good once) and the run of wrong codes;
 * - recovery_codes: ten one-time codes per account, stored as keyed hashes, each used once;
 * - login_tickets: the short-lived, single-use proof that the password was right while the
 *   second factor is asked for (stored hashed, as sessions are);
 * - security_settings: network-wide switches (require_admin_two_factor).
 * Subjects are ('admin', users.id) or ('publisher', publishers.id), as in sessions.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of SESSION_COLUMNS)
    await db.schema.alterTable('sessions').addColumn(column, 'text').execute();

  await db.schema
    .createTable('two_factor')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('two_factor_pk', ['subject_type', 'subject_id'])
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recovery_codes_pk', ['subject_type', 'subject_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('login_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('security_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['security_settings', 'login_tickets', 'recovery_codes', 'two_factor'])
    await db.schema.dropTable(table).execute();
  for (const column of SESSION_COLUMNS) await db.schema.alterTable('sessions').dropColumn(column).execute();
}
