import type { Kysely } from 'kysely';

/**
 * Issue 18, item 4: a push is not sent twice after a crash without the advertiser being able to tell.
 * - leads.push_maybe_sent: 1 when a push attempt was in flight as its process stopped (its
 *   outbound_requests row stayed `sending`), so the advertiser may already hold the lead; the retry
 *   carried the same Idempotency-Key.
 * - outbound_requests.outcome gains two values (no schema change, it is text): `sending`, written
 *   and committed before the request leaves, and `interrupted`, set when a retaken job finds its
 *   previous attempt still `sending`.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('leads')
    .addColumn('push_maybe_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('leads').dropColumn('push_maybe_sent').execute();
}
