import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The worker's two claim paths: due pending jobs, and running jobs whose lock expired.
  await db.schema.createIndex('jobs_status_run_at').on('jobs').columns(['status', 'run_at']).execute();
  await db.schema
    .createIndex('jobs_status_locked_until')
    .on('jobs')
    .columns(['status', 'locked_until'])
    .execute();
  await db.schema.createIndex('jobs_type_status').on('jobs').columns(['type', 'status']).execute();

  // No foreign key to jobs: finished jobs may be pruned while their request log is kept.
  await db.schema
    .createTable('outbound_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('hop', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('request_headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('request_body', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_headers', 'text')
    .addColumn('response_body', 'text')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outbound_requests_kind')
    .on('outbound_requests')
    .columns(['kind', 'created_at'])
    .execute();
  await db.schema
    .createIndex('outbound_requests_subject')
    .on('outbound_requests')
    .columns(['subject_id', 'created_at'])
    .execute();
  await db.schema.createIndex('outbound_requests_job').on('outbound_requests').column('job_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbound_requests').ifExists().execute();
  await db.schema.dropTable('jobs').ifExists().execute();
}
