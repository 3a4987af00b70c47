import Bowser from 'bowser';
import type { AsnRecord } from '../../lib/asn-database.js';
import { asnOf } from './asn.js';
import { type IpNumber, ipNumber } from './ip-ranges.js';
import { type RegionName, type RegionRecord, regionOf, regionRecordOf } from './region.js';

/**
 * What the filters look at, gathered once per click. The user agent, Accept-Language and the ASN
 * lookup are read lazily: a flow whose streams never ask for them does not pay for them.
 */
export interface VisitorFacts {
  ip: string;
  country: string | null;
  userAgent: string;
  acceptLanguage: string | null;
  referer: string | null;
  /** Query parameters (first value each), with sub1…sub10 also filled from s1…s10. */
  params: Readonly<Record<string, string>>;
  /** The click's is_unique: no click from this address + agent on this offer in the last day. */
  unique: boolean;
  now: Date;
  /**
   * The address's autonomous system (asn.ts); null when unknown. Left out, it is looked up on first
   * use (Visitor.asn), so a flow whose streams never ask for it does not pay for the lookup.
   */
  asn?: AsnRecord | null;
  /** The address's region (subdivision) from the city database (region.ts); left out: looked up on first use. */
  region?: RegionName | null;
}

export interface UserAgentFacts {
  device: 'desktop' | 'mobile' | 'tablet' | 'tv' | 'bot' | 'unknown';
  os: string;
  browser: string;
  /** os and browser lower-cased once per agent (the filters compare without case). */
  osLower: string;
  browserLower: string;
}

export interface LanguagePreference {
  tag: string;
  q: number;
}

/** A parsed Accept-Language, with what the language filter compares, computed once per header. */
export interface Languages {
  list: LanguagePreference[];
  /** The first tag and each of its prefixes (`en-in`, `en`): a primary filter matches one of these. */
  primaryPrefixes: readonly string[];
  /** Every accepted tag and prefix: an `any` filter matches one of these. */
  allPrefixes: ReadonlySet<string>;
}

let clickCounter = 0;
function nextClickNumber(): number {
  clickCounter = clickCounter >= Number.MAX_SAFE_INTEGER ? 0 : clickCounter + 1;
  return clickCounter;
}

export class Visitor {
  private uaFacts?: UserAgentFacts;
  private languageFacts?: Languages;
  private refererHostValue?: string | null;
  private ipValue?: IpNumber;
  private asnValue?: AsnRecord | null;
  private ispValue?: string | null;
  private regionValue?: RegionRecord | null;
  /** Tells one click from the next: a filter repeated across streams answers once per click (filters.ts). */
  readonly clickNumber = nextClickNumber();
  constructor(readonly facts: VisitorFacts) {}

  get ipNumber(): IpNumber {
    if (this.ipValue === undefined) this.ipValue = ipNumber(this.facts.ip);
    return this.ipValue;
  }

  get ua(): UserAgentFacts {
    if (!this.uaFacts) this.uaFacts = parseUserAgent(this.facts.userAgent);
    return this.uaFacts;
  }

  get languages(): LanguagePreference[] {
    return this.languageSet.list;
  }

  get languageSet(): Languages {
    if (!this.languageFacts) this.languageFacts = languagesOf(this.facts.acceptLanguage);
    return this.languageFacts;
  }

  get asn(): AsnRecord | null {
    if (this.asnValue === undefined)
      this.asnValue = this.facts.asn === undefined ? asnOf(this.facts.ip) : this.facts.asn;
    return this.asnValue;
  }

  /** The AS organisation lower-cased once (the isp filter compares without case). */
  get ispLower(): string | null {
    if (this.ispValue === undefined) this.ispValue = this.asn?.organisation.toLowerCase() ?? null;
    return this.ispValue;
  }

  get region(): RegionRecord | null {
    if (this.regionValue === undefined)
      this.regionValue =
        this.facts.region === undefined
          ? regionOf(this.facts.ip)
          : this.facts.region && regionRecordOf(this.facts.region);
    return this.regionValue;
  }

  get refererHost(): string | null {
    if (this.refererHostValue === undefined) {
      try {
        this.refererHostValue = this.facts.referer
          ? new URL(this.facts.referer).hostname.toLowerCase()
          : null;
      } catch {
        this.refererHostValue = null;
      }
    }
    return this.refererHostValue;
  }
}

const DEVICE_TYPES = new Set(['desktop', 'mobile', 'tablet', 'tv', 'bot']);

/**
 * Parsing an agent costs about a hundred microseconds, and real traffic repeats a few thousand
 * agents: parsed agents are kept per process, at most UA_CACHE_MAX, the whole map dropped when full
 * (a miss only costs one parse). N processes each hold their own.
 */
const UA_CACHE_MAX = 5_000;
const parsedAgents = new Map<string, UserAgentFacts>();

/** bowser (MIT) names the browser, OS and platform type; a missing or unknown agent is `unknown`. */
export function parseUserAgent(userAgent: string): UserAgentFacts {
  let facts = parsedAgents.get(userAgent);
  if (!facts) {
    facts = parseAgent(userAgent);
    if (parsedAgents.size >= UA_CACHE_MAX) parsedAgents.clear();
    parsedAgents.set(userAgent, facts);
  }
  return facts;
}

function parseAgent(userAgent: string): UserAgentFacts {
  if (!userAgent)
    return {
      device: 'unknown',
      os: 'unknown',
      browser: 'unknown',
      osLower: 'unknown',
      browserLower: 'unknown',
    };
  const parsed = Bowser.parse(userAgent.slice(0, 1000));
  const type = parsed.platform.type ?? '';
  const os = parsed.os.name ?? 'unknown';
  const browser = parsed.browser.name ?? 'unknown';
  return {
    device: (DEVICE_TYPES.has(type) ? type : 'unknown') as UserAgentFacts['device'],
    os,
    browser,
    osLower: os.toLowerCase(),
    browserLower: browser.toLowerCase(),
  };
}

/** `en-in` → [`en-in`, `en`]. */
function prefixesOf(tag: string): string[] {
  const out = [tag];
  for (let i = tag.lastIndexOf('-'); i > 0; i = tag.lastIndexOf('-', i - 1)) out.push(tag.slice(0, i));
  return out;
}

/** Parsed headers per process, like the agents: real traffic repeats a few hundred Accept-Languages. */
const LANGUAGE_CACHE_MAX = 2_000;
const parsedLanguages = new Map<string, Languages>();
const NO_LANGUAGES: Languages = { list: [], primaryPrefixes: [], allPrefixes: new Set() };

export function languagesOf(header: string | null): Languages {
  if (!header) return NO_LANGUAGES;
  const key = header.slice(0, 1000);
  let found = parsedLanguages.get(key);
  if (!found) {
    const list = parseAcceptLanguage(key);
    found = {
      list,
      primaryPrefixes: list[0] ? prefixesOf(list[0].tag) : [],
      allPrefixes: new Set(list.flatMap((l) => prefixesOf(l.tag))),
    };
    if (parsedLanguages.size >= LANGUAGE_CACHE_MAX) parsedLanguages.clear();
    parsedLanguages.set(key, found);
  }
  return found;
}

const MAX_LANGUAGES = 20;

/**
 * Accept-Language (RFC 9110 §12.5.4): tags with optional q-values, most preferred first; q=0 means
 * "not acceptable" and is dropped; `*` is ignored. Ties keep the header's order.
 */
export function parseAcceptLanguage(header: string | null): LanguagePreference[] {
  if (!header) return [];
  const out: LanguagePreference[] = [];
  for (const part of header.slice(0, 1000).split(',').slice(0, MAX_LANGUAGES)) {
    const [rawTag, ...options] = part.trim().split(';');
    const tag = (rawTag ?? '').trim().toLowerCase();
    if (!/^[a-z]{1,8}(-[a-z0-9]{1,8})*$/.test(tag)) continue;
    let q = 1;
    for (const option of options) {
      const m = /^\s*q\s*=\s*([01](\.[0-9]{0,3})?)\s*$/i.exec(option);
      if (m) q = Math.min(1, Number(m[1]));
    }
    if (q > 0) out.push({ tag, q });
  }
  return out
    .map((l, i) => ({ ...l, i }))
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map(({ tag, q }) => ({ tag, q }));
}

const SUB_PARAMS = Array.from({ length: 10 }, (_, i) => `sub${i + 1}`);

/** The filters' view of a click: what record-click already knows, plus the lazily parsed headers. */
export function visitorOf(
  input: {
    ip: string;
    userAgent: string;
    referer?: string;
    acceptLanguage?: string;
    query: Record<string, unknown>;
  },
  known: { country: string | null; unique: boolean; now: Date; subs: readonly (string | null)[] },
): Visitor {
  // No prototype: a param filter named `constructor` or `toString` must not read Object.prototype.
  const params: Record<string, string> = Object.create(null);
  for (const key in input.query) {
    const value = input.query[key];
    if (typeof value === 'string') params[key] = value;
  }
  for (let i = 0; i < known.subs.length; i++) {
    const value = known.subs[i];
    if (value !== null && value !== undefined) params[SUB_PARAMS[i] as string] = value;
  }
  return new Visitor({
    ip: input.ip,
    country: known.country,
    userAgent: input.userAgent,
    acceptLanguage: input.acceptLanguage ?? null,
    referer: input.referer ?? null,
    params,
    unique: known.unique,
    now: known.now,
  });
}
