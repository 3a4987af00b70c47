import { SUB_KEYS } from '../../lib/sub-keys.js';

/** Sub values are cut to this many characters (documented in docs/tracking.md "Click tracking"). */
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
  sub6: string;
  sub7: string;
  sub8: string;
  sub9: string;
  sub10: string;
  country: string;
  fbclid: string;
  gclid: string;
}

/** The macros a landing URL may use (`{click}` is `{click_id}`); paste hygiene maps their case variants. */
export const LANDING_MACROS: readonly (keyof MacroValues | 'click')[] = [
  'click_id',
  'click',
  'offer_id',
  'pub_id',
  'flow',
  ...SUB_KEYS,
  'country',
  'fbclid',
  'gclid',
];

const CLICK_MACRO = /\{(click_id|click)\}/;

/** The parameter a click id is appended under when the advertiser names none. */
export const DEFAULT_CLICK_PARAM = 'click_id';

/**
 * Set `name=value` in a URL's query without re-serialising the rest (URLSearchParams would turn an
 * encoded space into `+` and reorder nothing but still rewrite every value): an existing `name` is
 * replaced in place, otherwise the pair goes after `?` or `&`, before any `#fragment`.
 */
export function setQueryParam(url: string, name: string, value: string): string {
  const hash = url.indexOf('#');
  const fragment = hash === -1 ? '' : url.slice(hash);
  const withoutFragment = hash === -1 ? url : url.slice(0, hash);
  const mark = withoutFragment.indexOf('?');
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  if (mark === -1) return `${withoutFragment}?${pair}${fragment}`;
  const base = withoutFragment.slice(0, mark);
  const parts = withoutFragment
    .slice(mark + 1)
    .split('&')
    .filter((part) => part !== '');
  const encodedName = encodeURIComponent(name);
  let replaced = false;
  const next = parts.map((part) => {
    const key = part.split('=', 1)[0] as string;
    if (key !== encodedName && safeDecode(key) !== name) return part;
    if (replaced) return undefined;
    replaced = true;
    return pair;
  });
  if (!replaced) next.push(pair);
  return `${base}?${next.filter((p) => p !== undefined).join('&')}${fragment}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Fill the operator's landing URL. Values are URL-encoded where they land, so a visitor's sub value
 * can never add a parameter, a line break or another host; the URL's own shape comes only from the
 * offer. With appendAs (seed 003 "Automatically add click ID to link"), a URL without a {click} or
 * {click_id} macro gets `appendAs=<click id>` added (or set, when the parameter is already there).
 */
export function buildDestination(template: string, values: MacroValues, appendAs: string | null): string {
  const plan = landingPlan(template, appendAs);
  const { texts, keys } = plan;
  let filled = texts[0] as string;
  for (let i = 0; i < keys.length; i++)
    filled += encodeURIComponent(values[keys[i] as keyof MacroValues]) + (texts[i + 1] as string);
  switch (plan.append) {
    case 'none':
      return filled;
    case 'suffix':
      return filled + plan.suffix + encodeURIComponent(values.click_id);
    default:
      return setQueryParam(filled, appendAs as string, values.click_id);
  }
}

/**
 * A landing template taken apart once (it is the offer's, the same for every click): the literal
 * text between its known macros, and how the click id is added. Values are URL-encoded, so a filled
 * value holds no `?`, `&`, `=` or `#`: where the URL's query and fragment are is the template's own
 * text, and appending is plain concatenation unless the template's query already has the parameter,
 * has an empty or macro-named part (setQueryParam rewrites those), or a fragment.
 */
interface LandingPlan {
  texts: string[];
  keys: (keyof MacroValues)[];
  append: 'none' | 'suffix' | 'rewrite';
  /** '?name=' or '&name=' ('suffix'). */
  suffix: string;
}

const MACRO_NAMES: ReadonlySet<string> = new Set(LANDING_MACROS);
const TEMPLATE_MACRO = /\{([a-zA-Z0-9_]+)\}/g;
const plans = new Map<string, LandingPlan>();
const MAX_PLANS = 2000;

function landingPlan(template: string, appendAs: string | null): LandingPlan {
  const key = appendAs === null ? template : `${appendAs}\n${template}`;
  const known = plans.get(key);
  if (known) return known;
  const texts: string[] = [];
  const keys: (keyof MacroValues)[] = [];
  let last = 0;
  for (const match of template.matchAll(TEMPLATE_MACRO)) {
    const name = match[1] as string;
    // Only the landing macros: any other `{word}` stays as written (a plain object lookup also
    // took `{constructor}`).
    if (!MACRO_NAMES.has(name)) continue;
    texts.push(template.slice(last, match.index));
    keys.push(name === 'click' ? 'click_id' : (name as keyof MacroValues));
    last = (match.index as number) + match[0].length;
  }
  texts.push(template.slice(last));
  let append: LandingPlan['append'] = 'none';
  let suffix = '';
  if (appendAs !== null && !CLICK_MACRO.test(template)) {
    append = 'rewrite';
    const name = encodeURIComponent(appendAs);
    const mark = template.indexOf('?');
    if (!template.includes('#')) {
      if (mark === -1) {
        append = 'suffix';
        suffix = `?${name}=`;
      } else {
        const parts = template.slice(mark + 1).split('&');
        const plain = parts.every((part) => {
          const partKey = part.split('=', 1)[0] as string;
          return (
            part !== '' && !partKey.includes('{') && partKey !== name && safeDecode(partKey) !== appendAs
          );
        });
        if (plain) {
          append = 'suffix';
          suffix = `&${name}=`;
        }
      }
    }
  }
  const plan = { texts, keys, append, suffix };
  if (plans.size >= MAX_PLANS) plans.clear();
  plans.set(key, plan);
  return plan;
}
