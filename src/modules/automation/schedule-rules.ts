import { Cron } from 'croner';
import { ALWAYS_LEADER, type Leader } from '../../cluster/leader.js';
import type { AppContext } from '../../context.js';
import { nextRunAfter } from './definitions.js';
import { runRule } from './run-rule.js';

/** How often each process looks for due rules: every minute. */
export const AUTOMATION_TICK = '* * * * *';

/**
 * Run every enabled rule whose next_run_at has come. Each run is claimed with a conditional update
 * (next_run_at moves on only where it still holds the value this process read), so when several app
 * processes tick at once exactly one of them runs it. Returns the ids of the rules this process ran.
 */
export async function runDueRules(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .selectFrom('automation_rules')
    .selectAll()
    .where('enabled', '=', 1)
    .where('next_run_at', '<=', now.toISOString())
    .orderBy('next_run_at')
    .execute();
  const ran: string[] = [];
  for (const rule of due) {
    const claimed = await ctx.db
      .updateTable('automation_rules')
      .set({ next_run_at: nextRunAfter(rule.schedule, now).toISOString() })
      .where('id', '=', rule.id)
      .where('enabled', '=', 1)
      .where('next_run_at', '=', rule.next_run_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    await runRule(ctx, rule, { dryRun: false, trigger: 'schedule' });
    ran.push(String(rule.id));
  }
  return ran;
}

/**
 * Tick in every process; only the cluster's leader (src/cluster/leader.ts) looks for due rules, and
 * the claim above still keeps a run single should two processes lead for a moment. stop() cancels it.
 */
export function scheduleAutomation(
  ctx: AppContext,
  pattern = AUTOMATION_TICK,
  leader: Leader = ALWAYS_LEADER,
): { stop(): void } {
  const job = new Cron(pattern, { timezone: 'UTC', protect: true, name: 'automation-rules' }, async () => {
    if (!leader.isLeader()) return;
    try {
      await runDueRules(ctx);
    } catch (error) {
      ctx.logger.error({ err: error }, 'automation rules tick failed');
    }
  });
  return { stop: () => job.stop() };
}
