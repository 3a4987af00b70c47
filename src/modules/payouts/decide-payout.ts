import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import { forUpdate } from '../../db/dialect.js';
import { NotFoundError } from '../../lib/errors.js';
import { formatAmount } from '../../lib/money.js';
import { postPayout } from '../ledger/payout-ledger.js';
import { InsufficientBalanceError, PayoutDecidedError } from './errors.js';
import { payableOf } from './payable.js';
import { type PayoutRow, settlePayout } from './queries.js';
import { lockPublisherPayouts } from './request-payout.js';

async function lockedPayout(tx: Tx, id: string) {
  const row = await forUpdate(
    tx,
    tx.selectFrom('payouts').selectAll().where('id', '=', id),
  ).executeTakeFirst();
  if (!row) throw new NotFoundError('payout');
  if (row.status !== 'requested') throw new PayoutDecidedError(row.status);
  await lockPublisherPayouts(tx, row.publisher_id);
  return row;
}

/**
 * Pay a request: its amount leaves the publisher's approved balance for `publisher_paid` as one
 * balanced ledger event. Refused when a reversal since the request left too little to cover it.
 */
export async function payPayout(
  ctx: AppContext,
  id: string,
  input: { reference: string; actor: string },
): Promise<PayoutRow> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await lockedPayout(tx, id);
    const now = ctx.clock.now();
    // The request is part of `requested`: what is left after it must not be negative.
    const { payable } = await payableOf(tx, row.publisher_id, row.currency, now);
    if (payable < 0) {
      throw new InsufficientBalanceError(
        `the publisher's payable balance no longer covers this payout (short by ${formatAmount(-payable, row.currency)} ${row.currency})`,
      );
    }
    const eventId = await postPayout(tx, {
      payoutId: row.id,
      publisherId: row.publisher_id,
      amount: row.amount,
      currency: row.currency,
      memo: `payout ${row.method} ${input.reference}`,
      now,
    });
    const decided = {
      status: 'paid' as const,
      reference: input.reference,
      ledger_event_id: eventId,
      decided_at: now.toISOString(),
      decided_by: input.actor,
    };
    await settlePayout(tx, row.id, decided);
    return { ...row, ...decided };
  });
}

/** Reject a request: its reservation ends; nothing was on the ledger, so nothing moves. */
export async function rejectPayout(
  ctx: AppContext,
  id: string,
  input: { reason: string; actor: string },
): Promise<PayoutRow> {
  return inTransaction(ctx.db, async (tx) => {
    const row = await lockedPayout(tx, id);
    const decided = {
      status: 'rejected' as const,
      reason: input.reason,
      decided_at: ctx.clock.now().toISOString(),
      decided_by: input.actor,
    };
    await settlePayout(tx, row.id, decided);
    return { ...row, ...decided };
  });
}
