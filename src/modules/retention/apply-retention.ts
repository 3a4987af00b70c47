import { Cron } from 'croner';
import { sql } from 'kysely';
import { ALWAYS_LEADER, type Leader } from '../../cluster/leader.js';
import type { AppContext } from '../../context.js';
import { DAY_MS } from '../../lib/time.js';
import { refreshRollups } from '../rollups/refresh-rollups.js';
import { clicksPartitioned, dropClickPartitionsBefore } from './click-partitions.js';
import {
  CLICKS_DELETED_BEFORE,
  clicksDeletedBefore,
  type RetentionKind,
  retentionSettings,
} from './retention-settings.js';

/** Daily at 03:17 UTC, off the hour when other tasks run. */
export const RETENTION_SCHEDULE = '17 3 * * *';
/** Rows per delete: each chunk is a short transaction, so the click writer waits at most one chunk. */
export const RETENTION_CHUNK = 5_000;
const HOUR_MS = 3_600_000;

export type RetentionResult = Record<RetentionKind, number>;

/** The table, its age column and the rows of it that may go. */
const TARGETS: Record<RetentionKind, { table: string; column: string; finishedOnly?: boolean }> = {
  raw_clicks: { table: 'clicks', column: 'created_at' },
  postback_log: { table: 'postback_log', column: 'created_at' },
  outbound_requests: { table: 'outbound_requests', column: 'created_at' },
  finished_jobs: { table: 'jobs', column: 'updated_at', finishedOnly: true },
};

/** Delete rows older than `before`, oldest first, RETENTION_CHUNK at a time, yielding between chunks. */
async function deleteInChunks(ctx: AppContext, kind: RetentionKind, before: string): Promise<number> {
  const { table, column, finishedOnly } = TARGETS[kind];
  const finished = finishedOnly ? sql` and status in ('done', 'failed')` : sql``;
  let deleted = 0;
  for (;;) {
    const result =
      await sql`delete from ${sql.table(table)} where id in (select id from ${sql.table(table)} where ${sql.ref(column)} < ${before}${finished} order by ${sql.ref(column)} limit ${RETENTION_CHUNK})`.execute(
        ctx.db,
      );
    const n = Number(result.numAffectedRows ?? 0);
    deleted += n;
    if (n < RETENTION_CHUNK) return deleted;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Delete raw rows past their retention. Clicks go only after every hour they fall in is rolled up
 * (the rollups are refreshed first, up to the cut), and the cut is a whole hour: reports over those
 * days answer from the rollups. The watermark then keeps the refresh from recomputing (and so
 * emptying) an hour whose raw clicks are gone.
 */
export async function applyRetention(ctx: AppContext): Promise<RetentionResult> {
  const settings = await retentionSettings(ctx);
  const now = ctx.clock.now().getTime();
  const result: RetentionResult = { raw_clicks: 0, postback_log: 0, outbound_requests: 0, finished_jobs: 0 };
  for (const kind of Object.keys(TARGETS) as RetentionKind[]) {
    const days = settings[kind];
    if (days === null) continue;
    const cut = Math.floor((now - days * DAY_MS) / HOUR_MS) * HOUR_MS;
    const before = new Date(cut).toISOString();
    if (kind === 'raw_clicks') {
      const previous = await clicksDeletedBefore(ctx);
      await refreshRollups(ctx, previous ? { rawClicksFrom: previous } : {});
      const watermark = previous && previous > before ? previous : before;
      await ctx.db
        .insertInto('retention_settings')
        .values({ key: CLICKS_DELETED_BEFORE, value: watermark, updated_at: new Date(now).toISOString() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: watermark }))
        .execute();
    }
    // PostgreSQL: whole days go as partitions; the rest of the cut's day (and any old row in the
    // default partition) is deleted in chunks as on SQLite.
    const dropped =
      kind === 'raw_clicks' && (await clicksPartitioned(ctx))
        ? await dropClickPartitionsBefore(ctx, before)
        : 0;
    result[kind] = dropped + (await deleteInChunks(ctx, kind, before));
  }
  ctx.logger.info({ deleted: result }, 'retention applied');
  return result;
}

/** Run retention daily (the leader rule decides which process, when there are several). */
export function scheduleRetention(
  ctx: AppContext,
  pattern = RETENTION_SCHEDULE,
  leader: Leader = ALWAYS_LEADER,
): { stop(): void } {
  const job = new Cron(pattern, { timezone: 'UTC', protect: true, name: 'retention' }, async () => {
    if (!leader.isLeader()) return;
    try {
      await applyRetention(ctx);
    } catch (error) {
      ctx.logger.error({ err: error }, 'retention failed');
    }
  });
  return { stop: () => job.stop() };
}
