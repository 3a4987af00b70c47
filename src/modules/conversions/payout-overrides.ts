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
 * The payouts as the advertiser sent them, when they came in another currency than the conversion's
 * and were converted; null amounts were not sent that way (or were sent in the conversion's currency).
 */
export interface SentPayouts {
  advPayout: number | null;
  pubPayout: number | null;
  currency: string | null;
}

export const NOTHING_SENT: SentPayouts = { advPayout: null, pubPayout: null, currency: null };

/** One amount sent in `from`, converted into `to` at the rates of the conversion's day. No rate: 422 naming it. */
function convertedAmount(
  sent: number,
  from: string,
  to: string,
  rates: RatesOnDay | undefined,
  field: 'payout' | 'wm',
): number {
  const fromRate = rates?.rateOf(from);
  const toRate = rates?.rateOf(to);
  if (!fromRate || !toRate) {
    const missing = [fromRate ? null : from, toRate ? null : to].filter((c) => c !== null).join(' and ');
    throw new RefusedError(
      422,
      'bad-currency',
      `${field} is in ${from} and the conversion in ${to}: no exchange rate for ${missing} is known on or before ${rates?.day ?? 'today'} (the conversion's day); add it (Settings → Currency rates, /api/admin/currency-rates)`,
      'currency',
    );
  }
  return convertAmount(sent, { currency: from, rate: fromRate }, { currency: to, rate: toRate });
}

function requestedCurrency(input: OverrideInput): string | undefined {
  if (input.currency === undefined) return undefined;
  try {
    return assertCurrency(input.currency);
  } catch {
    throw new RefusedError(
      422,
      'bad-currency',
      `currency "${input.currency}" is not an ISO 4217 code`,
      'currency',
    );
  }
}

/**
 * What the conversion keeps as sent after this request: an amount it sends replaces that amount's
 * record (null when sent in the conversion's own currency); one it leaves out keeps it, unless this
 * request converts from another currency (one sent currency a conversion).
 */
function mergeSent(
  previous: SentPayouts,
  input: OverrideInput,
  converted: { currency: string; advPayout?: number; pubPayout?: number } | null,
  hasPublisher: boolean,
): SentPayouts {
  const kept = (amount: number | null) =>
    converted && previous.currency !== converted.currency ? null : amount;
  const advPayout = input.advPayout === undefined ? kept(previous.advPayout) : (converted?.advPayout ?? null);
  const pubPayout = !hasPublisher
    ? null
    : input.pubPayout === undefined
      ? kept(previous.pubPayout)
      : (converted?.pubPayout ?? null);
  if (advPayout === null && pubPayout === null) return NOTHING_SENT;
  return { advPayout, pubPayout, currency: converted?.currency ?? previous.currency };
}

/**
 * Per-request payouts win over the goal's and offer's: `pay`/`price`/`payout` (or another advertiser
 * payout alias) sets the advertiser payout only, `wm` the publisher's only (seed 001). `currency`/`cc`
 * names their currency. A conversion is always booked in its own currency (the offer's): amounts sent
 * in another one are converted with the rate book at the conversion day's rates (`rates`), and kept
 * as sent (`sent`); no rate known is a 422 naming the currency and the day. Anything over MAX_PAYOUT
 * (once converted) is refused.
 */
export function applyPayoutOverrides(
  base: Payouts,
  input: OverrideInput,
  rules: { hasPublisher: boolean; maxPayout: string; rates?: RatesOnDay; previousSent?: SentPayouts },
): Payouts & { sent: SentPayouts } {
  const currency = base.currency;
  const requested = requestedCurrency(input) ?? currency;
  const foreign = requested !== currency;
  const sentAdv =
    input.advPayout === undefined ? undefined : parsePayout(input.advPayout, requested, 'payout');
  const sentPub = input.pubPayout === undefined ? undefined : parsePayout(input.pubPayout, requested, 'wm');
  const book = (amount: number | undefined, field: 'payout' | 'wm') =>
    amount === undefined || !foreign
      ? amount
      : convertedAmount(amount, requested, currency, rules.rates, field);
  const advPayout = book(sentAdv, 'payout') ?? base.advPayout;
  const pubPayout = rules.hasPublisher ? (book(sentPub, 'wm') ?? base.pubPayout) : 0;
  const converted =
    foreign && (sentAdv !== undefined || sentPub !== undefined)
      ? { currency: requested, advPayout: sentAdv, pubPayout: sentPub }
      : null;
  const sent = mergeSent(rules.previousSent ?? NOTHING_SENT, input, converted, rules.hasPublisher);
  return { ...checkedCeiling({ advPayout, pubPayout, currency }, rules), sent };
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
