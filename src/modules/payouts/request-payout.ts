import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import { lockKey } from '../../db/dialect.js';
import { ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { formatAmount, limitInMinorUnits } from '../../lib/money.js';
import { normaliseDestination, type PayoutMethod } from './destination.js';
import { InsufficientBalanceError, PublisherNotPayableError } from './errors.js';
import { payableOf } from './payable.js';
import { insertPayout, type PayoutRow, publisherStatus } from './queries.js';

export interface PayoutRequest {
  publisherId: number;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  method: PayoutMethod;
  destination: string;
  /** publisher (portal) or net7 (the weekly run). */
  source: 'publisher' | 'net7';
}

/** Serialises every payout change of one publisher (PostgreSQL advisory lock; SQLite has one writer). */
export function lockPublisherPayouts(tx: Tx, publisherId: number): Promise<void> {
  return lockKey(tx, `payouts:${publisherId}`);
}

/**
 * The smallest payout in a currency: the publisher's own minimum if an admin set one, else
 * PAYOUT_MINIMUM, read in that currency (no exchange rates).
 */
export function payoutMinimum(ctx: AppContext, currency: string, own?: string | null): number {
  return limitInMinorUnits(own ?? ctx.config.payoutMinimum, currency);
}

/**
 * Reserve an amount of a publisher's payable balance as a payout request. The balance is read and
 * the request written under the publisher's lock, so two requests at once can never together take
 * more than the balance.
 */
export async function requestPayoutIn(ctx: AppContext, tx: Tx, request: PayoutRequest): Promise<PayoutRow> {
  const destination = normaliseDestination(request.method, request.destination);
  if (request.amount <= 0)
    throw new ValidationError('amount must be more than 0', 'amount', 'amount_not_positive');
  await lockPublisherPayouts(tx, request.publisherId);
  const publisher = await publisherStatus(tx, request.publisherId);
  if (!publisher) throw new ValidationError('unknown publisher', 'publisher_id', 'publisher_missing');
  if (publisher.status !== 'approved') throw new PublisherNotPayableError(publisher.status);
  const minimum = payoutMinimum(ctx, request.currency, publisher.payout_minimum);
  if (request.amount < minimum) {
    throw new ValidationError(
      `the minimum payout is ${formatAmount(minimum, request.currency)} ${request.currency}`,
      'amount',
      'below_payout_minimum',
    );
  }
  const now = ctx.clock.now();
  const { payable, matured } = await payableOf(tx, request.publisherId, request.currency, now);
  if (matured < 0) {
    throw new InsufficientBalanceError(
      `the balance is ${formatAmount(matured, request.currency)} ${request.currency} after a clawback (a conversion reversed after it was paid): it is netted from your next approvals before anything is payable`,
    );
  }
  if (request.amount > payable) {
    throw new InsufficientBalanceError(
      `amount is more than the payable balance of ${formatAmount(Math.max(payable, 0), request.currency)} ${request.currency}`,
    );
  }
  const row: PayoutRow = {
    id: newId(now.getTime()),
    publisher_id: request.publisherId,
    amount: request.amount,
    currency: request.currency,
    method: request.method,
    destination,
    status: 'requested',
    source: request.source,
    reference: null,
    reason: null,
    ledger_event_id: null,
    decided_by: null,
    created_at: now.toISOString(),
    decided_at: null,
  };
  await insertPayout(tx, row);
  return row;
}

export function requestPayout(ctx: AppContext, request: PayoutRequest): Promise<PayoutRow> {
  return inTransaction(ctx.db, (tx) => requestPayoutIn(ctx, tx, request));
}
