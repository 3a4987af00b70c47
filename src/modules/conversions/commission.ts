import { proportionOf, shareOf } from '../../lib/money.js';

/**
 * What a conversion pays, before any per-postback override (`pay`/`price`/`payout`, `wm`).
 * Pure: amounts are integer minor units.
 */

export interface Payouts {
  advPayout: number;
  pubPayout: number;
  currency: string;
}

export interface CommissionInput {
  offer: { advPayout: number; pubPayout: number; currency: string };
  /** The conversion's goal; its payouts replace the offer's. */
  goal?: { advPayout: number; pubPayout: number; revshareBps: number | null } | null;
  /** The publisher's custom payout on this offer (publisher_offers), in the offer's currency. */
  customPubPayout?: number | null;
  /** A payment reported through the ingest API: revenue-share goals take their percentage of it. */
  gross?: { amount: number; currency: string } | null;
  /** A lead with no publisher (imported, say) pays nobody. */
  hasPublisher: boolean;
}

/**
 * - a revenue-share goal with a gross amount: the advertiser pays the goal's percentage of it, and
 *   the publisher gets the same part of that as the goal's fixed payouts give (publisher ÷ advertiser;
 *   all of it when the goal's advertiser payout is 0); in the payment's currency;
 * - any other goal: its fixed payouts;
 * - no goal: the offer's payouts, the publisher's custom payout replacing the offer's.
 */
export function commissionFor(input: CommissionInput): Payouts {
  const { offer, goal, gross } = input;
  let payouts: Payouts;
  if (goal && goal.revshareBps !== null && gross) {
    const advPayout = shareOf(gross.amount, goal.revshareBps);
    const pubPayout =
      goal.advPayout > 0 ? proportionOf(advPayout, goal.pubPayout, goal.advPayout) : advPayout;
    payouts = { advPayout, pubPayout, currency: gross.currency };
  } else if (goal) {
    payouts = { advPayout: goal.advPayout, pubPayout: goal.pubPayout, currency: offer.currency };
  } else {
    payouts = {
      advPayout: offer.advPayout,
      pubPayout: input.customPubPayout ?? offer.pubPayout,
      currency: offer.currency,
    };
  }
  return input.hasPublisher ? payouts : { ...payouts, pubPayout: 0 };
}
