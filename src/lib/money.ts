import { ValidationError } from './errors.js';

/**
 * The only place amounts are parsed, added, converted or formatted.
 * Amounts are integer minor units (cents) of an ISO 4217 currency; decimal strings at the edges.
 */

const SUPPORTED: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
const exponentCache = new Map<string, number>();

export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && SUPPORTED.has(code);
}

/** Number of minor-unit digits of a currency: 2 for USD, 0 for JPY, 3 for KWD. */
export function currencyExponent(currency: string): number {
  const cached = exponentCache.get(currency);
  if (cached !== undefined) return cached;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  const exponent = digits ?? 2;
  exponentCache.set(currency, exponent);
  return exponent;
}

export function assertCurrency(code: string, field = 'currency'): string {
  const upper = code.trim().toUpperCase();
  if (!isCurrency(upper))
    throw new ValidationError(`${field} must be an ISO 4217 currency code`, field, 'currency_invalid');
  return upper;
}

const DECIMAL = /^(\d{1,15})(?:\.(\d+))?$/;

/** Parse a non-negative decimal string ("10.5", "10.50") into minor units. */
export function parseAmount(value: string | number, currency: string, field = 'amount'): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new ValidationError(
      `${field} must be a non-negative decimal amount like "10.00"`,
      field,
      'amount_invalid',
    );
  }
  const exponent = currencyExponent(currency);
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) {
    throw new ValidationError(
      `${field} has more than ${exponent} decimals for ${currency}`,
      field,
      'amount_decimals',
    );
  }
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor))
    throw new ValidationError(`${field} is too large`, field, 'amount_too_large');
  return minor;
}

/** Format minor units as a decimal string with the currency's digits: 1050 USD → "10.50". */
export function formatAmount(minor: number | bigint | string, currency: string): string {
  const value = BigInt(minor);
  const exponent = currencyExponent(currency);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Sum minor-unit amounts exactly; database sums may come back as strings or bigints. */
export function sumAmounts(values: Iterable<number | bigint | string | null | undefined>): number {
  let total = 0n;
  for (const v of values) if (v !== null && v !== undefined) total += BigInt(v);
  return toSafeNumber(total);
}

export function toSafeNumber(value: number | bigint | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(BigInt(value));
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount out of range: ${value}`);
  return n;
}

/** a − b in minor units (a margin: advertiser payout less publisher payout). */
export function differenceOf(a: number, b: number): number {
  return toSafeNumber(BigInt(a) - BigInt(b));
}

/** The opposite amount, for reversing a ledger entry. */
export function negateAmount(minor: number): number {
  return minor === 0 ? 0 : -minor;
}

/** amount × numerator ÷ denominator, rounded half up (a payout scaled by a ratio of two payouts). */
export function proportionOf(minor: number, numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('proportionOf: denominator must be positive');
  const product = BigInt(minor) * BigInt(numerator);
  const d = BigInt(denominator);
  return toSafeNumber((product * 2n + d) / (2n * d));
}

/**
 * A configured decimal limit ("10000.00") in minor units of a currency, cut to its digits: 10000.00
 * is 10000 JPY and 10000.000 KWD. For limits, not for amounts received (those use parseAmount).
 */
export function limitInMinorUnits(value: string, currency: string): number {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new RangeError(`not a decimal limit: ${value}`);
  const exponent = currencyExponent(currency);
  const fraction = (match[2] ?? '').slice(0, exponent).padEnd(exponent, '0');
  return toSafeNumber(BigInt((match[1] ?? '0') + fraction));
}

/** Percentage share of an amount in basis points (1% = 100), rounded half up. */
export function shareOf(minor: number, basisPoints: number): number {
  const product = BigInt(minor) * BigInt(basisPoints);
  return toSafeNumber((product * 2n + 10000n) / 20000n);
}

/** "12.5" (percent) → 1250 basis points. */
export function parsePercent(value: string | number, field = 'percent'): number {
  const text = String(value).trim();
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match)
    throw new ValidationError(`${field} must be a percentage like "30" or "12.5"`, field, 'percent_invalid');
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (bps > 10000) throw new ValidationError(`${field} must be at most 100`, field, 'percent_too_large');
  return bps;
}

export function formatPercent(basisPoints: number): string {
  return formatAmount(basisPoints, 'USD');
}

/** An amount per unit (EPC: payout per click), rounded half up; 0 when there are no units. */
export function perUnit(minor: number, units: number): number {
  if (units <= 0) return 0;
  return toSafeNumber((BigInt(minor) * 2n + BigInt(units)) / (2n * BigInt(units)));
}

/**
 * Exchange rates are exact decimal strings: how many units of the base currency one unit of a
 * currency is worth ("1.0850" EUR against a USD base). Up to 12 whole digits and 10 decimals.
 */
const RATE = /^(\d{1,12})(?:\.(\d{1,10}))?$/;

/** Validate and normalise a rate ("01.0850" → "1.085"); a rate must be positive. */
export function parseRate(value: string | number, field = 'rate'): string {
  const text = String(value).trim();
  const match = RATE.exec(text);
  if (!match)
    throw new ValidationError(`${field} must be a positive decimal like "1.0850"`, field, 'rate_invalid');
  const whole = (match[1] ?? '0').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (/^0*$/.test(whole + fraction))
    throw new ValidationError(`${field} must be greater than 0`, field, 'rate_not_positive');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A rate as an exact fraction: "1.085" → 1085 / 1000. */
function rateFraction(rate: string): { num: bigint; den: bigint } {
  const [whole = '0', fraction = ''] = rate.split('.');
  return { num: BigInt(whole + fraction), den: 10n ** BigInt(fraction.length) };
}

/** n ÷ d rounded half away from zero (d > 0), so a reversal converts to the exact opposite. */
function divideRounded(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/**
 * Convert minor units of `from` into minor units of `to` through the base currency:
 * amount × fromRate ÷ toRate (each rate: base units per one unit; the base itself is "1"),
 * scaled between the currencies' minor units and rounded once, half away from zero.
 */
export function convertAmount(
  minor: number,
  from: { currency: string; rate: string },
  to: { currency: string; rate: string },
): number {
  if (from.currency === to.currency) return minor;
  const a = rateFraction(from.rate);
  const b = rateFraction(to.rate);
  const fromScale = 10n ** BigInt(currencyExponent(from.currency));
  const toScale = 10n ** BigInt(currencyExponent(to.currency));
  const numerator = BigInt(minor) * a.num * b.den * toScale;
  const denominator = a.den * b.num * fromScale;
  return toSafeNumber(divideRounded(numerator, denominator));
}
