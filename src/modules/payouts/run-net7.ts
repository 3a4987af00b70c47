import { Cron } from 'croner';
import { ALWAYS_LEADER, type Leader } from '../../cluster/leader.js';
import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { AppError } from '../../lib/errors.js';
import { formatAmount } from '../../lib/money.js';
import type { PayoutMethod } from './destination.js';
import { payableBalances, payableOf } from './payable.js';
import { findPayoutMethod, type PayoutRow, publisherMinimums, publisherStatus } from './queries.js';
import { lockPublisherPayouts, payoutMinimum, requestPayoutIn } from './request-payout.js';

/** Net-7 (seed 004): a weekly run pays what was approved (and past its offer's hold) 7 days before. */
export const NET_DAYS = 7;
/** Mondays 00:00 UTC. */
export const NET7_SCHEDULE = '0 0 * * 1';

export interface Net7Skip {
  publisher_id: string;
  currency: string;
  reason: 'below_minimum' | 'negative_balance' | 'no_payout_method' | 'not_approved' | 'refused';
  message?: string;
}

export interface Net7Result {
  as_of: string;
  created: PayoutRow[];
  skipped: Net7Skip[];
}

/**
 * Create a request for every publisher whose Net-7 balance reaches the minimum, paid by their saved
 * method. Each publisher's balance is read again under their lock, so runs in several processes at
 * once (or a run beside a manual request) never reserve the same money twice.
 */
export async function runNet7(ctx: AppContext): Promise<Net7Result> {
  const asOf = new Date(ctx.clock.now().getTime() - NET_DAYS * 86_400_000);
  const [candidates, ownMinimums] = await Promise.all([
    payableBalances(ctx.db, { asOf }),
    publisherMinimums(ctx.db),
  ]);
  const result: Net7Result = { as_of: asOf.toISOString(), created: [], skipped: [] };
  for (const candidate of candidates) {
    const skip = (reason: Net7Skip['reason'], message?: string) =>
      result.skipped.push({
        publisher_id: String(candidate.publisherId),
        currency: candidate.currency,
        reason,
        ...(message ? { message } : {}),
      });
    const own = ownMinimums.get(candidate.publisherId);
    const minimum = Math.max(payoutMinimum(ctx, candidate.currency, own), 1);
    if (candidate.payable < minimum) {
      // A clawback (money reversed after it was paid) is netted from later approvals: nothing is paid
      // until the balance is back above the minimum.
      if (candidate.matured < 0)
        skip(
          'negative_balance',
          `the balance is ${formatAmount(candidate.matured, candidate.currency)} ${candidate.currency} after a clawback; it is netted from later approvals`,
        );
      else if (candidate.payable > 0) skip('below_minimum');
      continue;
    }
    try {
      const created = await inTransaction(ctx.db, async (tx) => {
        await lockPublisherPayouts(tx, candidate.publisherId);
        const publisher = await publisherStatus(tx, candidate.publisherId);
        if (publisher?.status !== 'approved') return 'not_approved' as const;
        const method = await findPayoutMethod(tx, candidate.publisherId);
        if (!method) return 'no_payout_method' as const;
        const { payable } = await payableOf(tx, candidate.publisherId, candidate.currency, asOf);
        if (payable < Math.max(payoutMinimum(ctx, candidate.currency, publisher.payout_minimum), 1))
          return 'below_minimum' as const;
        return requestPayoutIn(ctx, tx, {
          publisherId: candidate.publisherId,
          amount: payable,
          currency: candidate.currency,
          method: method.method as PayoutMethod,
          destination: method.destination,
          source: 'net7',
        });
      });
      if (typeof created === 'string') skip(created);
      else result.created.push(created);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skip('refused', error.message);
    }
  }
  ctx.logger.info(
    { as_of: result.as_of, created: result.created.length, skipped: result.skipped.length },
    'net-7 payout run',
  );
  return result;
}

/**
 * Schedule the weekly run; stop() cancels it. Every process ticks, and only the cluster's leader
 * (src/cluster/leader.ts) runs it.
 */
export function scheduleNet7(
  ctx: AppContext,
  pattern = NET7_SCHEDULE,
  leader: Leader = ALWAYS_LEADER,
): { stop(): void } {
  const job = new Cron(pattern, { timezone: 'UTC', protect: true, name: 'net7-payouts' }, async () => {
    if (!leader.isLeader()) return;
    try {
      await runNet7(ctx);
    } catch (error) {
      ctx.logger.error({ err: error }, 'net-7 payout run failed');
    }
  });
  return { stop: () => job.stop() };
}
