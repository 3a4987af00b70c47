import type { LeadStatus } from '../../db/schema.js';

/**
 * Inbound status words → canonical statuses (SPEC "Canonical statuses", seeds 000, 001, 003).
 * Pure: no database, no context.
 */

/** Per-request lists from the postback (seed 001/003): each a comma-separated list of words. */
export interface StatusOverrides {
  /** approve */
  sta?: string;
  /** cancel */
  stc?: string;
  /** trash */
  stt?: string;
  /** hold */
  sth?: string;
  /** processing (waiting) */
  stw?: string;
  /** a new lead: creates one instead of changing a status */
  stn?: string;
}

export type OverrideName = keyof StatusOverrides;

/**
 * An advertiser's saved status words (network integration templates): word → canonical status, or
 * `new` for a word that announces a new lead (as `stn` does). Keys are stored normalised.
 */
export type StatusMap = Readonly<Record<string, LeadStatus | 'new'>>;

export const STATUS_MAP_VALUES = [
  'new',
  'processing',
  'hold',
  'approved',
  'cancelled',
  'wrong_number',
  'spam',
  'duplicate',
  'test',
  'chargedback',
] as const;

export interface RecognisedStatus {
  status: LeadStatus;
  /** The word names a new lead: it was in `stn`, or (no `stn` sent) it is "new". */
  newLead: boolean;
  /**
   * Which rule matched: an override list, the advertiser's saved map, an alias, a word stem, or
   * (no status sent at all) the endpoint's default.
   */
  via: OverrideName | 'saved' | 'alias' | 'stem' | 'default';
}

/** Checked in this order, so a word in two lists takes the first. */
const OVERRIDE_ORDER: readonly [OverrideName, LeadStatus][] = [
  ['stn', 'processing'],
  ['sta', 'approved'],
  ['stc', 'cancelled'],
  ['stt', 'wrong_number'],
  ['sth', 'hold'],
  ['stw', 'processing'],
];

/**
 * Words every network may send, by canonical status. The later additions (issue 16) and why:
 * - `call_later`, `no answer`: the call centre has not reached the buyer yet and will call again, so
 *   nothing is decided: processing (COD networks report these while the lead is being worked).
 * - `registration`: a sign-up, the first step of a deposit (FTD) deal: a lead, not money: processing.
 * - `shipped`: a COD order is shipped only after the call centre confirmed it: approved.
 * - `rebill`/`rebil`, `upsell`: a further paid sale on the same lead (Keitaro's "rebill (Upsell)"
 *   status, docs.keitaro.io/en/conversions/postback.html): approved.
 * - `ftd`, `deposit`: the paid action of a deposit deal: approved.
 * - `denied`: a synonym of declined: cancelled. `expired`: the lead ran out of time unconfirmed and
 *   is not paid: cancelled.
 * - `STATUS_CONFIRMED`, `STATUS_CANCELED`: any `STATUS_` prefix is dropped (normaliseStatusWord), so
 *   they are `confirmed` (approved) and `canceled` (cancelled).
 * Numbers (Affise's 1/2/3/5, M1-Shop's) mean different things per network, so none is built in: an
 * advertiser's saved status map or the request's lists name them.
 */
const ALIASES: Readonly<Record<LeadStatus, readonly string[]>> = {
  processing: [
    'new',
    'pending',
    'processing',
    'wait',
    'waiting',
    'lead',
    'trial',
    'expect',
    'inprogress',
    'call_later',
    'no_answer',
    'registration',
  ],
  approved: [
    'approve',
    'approved',
    'accept',
    'accepted',
    'confirm',
    'confirmed',
    'success',
    'sale',
    'rebill',
    'rebil',
    'upsell',
    'shipped',
    'ftd',
    'deposit',
    'paid',
    'ok',
  ],
  cancelled: [
    'cancel',
    'cancelled',
    'canceled',
    'reject',
    'rejected',
    'decline',
    'declined',
    'denied',
    'expired',
    'refuse',
    'refused',
  ],
  wrong_number: ['trash', 'wrong_number', 'wrongnumber', 'dno', 'did_not_order', 'invalid', 'fake'],
  hold: ['hold', 'onhold'],
  chargedback: ['chargeback', 'chargedback', 'refund', 'refunded'],
  spam: ['spam', 'fraud'],
  duplicate: ['duplicate', 'double', 'dup', 'dupe'],
  test: ['test'],
};

/** Longer words that start like a known one: "approved_by_cc", "rejected-duplicate", "pending review". */
const STEMS: readonly [string, LeadStatus][] = [
  ['approv', 'approved'],
  ['accept', 'approved'],
  ['confirm', 'approved'],
  ['cancel', 'cancelled'],
  ['reject', 'cancelled'],
  ['declin', 'cancelled'],
  ['refus', 'cancelled'],
  ['trash', 'wrong_number'],
  ['wrongnum', 'wrong_number'],
  ['onhold', 'hold'],
  ['hold', 'hold'],
  ['pending', 'processing'],
  ['waiting', 'processing'],
  ['chargeback', 'chargedback'],
  ['refund', 'chargedback'],
  ['duplicate', 'duplicate'],
];

/**
 * Case-insensitive, special characters ignored: "Wrong-Number!" and "wrong_number" are one word; a
 * `STATUS_` prefix is dropped ("STATUS_CONFIRMED" is "confirmed"), in saved maps and lists too.
 */
export function normaliseStatusWord(word: string): string {
  return word
    .normalize('NFKC')
    .replace(/^\s*status[\s_.:-]+(?=[\p{L}\p{N}])/iu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const BY_ALIAS: ReadonlyMap<string, LeadStatus> = new Map(
  (Object.entries(ALIASES) as [LeadStatus, readonly string[]][]).flatMap(([status, words]) =>
    words.map((w) => [normaliseStatusWord(w), status] as const),
  ),
);

/** A comma (or, as Scaleo writes them, semicolon) separated list of words, normalised. */
function listOf(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[,;]/)
    .map(normaliseStatusWord)
    .filter((w) => w !== '');
}

/** A status map as the API takes it, with its words normalised; empty words are dropped. */
export function normaliseStatusMap(
  map: Record<string, LeadStatus | 'new'>,
): Record<string, LeadStatus | 'new'> {
  const out: Record<string, LeadStatus | 'new'> = {};
  for (const [word, status] of Object.entries(map)) {
    const key = normaliseStatusWord(word);
    if (key !== '') out[key] = status;
  }
  return out;
}

/** Whether a word is in a comma list (Keitaro's `ignore_status`), compared as recognition compares. */
export function isListed(word: string, list: string | undefined): boolean {
  const normalised = normaliseStatusWord(word);
  return normalised !== '' && listOf(list).includes(normalised);
}

/**
 * The canonical status a word stands for, or undefined when nothing recognises it. Per-request
 * override lists win, then the advertiser's saved map; a word in neither falls back to the
 * aliases, then to word stems.
 */
export function recogniseStatus(
  word: string,
  overrides: StatusOverrides = {},
  saved: StatusMap = {},
): RecognisedStatus | undefined {
  const normalised = normaliseStatusWord(word);
  if (normalised === '') return undefined;
  const hasNewList = listOf(overrides.stn).length > 0 || Object.values(saved).includes('new');
  for (const [name, status] of OVERRIDE_ORDER) {
    if (listOf(overrides[name]).includes(normalised)) {
      return { status, newLead: name === 'stn', via: name };
    }
  }
  const mapped = Object.hasOwn(saved, normalised) ? saved[normalised] : undefined;
  if (mapped === 'new') return { status: 'processing', newLead: true, via: 'saved' };
  if (mapped) return { status: mapped, newLead: false, via: 'saved' };
  const alias = BY_ALIAS.get(normalised);
  if (alias) return { status: alias, newLead: !hasNewList && normalised === 'new', via: 'alias' };
  for (const [stem, status] of STEMS) {
    if (normalised.startsWith(stem)) return { status, newLead: false, via: 'stem' };
  }
  return undefined;
}
