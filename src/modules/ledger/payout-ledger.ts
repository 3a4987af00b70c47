import { sql } from 'kysely';
import { compiledStatement } from '../../db/compiled-query.js';
import type { DbOrTx, Tx } from '../../db/database.js';
import { writeDeferred } from '../../db/deferred-rows.js';
import { newId } from '../../lib/ids.js';
import { negateAmount, sumAmounts, toSafeNumber } from '../../lib/money.js';
import { insertEntries, unwrittenEntries } from './queries.js';

/**
 * Payouts on the ledger. Paying a publisher is one balanced event: their approved balance is
 * debited (it is no longer owed) and `publisher_paid` credited (the money that left the network).
 */
export async function postPayout(
  tx: Tx,
  payout: {
    payoutId: string;
    publisherId: number;
    amount: number;
    currency: string;
    memo: string;
    now: Date;
  },
): Promise<string> {
  const at = payout.now.getTime();
  const eventId = newId(at);
  const base = {
    created_at: payout.now.toISOString(),
    conversion_id: null,
    payout_id: payout.payoutId,
    event_id: eventId,
    party: payout.publisherId,
    currency: payout.currency,
    memo: payout.memo,
  };
  await insertEntries(tx, [
    { ...base, id: newId(at), account: 'publisher_approved', amount: payout.amount },
    { ...base, id: newId(at), account: 'publisher_paid', amount: negateAmount(payout.amount) },
  ]);
  return eventId;
}

export interface MaturedBalance {
  publisherId: number;
  currency: string;
  /** What the publisher may be paid: approved credits older than their offer's hold, less every debit. */
  amount: number;
}

/**
 * Approved publisher balances that have matured by `asOf`. An approval's credit counts once it is
 * older than its offer's hold_days; debits (reversals, payouts) count at once, so a chargeback after
 * maturity can never leave money payable that is no longer owed.
 */
export async function maturedApprovedBalances(
  db: DbOrTx,
  filter: { asOf: Date; publisherId?: number; currency?: string },
): Promise<MaturedBalance[]> {
  await writeDeferred(db, 'ledger_entries'); // a commit group's entries not written yet (db/deferred-rows.ts)
  const holds = await db.selectFrom('offers').select('hold_days').distinct().execute();
  const cutoffs = [...new Set([0, ...holds.map((h) => Number(h.hold_days))])].map((days) => ({
    days,
    cutoff: new Date(filter.asOf.getTime() - days * 86_400_000).toISOString(),
  }));
  let query = db
    .selectFrom('ledger_entries as le')
    .leftJoin('conversions as c', 'c.id', 'le.conversion_id')
    .leftJoin('offers as o', 'o.id', 'c.offer_id')
    .select(['le.party', 'le.currency', (eb) => eb.fn.sum<number | string>('le.amount').as('total')])
    .where('le.account', '=', 'publisher_approved')
    .where('le.party', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('le.amount', '>', 0),
        ...cutoffs.map(({ days, cutoff }) =>
          eb.and([
            eb(sql<number>`coalesce(${sql.ref('o.hold_days')}, 0)`, '=', days),
            eb('le.created_at', '<=', cutoff),
          ]),
        ),
      ]),
    )
    .groupBy(['le.party', 'le.currency']);
  if (filter.publisherId !== undefined) query = query.where('le.party', '=', filter.publisherId);
  if (filter.currency) query = query.where('le.currency', '=', filter.currency);
  const rows = await query.execute();
  return rows.map((r) => ({
    publisherId: Number(r.party),
    currency: r.currency,
    amount: negateAmount(toSafeNumber(r.total)),
  }));
}

const keptApprovedBalance = compiledStatement((db, p: { publisherId: number; currency: string }) =>
  db
    .selectFrom('publisher_approved_balances')
    .select('amount')
    .where('publisher_id', '=', p.publisherId)
    .where('currency', '=', p.currency),
);

/**
 * A publisher's approved balance in one currency as the network owes it (positive: owed to them;
 * negative: a clawback, money paid out that was reversed since). Read from the balance the database
 * keeps as entries are written (migration 0061: the sum of the written entries, one row), plus the
 * entries of this transaction not written yet.
 */
export async function approvedBalanceOf(db: DbOrTx, publisherId: number, currency: string): Promise<number> {
  const row = await keptApprovedBalance.takeFirst(db, { publisherId, currency });
  // With the entries of this transaction not written yet (a commit group's, db/deferred-rows.ts).
  const unwritten = unwrittenEntries(
    db,
    (e) => e.account === 'publisher_approved' && e.party === publisherId && e.currency === currency,
  );
  return negateAmount(sumAmounts([toSafeNumber(row?.amount ?? 0), ...unwritten.map((e) => e.amount)]));
}

/** Every publisher's approved balance below zero, per currency, as a positive amount to net. */
export async function negativeApprovedBalances(
  db: DbOrTx,
  filter: { publisherId?: number } = {},
): Promise<{ publisherId: number; currency: string; outstanding: number }[]> {
  await writeDeferred(db, 'ledger_entries'); // a commit group's entries not written yet (db/deferred-rows.ts)
  let query = db
    .selectFrom('ledger_entries')
    .select(['party', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .where('account', '=', 'publisher_approved')
    .where('party', 'is not', null)
    .groupBy(['party', 'currency'])
    .having((eb) => eb.fn.sum('amount'), '>', 0);
  if (filter.publisherId !== undefined) query = query.where('party', '=', filter.publisherId);
  const rows = await query.execute();
  return rows.map((r) => ({
    publisherId: Number(r.party),
    currency: r.currency,
    outstanding: toSafeNumber(r.total),
  }));
}
