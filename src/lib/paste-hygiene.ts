import { domainToASCII } from 'node:url';
import { ValidationError } from './errors.js';
import { assertHttpUrl } from './urls.js';

/**
 * Paste hygiene for a URL a person saves (an advertiser endpoint, an offer landing page, a
 * postback). What people paste comes from HTML docs and chat windows, and arrives damaged in a
 * few known ways; each repair is told back as a notice, never done silently.
 */
export interface CleanedUrl {
  url: string;
  notices: string[];
}

export interface CleanOptions {
  field: string;
  /** The `{macro}` names this URL may use; a case variant of one (`{clickId}`) is mapped to it. */
  knownMacros: readonly string[];
}

/**
 * HTML's legacy entities that a browser decodes even without `;`: `&currency=` shown as text
 * becomes `¤cy=`, `&param1=` becomes `¶m1=`, `&region=` becomes `®ion=`. Only those whose name can
 * begin a query parameter name are listed (by code point, Latin-1).
 */
const LEGACY_ENTITIES: Record<string, string> = {
  '\u00a4': 'curren',
  '\u00b6': 'para',
  '\u00ae': 'reg',
  '\u00ac': 'not',
  '\u00d7': 'times',
  '\u00a7': 'sect',
  '\u00a9': 'copy',
  '\u00a2': 'cent',
  '\u00a3': 'pound',
  '\u00a5': 'yen',
  '\u00b0': 'deg',
  '\u00b5': 'micro',
  '\u00f7': 'divide',
  '\u00af': 'macr',
  '\u00b7': 'middot',
  '\u00a8': 'uml',
  '\u00aa': 'ordf',
  '\u00ba': 'ordm',
  '\u00b1': 'plusmn',
  '\u00ad': 'shy',
};

/** The character, percent-encoded (`%C2%A4`), or its UTF-8 read as Windows-1252 (`Â¤`). */
function entityForms(char: string): string[] {
  const cp = char.codePointAt(0) as number;
  const hex = (n: number) => n.toString(16).toUpperCase();
  // Latin-1 above U+00BF is C3 + (cp - 0x40) in UTF-8; its Windows-1252 reading differs, so skip it.
  if (cp >= 0xc0) return [`%C3%${hex(cp - 0x40)}`, char];
  return [`%C2%${hex(cp)}`, `\u00c2${char}`, char];
}

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const MANGLED = Object.entries(LEGACY_ENTITIES).map(([char, name]) => ({
  char,
  name,
  // Only where a parameter name begins: the mangled character followed by `name=`.
  pattern: new RegExp(`(?:${entityForms(char).map(escapeRe).join('|')})(?=[A-Za-z0-9_.\\-\\[\\]]*=)`, 'gi'),
}));

/**
 * Words and shapes from a template that nobody filled in, refused by name. Deliberately short:
 * example hosts (`example.com`, `*.test`) are real enough for tests and docs and are not refused.
 */
const PLACEHOLDER_PATTERNS: { pattern: RegExp }[] = [
  { pattern: /\{\s*\}/g },
  { pattern: /<[^<>\s][^<>]{0,60}>/g },
  { pattern: /%3C[^%]{1,60}%3E/gi },
  { pattern: /(?<![A-Za-z0-9])REPLACE(?:_?ME)?(?![A-Za-z0-9])/g },
  { pattern: /(?<![A-Za-z0-9])OPTIONAL(?![A-Za-z0-9])/g },
  {
    pattern:
      /(?<![A-Za-z0-9])your[-_]?(?:domain|tracker|token|key|site|host|api[-_]?key|secret|postback|url|id)(?![A-Za-z0-9])/gi,
  },
];

/** Upper-case words our own hints put in a host (`https://api-NETWORK.affise.com`, `https://TRACKER/`). */
const HOST_PLACEHOLDER = /(?<![A-Za-z0-9])(?:NETWORK|TRACKER|DOMAIN|HOST)(?![A-Za-z0-9])/g;

function hostOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
}

function repairEntities(url: string, notices: string[]): string {
  let text = url;
  for (const { name, pattern } of MANGLED) {
    const shown = new Set<string>();
    text = text.replace(pattern, (hit: string, offset: number, whole: string) => {
      const rest = /^[A-Za-z0-9_.\-[\]]*=/.exec(whole.slice(offset + hit.length))?.[0] ?? '';
      shown.add(`"${hit}${rest}" → "&${name}${rest}"`);
      return `&${name}`;
    });
    if (shown.size > 0) notices.push(`${[...shown].join(', ')} (HTML had turned "&${name}" into a symbol)`);
  }
  const amp = /&(?:amp;|#0*38;|#x0*26;)/gi;
  if (amp.test(text)) {
    let previous = '';
    while (previous !== text) {
      previous = text;
      text = text.replace(amp, '&');
    }
    notices.push('"&amp;" (HTML for "&") replaced by "&"');
  }
  return text;
}

function camelToSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

function mapMacroCase(url: string, known: readonly string[], notices: string[]): string {
  const knownSet = new Set(known);
  return url.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    if (knownSet.has(name)) return whole;
    const candidates = [camelToSnake(name), name.toLowerCase()];
    const match = candidates.find((c) => knownSet.has(c));
    if (!match) return whole;
    notices.push(`{${name}} was read as {${match}}`);
    return `{${match}}`;
  });
}

function punycodeHost(url: string, field: string, notices: string[]): string {
  const authority = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!authority) return url;
  const [, scheme, hostPart] = authority as unknown as [string, string, string];
  const at = hostPart.lastIndexOf('@');
  const userinfo = at === -1 ? '' : hostPart.slice(0, at + 1);
  const hostPort = hostPart.slice(at + 1);
  const portMatch = /:\d*$/.exec(hostPort);
  const host = portMatch ? hostPort.slice(0, portMatch.index) : hostPort;
  const port = portMatch ? portMatch[0] : '';
  if (!/[^\x20-\x7e]/.test(host)) return url;
  const ascii = domainToASCII(host);
  if (!ascii)
    throw new ValidationError(
      `${field}: the host "${host}" is not a valid domain name`,
      field,
      'domain_invalid',
    );
  notices.push(
    `the host "${host}" is saved as "${ascii}" (punycode); check it is the address you meant, a look-alike letter sends everything elsewhere`,
  );
  return `${scheme}${userinfo}${ascii}${port}${url.slice(authority[0].length)}`;
}

/**
 * Repair what pasting breaks, refuse what a template left unfilled. Throws a ValidationError on
 * `field` naming every leftover placeholder.
 */
export function cleanPastedUrl(value: string, options: CleanOptions): CleanedUrl {
  const { field } = options;
  const notices: string[] = [];
  let url = repairEntities(value.trim(), notices);
  url = punycodeHost(url, field, notices);
  url = mapMacroCase(url, options.knownMacros, notices);
  const leftovers = new Set<string>();
  for (const { pattern } of PLACEHOLDER_PATTERNS) for (const m of url.matchAll(pattern)) leftovers.add(m[0]);
  for (const m of hostOf(url).matchAll(HOST_PLACEHOLDER)) leftovers.add(m[0]);
  if (leftovers.size > 0) {
    const names = [...leftovers].map((l) => `"${l}"`).join(', ');
    throw new ValidationError(
      `${field} still holds template placeholder${leftovers.size > 1 ? 's' : ''} ${names}; put the real value (or one of our {macros}) in their place`,
      field,
      'template_placeholder',
    );
  }
  return { url, notices };
}

/**
 * A pasted http(s) URL as saved: cleaned, then checked (lib/urls.ts). What was repaired is added
 * to `notices`, each prefixed with the field, for the save answer.
 */
export function pastedHttpUrl(
  value: string,
  field: string,
  knownMacros: readonly string[],
  notices: string[],
): string {
  const cleaned = cleanPastedUrl(value, { field, knownMacros });
  const url = assertHttpUrl(cleaned.url, field);
  for (const notice of cleaned.notices) notices.push(`${field}: ${notice}`);
  return url;
}
