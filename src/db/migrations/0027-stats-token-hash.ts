import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Issue 20: a publisher's stats token is stored as its SHA-256 (hex), as session tokens are, so a
 * leaked database or backup does not leak working tokens; the publisher sees it once, when made.
 * Existing tokens are hashed in place and keep working. The hash is written here, not imported,
 * so the migration stays what it was if src/lib/crypto.ts changes.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  const rows: { id: number; stats_token: string }[] = await db
    .selectFrom('publishers')
    .select(['id', 'stats_token'])
    .where('stats_token', 'is not', null)
    .execute();
  for (const row of rows) {
    const hash = createHash('sha256').update(row.stats_token).digest('hex');
    await db.updateTable('publishers').set({ stats_token: hash }).where('id', '=', row.id).execute();
  }
}

/** A hash cannot be turned back into its token: going down revokes every stats token. */
// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('publishers').set({ stats_token: null }).execute();
}
