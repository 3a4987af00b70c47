import { currentLocale, tr } from '../i18n';

/**
 * Money in the UI. The API sends amounts as decimal strings ("10.00"); they are never turned into
 * floats. Formatting hands the string itself to Intl (exact decimal formatting), and the little
 * arithmetic the forms need (margin, comparison) runs on BigInt minor units.
 */

// The server stores at most 15 whole digits; anything it sends is formatted whatever its length.
const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d+))?$/;
const ANY_DECIMAL = /^-?\d+(\.\d+)?$/;
const digitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency: 2 for USD, 0 for JPY, 3 for KWD. */
export function currencyDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    // An unknown code: keep two digits so the amount still shows.
  }
  digitsCache.set(currency, digits);
  return digits;
}

export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  return Intl.supportedValuesOf('currency').includes(code);
}

/** "10.5" → "$10.50" in the given locale; something that is not an amount is shown as it came. */
export function formatMoney(amount: string, currency: string, locale?: string): string {
  if (!ANY_DECIMAL.test(amount.trim())) return `${amount} ${currency}`;
  try {
    const format = new Intl.NumberFormat(locale ?? currentLocale(), { style: 'currency', currency });
    return format.format(amount.trim() as Intl.StringNumericLiteral);
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * A decimal string that is not money (an exchange rate) in the app's language, exactly as sent:
 * `1.1` → `1,1` in Russian, every digit kept (Intl takes the string, no float), `1.085` stays three
 * decimals. Something that is not a decimal is shown as it came.
 */
export function formatDecimal(text: string, locale?: string): string {
  const trimmed = text.trim();
  if (!ANY_DECIMAL.test(trimmed)) return text;
  const digits = trimmed.split('.')[1]?.length ?? 0;
  return new Intl.NumberFormat(locale ?? currentLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(trimmed as Intl.StringNumericLiteral);
}

/** Why `text` is not an amount in `currency` (mirrors the server's rule), or undefined when it is. */
export function amountProblem(text: string, currency: string): string | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match || match[1]) return tr('common.amountCheck.like');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const digits = currencyDigits(currency);
  if (fraction.length > digits) {
    return digits === 0
      ? tr('common.amountCheck.noDecimals', { currency })
      : tr('common.amountCheck.atMost', { currency, digits });
  }
  return undefined;
}

/** "10.5" USD → 1050n. Throws on a string that is not an amount. */
export function toMinorUnits(amount: string, currency: string): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new Error(`not an amount: "${amount}"`);
  const digits = currencyDigits(currency);
  const fraction = (match[3] ?? '').padEnd(digits, '0');
  if (fraction.length > digits && /[1-9]/.test(fraction.slice(digits))) {
    throw new Error(`"${amount}" has more than ${digits} decimals for ${currency}`);
  }
  const minor = BigInt(match[2] + fraction.slice(0, digits));
  return match[1] ? -minor : minor;
}

/** 1050n USD → "10.50". */
export function fromMinorUnits(minor: bigint, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${text.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** a − b as a decimal string, e.g. the network's margin: advertiser payout − publisher payout. */
export function subtractAmounts(a: string, b: string, currency: string): string {
  return fromMinorUnits(toMinorUnits(a, currency) - toMinorUnits(b, currency), currency);
}

/** −1, 0 or 1, exactly, for two decimal strings (no currency needed). */
export function compareDecimals(a: string, b: string): number {
  const [wholeA = '0', fracA = ''] = a.trim().replace(/^-/, '').split('.');
  const [wholeB = '0', fracB = ''] = b.trim().replace(/^-/, '').split('.');
  const width = Math.max(fracA.length, fracB.length);
  const signA = a.trim().startsWith('-') ? -1n : 1n;
  const signB = b.trim().startsWith('-') ? -1n : 1n;
  const x = signA * BigInt(wholeA + fracA.padEnd(width, '0'));
  const y = signB * BigInt(wholeB + fracB.padEnd(width, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}
