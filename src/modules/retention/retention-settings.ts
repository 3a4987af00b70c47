import type { AppContext } from '../../context.js';

/** What the retention job may delete, oldest first. */
export const RETENTION_KINDS = ['raw_clicks', 'postback_log', 'outbound_requests', 'finished_jobs'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days to keep each kind of raw row; null keeps it forever (the default). */
export type RetentionSettings = Record<RetentionKind, number | null>;

/** The job's watermark: clicks created before it were deleted, their hours' rollups are final. */
export const CLICKS_DELETED_BEFORE = 'raw_clicks_deleted_before';

export async function retentionSettings(ctx: AppContext): Promise<RetentionSettings> {
  const rows = await ctx.db
    .selectFrom('retention_settings')
    .select(['key', 'value'])
    .where('key', 'in', RETENTION_KINDS)
    .execute();
  const stored = new Map(rows.map((r) => [r.key, Number(r.value)]));
  return Object.fromEntries(RETENTION_KINDS.map((k) => [k, stored.get(k) ?? null])) as RetentionSettings;
}

export async function saveRetentionSettings(
  ctx: AppContext,
  input: Partial<RetentionSettings>,
): Promise<RetentionSettings> {
  const now = ctx.clock.now().toISOString();
  for (const kind of RETENTION_KINDS) {
    const days = input[kind];
    if (days === undefined) continue;
    if (days === null) {
      await ctx.db.deleteFrom('retention_settings').where('key', '=', kind).execute();
      continue;
    }
    const values = { value: String(days), updated_at: now };
    await ctx.db
      .insertInto('retention_settings')
      .values({ key: kind, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
  }
  return retentionSettings(ctx);
}

/** Clicks before this instant are deleted: rollups of those hours are never recomputed. */
export async function clicksDeletedBefore(ctx: AppContext): Promise<string | undefined> {
  const row = await ctx.db
    .selectFrom('retention_settings')
    .select('value')
    .where('key', '=', CLICKS_DELETED_BEFORE)
    .executeTakeFirst();
  return row?.value;
}
