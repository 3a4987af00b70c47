import { fillString } from '../../lib/template.js';

/** Sub values are cut to this many characters (documented in README). */
export const SUB_MAX_LENGTH = 255;

/** Drop control characters (CR/LF never reach a header) and cut to the documented limit. */
export function cleanParam(value: unknown, max = SUB_MAX_LENGTH): string | null {
  if (typeof value !== 'string') return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const cleaned = value.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, max);
  return cleaned === '' ? null : cleaned;
}

export interface MacroValues {
  click_id: string;
  offer_id: string;
  pub_id: string;
  flow: string;
  sub1: string;
  sub2: string;
  sub3: string;
  sub4: string;
  sub5: string;
  country: string;
  fbclid: string;
  gclid: string;
}

const CLICK_MACRO = /\{(click_id|click)\}/;

/**
 * Fill the operator's landing URL. Values are URL-encoded where they land, so a visitor's sub value
 * can never add a parameter, a line break or another host; the URL's own shape comes only from the
 * offer. With appendClickId, a URL without a click macro gets `click_id=` added.
 */
export function buildDestination(template: string, values: MacroValues, appendClickId: boolean): string {
  const hadClickMacro = CLICK_MACRO.test(template);
  const filled = fillString(template, { ...values, click: values.click_id }, encodeURIComponent);
  if (hadClickMacro || !appendClickId) return filled;
  const url = new URL(filled);
  url.searchParams.set('click_id', values.click_id);
  return url.toString();
}
