import { Cron } from 'croner';
import { ALWAYS_LEADER, type Leader } from '../../cluster/leader.js';
import type { AppContext } from '../../context.js';
import { type BanditSettings, decideWeights } from './bandit.js';
import { listArmRows } from './queries.js';
import type { Random } from './rotation.js';
import { armFigures, banditStats } from './split-test.js';

/** The bandit reads the last 14 days of each arm: recent enough to follow a change, long enough to measure. */
export const REBALANCE_WINDOW_DAYS = 14;
export const REBALANCE_TICK = '*/15 * * * *';

/**
 * Re-weigh every automatic split test (enabled stream, auto on, two or more arms with weight).
 * A shift is claimed with a conditional update on the stream's updated_at, so when several
 * processes tick at once one of them moves the weights and logs the shift; an editor's save in
 * between wins (the bandit's update then matches nothing). Returns the ids of the streams shifted.
 */
export async function rebalanceStreams(ctx: AppContext, random: Random = Math.random): Promise<number[]> {
  const now = ctx.clock.now();
  const from = new Date(now.getTime() - REBALANCE_WINDOW_DAYS * 86_400_000).toISOString();
  const streams = await ctx.db
    .selectFrom('flow_streams')
    .selectAll()
    .where('auto_enabled', '=', 1)
    .where('enabled', '=', 1)
    .execute();
  const shifted: number[] = [];
  for (const stream of streams) {
    const arms = (await listArmRows(ctx.db, [stream.id])).filter((a) => a.weight > 0);
    if (arms.length < 2) continue;
    const figures = await armFigures(ctx, [stream.id], from, new Date(now.getTime() + 1).toISOString());
    const { stats, oneCurrency } = banditStats(
      arms.map((a) => a.id),
      figures,
    );
    const settings: BanditSettings = {
      // EPC needs one currency to compare arms; otherwise the bandit judges conversion rates.
      metric: stream.auto_metric === 'epc' && oneCurrency ? 'epc' : 'cr',
      minSharePct: stream.auto_min_share_pct,
      minSample: stream.auto_min_sample,
    };
    const decision = decideWeights(stats, settings, random);
    if (!decision.act) continue;
    if (decision.weights.every((w, i) => w === arms[i]?.weight)) continue;
    const done = await ctx.db.transaction().execute(async (tx) => {
      const claimed = await tx
        .updateTable('flow_streams')
        .set({ updated_at: now.toISOString() })
        .where('id', '=', stream.id)
        .where('updated_at', '=', stream.updated_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      for (const [i, arm] of arms.entries())
        await tx
          .updateTable('stream_arms')
          .set({ weight: decision.weights[i] ?? arm.weight, updated_at: now.toISOString() })
          .where('id', '=', arm.id)
          .execute();
      await tx
        .insertInto('stream_weight_shifts')
        .values({
          stream_id: stream.id,
          created_at: now.toISOString(),
          reason: `thompson sampling on ${settings.metric}, min share ${settings.minSharePct} %, min sample ${settings.minSample}`,
          weights_before: JSON.stringify(arms.map((a) => ({ arm_id: String(a.id), weight: a.weight }))),
          weights_after: JSON.stringify(
            arms.map((a, i) => ({ arm_id: String(a.id), weight: decision.weights[i] ?? a.weight })),
          ),
          stats: JSON.stringify(
            stats.map((s, i) => ({
              arm_id: String(s.armId),
              clicks: s.clicks,
              leads: s.leads,
              win_probability: decision.winProbabilities[i],
            })),
          ),
        })
        .execute();
      return true;
    });
    if (done) shifted.push(stream.id);
  }
  // This process routes with the new weights at once; others within the cache TTL (5 s).
  if (shifted.length > 0) ctx.caches.clear();
  return shifted;
}

/** Tick in this process; the claim keeps each shift single across processes. */
export function scheduleStreamRebalance(
  ctx: AppContext,
  pattern = REBALANCE_TICK,
  leader: Leader = ALWAYS_LEADER,
): { stop(): void } {
  const job = new Cron(pattern, { timezone: 'UTC', protect: true, name: 'stream-rebalance' }, async () => {
    if (!leader.isLeader()) return;
    try {
      await rebalanceStreams(ctx);
    } catch (error) {
      ctx.logger.error({ err: error }, 'stream rebalance tick failed');
    }
  });
  return { stop: () => job.stop() };
}
