import { ValidationError } from '../../lib/errors.js';
import {
  assertCurrency,
  convertAmount,
  formatAmount,
  limitInMinorUnits,
  parseAmount,
} from '../../lib/money.js';
import type { GoalRow } from '../offers/queries.js';
import type { Payouts } from './commission.js';
import { RefusedError } from './errors.js';

/** A goal of the offer by its key or one of its aliases, case-insensitively; unknown → 422 bad-goal. */
export function resolveGoal(goals: readonly GoalRow[], word: string, offerId: number): GoalRow {
  const wanted = word.trim().toLowerCase();
  const goal = goals.find(
    (g) => g.key === wanted || (JSON.parse(g.aliases) as string[]).some((a) => a.toLowerCase() === wanted),
  );
  if (!goal) {
    const known = goals.map((g) => g.key).join(', ') || 'none';
    throw new RefusedError(
      422,
      'bad-goal',
      `goal "${word}" is not a goal of offer ${offerId} (goals: ${known})`,
      'goal',
    );
  }
  return goal;
}

export interface OverrideInput {
  advPayout?: string;
  pubPayout?: string;
  currency?: string;
}

/** Exchange rates in effect on a day: base units per one unit ("1" for the base), or undefined. */
export interface RatesOnDay {
  day: string;
  rateOf(currency: string): string | undefined;
}

function parsePayout(value: string, currency: string, field: string): number {
  try {
    return parseAmount(value, currency, field);
  } catch (error) {
    if (error instanceof ValidationError) throw new RefusedError(422, 'bad-payout', error.message, field);
    throw error;
  }
}

/**
 * An advertiser payout sent in another currency than the payouts', converted at today's rates
 * (issue 16: `payout=12.34&currency=EUR` is never booked as 12.34 USD). No rate: 422 naming it.
 */
function convertedPayout(value: string, from: string, to: string, rates: RatesOnDay | undefined): number {
  const sent = parsePayout(value, from, 'payout');
  const fromRate = rates?.rateOf(from);
  const toRate = rates?.rateOf(to);
  const missing = [fromRate ? null : from, toRate ? null : to].filter((c) => c !== null).join(' and ');
  if (!fromRate || !toRate) {
    throw new RefusedError(
      422,
      'bad-currency',
      `payout is in ${from} and the conversion in ${to}: no exchange rate for ${missing} is known on or before ${rates?.day ?? 'today'}; add it (Currencies, /api/admin/currency-rates), or send both pay and wm in ${from}`,
      'currency',
    );
  }
  return convertAmount(sent, { currency: from, rate: fromRate }, { currency: to, rate: toRate });
}

/**
 * Per-request payouts win over the goal's and offer's: `pay`/`price`/`payout` (or another advertiser
 * payout alias) sets the advertiser payout only, `wm` the publisher's only (seed 001). `currency`/`cc`
 * names their currency: with both amounts in another currency the conversion is booked in it; an
 * advertiser payout alone is converted into the payouts' currency with the rate book (`rates`).
 * Anything over MAX_PAYOUT is refused.
 */
export function applyPayoutOverrides(
  base: Payouts,
  input: OverrideInput,
  rules: { hasPublisher: boolean; maxPayout: string; rates?: RatesOnDay },
): Payouts {
  let currency = base.currency;
  if (input.currency !== undefined) {
    let requested: string;
    try {
      requested = assertCurrency(input.currency);
    } catch {
      throw new RefusedError(
        422,
        'bad-currency',
        `currency "${input.currency}" is not an ISO 4217 code`,
        'currency',
      );
    }
    const convertible = input.advPayout !== undefined && input.pubPayout === undefined;
    if (requested !== currency && convertible) {
      const advPayout = convertedPayout(input.advPayout as string, requested, currency, rules.rates);
      return checkedCeiling(
        { advPayout, pubPayout: rules.hasPublisher ? base.pubPayout : 0, currency },
        rules,
      );
    }
    if (requested !== currency) {
      const missing = input.advPayout === undefined || (rules.hasPublisher && input.pubPayout === undefined);
      if (missing) {
        throw new RefusedError(
          422,
          'bad-currency',
          `currency ${requested} differs from the payouts' ${currency}; send both pay and wm in ${requested} (no exchange rates)`,
          'currency',
        );
      }
      currency = requested;
    }
  }
  const advPayout =
    input.advPayout === undefined ? base.advPayout : parsePayout(input.advPayout, currency, 'payout');
  let pubPayout =
    input.pubPayout === undefined ? base.pubPayout : parsePayout(input.pubPayout, currency, 'wm');
  if (!rules.hasPublisher) pubPayout = 0;
  return checkedCeiling({ advPayout, pubPayout, currency }, rules);
}

function checkedCeiling(payouts: Payouts, rules: { maxPayout: string }): Payouts {
  const { advPayout, pubPayout, currency } = payouts;
  const ceiling = limitInMinorUnits(rules.maxPayout, currency);
  for (const [field, amount] of [
    ['payout', advPayout],
    ['wm', pubPayout],
  ] as const) {
    if (amount > ceiling) {
      throw new RefusedError(
        422,
        'bad-payout',
        `${field} ${formatAmount(amount, currency)} ${currency} is over the ceiling of ${formatAmount(ceiling, currency)} (MAX_PAYOUT)`,
        field,
      );
    }
  }
  return { advPayout, pubPayout, currency };
}

/**
 * A request's own amounts (`pay`/`wm`, or the gross a revenue-share goal takes its share of) may not
 * leave the publisher paid more than the advertiser pays for the same conversion, unless the offer
 * allows it (allow_pub_above_adv): else the network pays out what nobody pays in. Both payouts of a
 * conversion are in one currency (a currency change needs both amounts), so they compare directly.
 */
export function assertPublisherNotAbove(
  payouts: Payouts,
  offer: { id: number; allow_pub_above_adv: number },
  field: string,
): void {
  if (offer.allow_pub_above_adv === 1 || payouts.pubPayout <= payouts.advPayout) return;
  const { currency } = payouts;
  throw new RefusedError(
    422,
    'bad-payout',
    `publisher payout ${formatAmount(payouts.pubPayout, currency)} exceeds advertiser payout ${formatAmount(payouts.advPayout, currency)} (${currency}) of this conversion; offer ${offer.id} does not allow a publisher payout above the advertiser's (allow_pub_above_adv)`,
    field,
  );
}
