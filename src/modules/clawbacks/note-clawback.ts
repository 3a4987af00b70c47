import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import { differenceOf, formatAmount } from '../../lib/money.js';
import type { LeadStatusChange } from '../conversions/lead-status-change.js';
import { approvedBalanceOf } from '../ledger/payout-ledger.js';
import { lockPublisherPayouts } from '../payouts/request-payout.js';

export interface ClawbackConversion {
  id: string;
  publisher_id: number | null;
  advertiser_id: number;
  offer_id: number;
}

/** How much of a change's publisher payout leaves the approved balance (0 when none does). */
export function approvedReduction(change: Pick<LeadStatusChange, 'from' | 'to'>): number {
  const { from, to } = change;
  if (from.status !== 'approved') return 0;
  const still = to.status === 'approved' && to.currency === from.currency ? to.pubPayout : 0;
  return Math.max(differenceOf(from.pubPayout, still), 0);
}

/**
 * A reversal (cancel, chargeback, refund, a lower payout) of approved money is accepted whatever
 * was paid. When it takes the publisher's approved balance below zero, the money had already been
 * paid out: the part not covered is a clawback, recorded with its conversion (the ledger already
 * holds the negative balance, which the next payout nets) and the operator is notified in the same
 * transaction. Read under the publisher's payout lock, so a payout being paid at the same time is
 * counted either before or after, never half.
 */
export async function noteClawback(
  ctx: AppContext,
  tx: Tx,
  change: LeadStatusChange,
  conversion: ClawbackConversion,
): Promise<string | undefined> {
  const reduction = approvedReduction(change);
  if (reduction === 0 || conversion.publisher_id === null) return undefined;
  const publisherId = conversion.publisher_id;
  const currency = change.from.currency;
  await lockPublisherPayouts(tx, publisherId);
  const balance = await approvedBalanceOf(tx, publisherId, currency);
  if (balance >= 0) return undefined;
  const amount = Math.min(reduction, -balance);
  const id = newId(new Date(change.at).getTime());
  await tx
    .insertInto('clawbacks')
    .values({
      id,
      conversion_id: conversion.id,
      publisher_id: publisherId,
      advertiser_id: conversion.advertiser_id,
      offer_id: conversion.offer_id,
      currency,
      amount,
      from_status: change.from.status ?? 'new',
      to_status: change.to.status,
      source: change.source,
      created_at: change.at,
    })
    .execute();
  const publisher = await tx
    .selectFrom('publishers')
    .select('name')
    .where('id', '=', publisherId)
    .executeTakeFirst();
  const who = publisher ? `"${publisher.name}" (#${publisherId})` : `#${publisherId}`;
  const money = `${formatAmount(amount, currency)} ${currency}`;
  await tx
    .insertInto('admin_notifications')
    .values({
      id: newId(new Date(change.at).getTime()),
      rule_id: null,
      run_id: null,
      title: `Clawback of ${money} from publisher ${who}`,
      message:
        `Conversion ${conversion.id} went ${change.from.status} → ${change.to.status} (${change.source}) after ` +
        `its publisher was paid: their balance is now ${formatAmount(balance, currency)} ${currency}, ` +
        'netted from their next payout.',
      code: 'clawback',
      params: JSON.stringify({
        amount: formatAmount(amount, currency),
        currency,
        publisher: who,
        conversion: conversion.id,
        from: change.from.status ?? 'new',
        to: change.to.status,
        source: change.source,
        balance: formatAmount(balance, currency),
      }),
      details: JSON.stringify({
        kind: 'clawback',
        clawback_id: id,
        conversion_id: conversion.id,
        publisher_id: String(publisherId),
        advertiser_id: String(conversion.advertiser_id),
        amount: formatAmount(amount, currency),
        currency,
        balance: formatAmount(balance, currency),
      }),
      read_at: null,
      created_at: change.at,
    })
    .execute();
  ctx.logger.info({ clawback: id, conversion: conversion.id, publisher: publisherId }, 'clawback');
  return id;
}
