import type { LeadStatus } from '../../db/schema.js';
import { differenceOf, negateAmount } from '../../lib/money.js';

/**
 * The ledger's chart of accounts and what a conversion's state implies on it. Pure.
 *
 * Signs: positive is owed to the network (an advertiser receivable), negative is owed by the network
 * (a publisher's balance) or its income (margin). Every set sums to 0 per currency.
 * `hold` is confirmed but not yet paid: it lives on the pending accounts. `approved` is on the
 * receivable / approved balance / margin accounts. Every other status implies nothing, so moving
 * away from hold or approved (cancel, chargeback, refund, wrong number…) reverses what was posted.
 */
export const ACCOUNTS = [
  'advertiser_pending',
  'advertiser_receivable',
  'publisher_pending',
  'publisher_approved',
  'margin_pending',
  'network_margin',
  // Money paid out to a publisher (party: publisher, negative: cash that left the network).
  'publisher_paid',
] as const;
export type Account = (typeof ACCOUNTS)[number];

export interface Posting {
  account: Account;
  /** Advertiser id on advertiser accounts, publisher id on publisher accounts, null for the network. */
  party: number | null;
  amount: number;
  currency: string;
}

export interface ConversionMoney {
  status: LeadStatus;
  advPayout: number;
  pubPayout: number;
  currency: string;
  advertiserId: number;
  publisherId: number | null;
}

/** What the ledger must hold for a conversion in this state (zero lines left out). */
export function impliedPostings(c: ConversionMoney): Posting[] {
  const pending = c.status === 'hold';
  if (!pending && c.status !== 'approved') return [];
  const lines: Posting[] = [
    {
      account: pending ? 'advertiser_pending' : 'advertiser_receivable',
      party: c.advertiserId,
      amount: c.advPayout,
      currency: c.currency,
    },
    {
      account: pending ? 'publisher_pending' : 'publisher_approved',
      party: c.publisherId,
      amount: negateAmount(c.pubPayout),
      currency: c.currency,
    },
    {
      account: pending ? 'margin_pending' : 'network_margin',
      party: null,
      amount: negateAmount(differenceOf(c.advPayout, c.pubPayout)),
      currency: c.currency,
    },
  ];
  return lines.filter((l) => l.amount !== 0);
}

const keyOf = (p: Pick<Posting, 'account' | 'party' | 'currency'>) =>
  `${p.account}|${p.party ?? ''}|${p.currency}`;

/**
 * The entries that take a conversion from what is posted now to what its new state implies:
 * the posted position reversed in full, then the new postings. Empty when nothing differs.
 */
export function postingsToReach(
  posted: readonly Posting[],
  target: readonly Posting[],
): { reversal: Posting[]; posting: Posting[] } {
  const open = posted.filter((p) => p.amount !== 0);
  const same =
    open.length === target.length &&
    open.every((p) => target.some((t) => keyOf(t) === keyOf(p) && t.amount === p.amount));
  if (same) return { reversal: [], posting: [] };
  return {
    reversal: open.map((p) => ({ ...p, amount: negateAmount(p.amount) })),
    posting: [...target],
  };
}
