import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Issue 18: many processes, truly.
 * - rate_limits: the shared counters of @fastify/rate-limit when REDIS_URL is not set, one row per
 *   route and address, `hits` in the window that ends at `reset_at` (epoch ms). Rows past their
 *   window are pruned (src/http/rate-limit-store.ts).
 * - cluster_leases: on SQLite, which process runs the scheduled tasks (Net-7, automation): the row's
 *   holder until `expires_at` (epoch ms), renewed while it lives (src/cluster/leader.ts).
 *   PostgreSQL uses an advisory lock instead.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // PostgreSQL: UNLOGGED (no WAL, no fsync per counted request). A crash empties the table, which
  // only gives every address a fresh window: a fair price for ~10× cheaper counting.
  const unlogged = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('rate_limits')
    .$call((t) => (unlogged ? t.modifyFront(sql`unlogged`) : t))
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_reset_at').on('rate_limits').column('reset_at').execute();

  await db.schema
    .createTable('cluster_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cluster_leases').execute();
  await db.schema.dropTable('rate_limits').execute();
}
