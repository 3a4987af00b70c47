import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { formatAmount } from '../../lib/money.js';
import { negativeApprovedBalances } from '../ledger/payout-ledger.js';

/** A clawback as the API shows it; `outstanding` is how much of it the balance still has to net. */
export interface ClawbackView {
  id: string;
  conversion_id: string;
  click_id: string | null;
  publisher_id: string;
  publisher_name: string | null;
  advertiser_id: string;
  offer_id: string;
  offer_name: string | null;
  currency: string;
  amount: string;
  outstanding: string;
  from_status: string;
  to_status: string;
  source: string;
  created_at: string;
}

export interface OutstandingClawbacks {
  publisher_id: string;
  publisher_name: string | null;
  currency: string;
  /** The publisher's approved balance below zero, as a positive amount: what the next payout nets. */
  outstanding: string;
  balance: string;
  clawbacks: ClawbackView[];
}

async function clawbackRows(db: DbOrTx, filter: { publisherId?: number }, limit: number) {
  let query = db
    .selectFrom('clawbacks as cb')
    .innerJoin('conversions as c', 'c.id', 'cb.conversion_id')
    .leftJoin('publishers as p', 'p.id', 'cb.publisher_id')
    .leftJoin('offers as o', 'o.id', 'cb.offer_id')
    .selectAll('cb')
    .select(['c.click_id', 'p.name as publisher_name', 'o.name as offer_name'])
    .orderBy('cb.created_at', 'desc')
    .orderBy('cb.id', 'desc')
    .limit(limit);
  if (filter.publisherId !== undefined) query = query.where('cb.publisher_id', '=', filter.publisherId);
  return query.execute();
}

/**
 * Publishers whose approved balance is below zero, per currency, with the clawbacks behind it. The
 * ledger says how much is outstanding; it is laid on the newest clawbacks first (older ones were
 * netted first), so each clawback shows what of it is still to net.
 */
export async function outstandingClawbacks(
  ctx: AppContext,
  filter: { publisherId?: number } = {},
): Promise<OutstandingClawbacks[]> {
  const negatives = await negativeApprovedBalances(ctx.db, filter);
  if (negatives.length === 0) return [];
  const rows = await clawbackRows(ctx.db, filter, 500);
  return negatives
    .sort((a, b) => a.publisherId - b.publisherId || a.currency.localeCompare(b.currency))
    .map((n) => {
      let left = n.outstanding;
      const own = rows.filter((r) => Number(r.publisher_id) === n.publisherId && r.currency === n.currency);
      const clawbacks = own.flatMap((r): ClawbackView[] => {
        if (left <= 0) return [];
        const part = Math.min(Number(r.amount), left);
        left -= part;
        return [present(r, part)];
      });
      return {
        publisher_id: String(n.publisherId),
        publisher_name: own[0]?.publisher_name ?? null,
        currency: n.currency,
        outstanding: formatAmount(n.outstanding, n.currency),
        balance: formatAmount(-n.outstanding, n.currency),
        clawbacks,
      };
    });
}

type ClawbackRow = Awaited<ReturnType<typeof clawbackRows>>[number];

function present(r: ClawbackRow, outstanding: number): ClawbackView {
  return {
    id: r.id,
    conversion_id: r.conversion_id,
    click_id: r.click_id,
    publisher_id: String(r.publisher_id),
    publisher_name: r.publisher_name,
    advertiser_id: String(r.advertiser_id),
    offer_id: String(r.offer_id),
    offer_name: r.offer_name,
    currency: r.currency,
    amount: formatAmount(Number(r.amount), r.currency),
    outstanding: formatAmount(outstanding, r.currency),
    from_status: r.from_status,
    to_status: r.to_status,
    source: r.source,
    created_at: r.created_at,
  };
}
