import { ValidationError } from '../../lib/errors.js';
import { SUB_KEYS } from '../../lib/sub-keys.js';
import { fillString, placeholdersIn } from '../../lib/template.js';

/** Macros of seed 000 ("Publisher S2S Postback") and seed 004 (Keitaro and compatibles). */
export const POSTBACK_MACROS = [
  'click_id',
  'clickid',
  'subid',
  'status',
  'event',
  'payout',
  'currency',
  'offer_id',
  'publisher_id',
  'goal',
  'txid',
  ...SUB_KEYS,
] as const;
export type PostbackMacro = (typeof POSTBACK_MACROS)[number];
export type MacroValues = Record<PostbackMacro, string>;

const KNOWN: ReadonlySet<string> = new Set(POSTBACK_MACROS);

export function assertKnownMacros(url: string, field = 'url'): void {
  const unknown = placeholdersIn(url).filter((m) => !KNOWN.has(m));
  if (unknown.length > 0) {
    throw new ValidationError(
      `${field} uses unknown macro${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `{${m}}`).join(', ')}; known: ${POSTBACK_MACROS.map((m) => `{${m}}`).join(' ')}`,
      field,
      'unknown_macro',
    );
  }
}

/** Fill a postback URL; every value is URL-encoded where it lands. */
export function fillPostbackUrl(url: string, values: MacroValues): string {
  return fillString(url, values, encodeURIComponent);
}
