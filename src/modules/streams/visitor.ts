import Bowser from 'bowser';
import { asnOf } from './asn.js';
import { type IpNumber, ipNumber } from './ip-ranges.js';

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
  /** The address's autonomous system, when an ASN database is loaded (asn.ts); null otherwise. */
  asn: { number: number; organisation: string } | null;
}

export interface UserAgentFacts {
  device: 'desktop' | 'mobile' | 'tablet' | 'tv' | 'bot' | 'unknown';
  os: string;
  browser: string;
}

export interface LanguagePreference {
  tag: string;
  q: number;
}

export class Visitor {
  private uaFacts?: UserAgentFacts;
  private languageList?: LanguagePreference[];
  private refererUrl?: URL | null;
  private ipValue?: IpNumber;
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
    if (!this.languageList) this.languageList = parseAcceptLanguage(this.facts.acceptLanguage);
    return this.languageList;
  }

  get refererHost(): string | null {
    if (this.refererUrl === undefined) {
      try {
        this.refererUrl = this.facts.referer ? new URL(this.facts.referer) : null;
      } catch {
        this.refererUrl = null;
      }
    }
    return this.refererUrl ? this.refererUrl.hostname.toLowerCase() : null;
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
  if (!userAgent) return { device: 'unknown', os: 'unknown', browser: 'unknown' };
  const parsed = Bowser.parse(userAgent.slice(0, 1000));
  const type = parsed.platform.type ?? '';
  return {
    device: (DEVICE_TYPES.has(type) ? type : 'unknown') as UserAgentFacts['device'],
    os: parsed.os.name ?? 'unknown',
    browser: parsed.browser.name ?? 'unknown',
  };
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
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.query)) if (typeof value === 'string') params[key] = value;
  known.subs.forEach((value, i) => {
    if (value !== null) params[`sub${i + 1}`] = value;
  });
  return new Visitor({
    ip: input.ip,
    country: known.country,
    userAgent: input.userAgent,
    acceptLanguage: input.acceptLanguage ?? null,
    referer: input.referer ?? null,
    params,
    unique: known.unique,
    now: known.now,
    asn: asnOf(input.ip),
  });
}
