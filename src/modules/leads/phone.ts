import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneCheck = { ok: true; e164: string | null } | { ok: false; reason: string };

// What people type into a phone field: digits, a leading + and separators; no letters.
const PHONE_CHARACTERS = /^\+?[0-9\s().\-/]+$/;
const MIN_DIGITS = 6;
const MAX_DIGITS = 17;

/**
 * Check a phone number as typed and give its E.164 form for duplicate checks (seed 000: same phone on
 * the same offer). `country` (ISO 3166-1) reads national numbers such as "098765 43210". A national
 * number whose country is unknown is accepted without an E.164 form: refusing it would lose a real
 * lead, and its duplicates are then found by email only.
 */
export function checkPhone(raw: string, country?: string | null): PhoneCheck {
  const text = raw.trim().replace(/^00(?=[1-9])/, '+');
  if (!PHONE_CHARACTERS.test(text)) return { ok: false, reason: 'may only hold digits, + and separators' };
  const digits = text.replace(/\D/g, '').length;
  if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
    return { ok: false, reason: `has ${digits} digits; a phone number has ${MIN_DIGITS} to ${MAX_DIGITS}` };
  }
  const region = country && isSupportedCountry(country) ? (country as CountryCode) : undefined;
  const international = text.startsWith('+');
  if (!international && !region) return { ok: true, e164: null };
  const parsed = parsePhoneNumberFromString(text, region);
  if (parsed?.isPossible()) return { ok: true, e164: parsed.number };
  return {
    ok: false,
    reason: international
      ? 'is not a possible international number'
      : `is not a possible phone number in ${region}`,
  };
}
