import type { DbOrTx } from '../../db/database.js';
import { differenceOf } from '../../lib/money.js';
import { maturedApprovedBalances } from '../ledger/payout-ledger.js';
import { reservedAmounts } from './queries.js';

export interface PayableBalance {
  publisherId: number;
  currency: string;
  /** Approved money past its offer's hold, from the ledger (paid-out amounts already taken off). */
  matured: number;
  /** Held by requests not yet paid. */
  requested: number;
  /** matured − requested: what a new request may take. */
  payable: number;
}

/** What publishers may request, per currency, counting approvals that matured by `asOf`. */
export async function payableBalances(
  db: DbOrTx,
  filter: { asOf: Date; publisherId?: number; currency?: string },
): Promise<PayableBalance[]> {
  const [matured, reserved] = await Promise.all([
    maturedApprovedBalances(db, filter),
    reservedAmounts(db, filter),
  ]);
  const byKey = new Map<string, PayableBalance>();
  const entry = (publisherId: number, currency: string) => {
    const key = `${publisherId}|${currency}`;
    let found = byKey.get(key);
    if (!found) {
      found = { publisherId, currency, matured: 0, requested: 0, payable: 0 };
      byKey.set(key, found);
    }
    return found;
  };
  for (const m of matured) entry(m.publisherId, m.currency).matured = m.amount;
  for (const r of reserved) entry(r.publisherId, r.currency).requested = r.amount;
  for (const b of byKey.values()) b.payable = differenceOf(b.matured, b.requested);
  return [...byKey.values()].sort(
    (a, b) => a.publisherId - b.publisherId || a.currency.localeCompare(b.currency),
  );
}

export async function payableOf(db: DbOrTx, publisherId: number, currency: string, asOf: Date) {
  const [found] = await payableBalances(db, { asOf, publisherId, currency });
  return found ?? { publisherId, currency, matured: 0, requested: 0, payable: 0 };
}
