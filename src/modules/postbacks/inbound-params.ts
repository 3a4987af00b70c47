import type { CodedText } from '../../http/schemas.js';
import type { StatusOverrides } from '../conversions/recognise-status.js';
import { type InboundProfile, marksReversal } from './inbound-profile.js';
import type { RawParams } from './params.js';

/**
 * The parameter names both postback dialects read the same way (issue 16): where networks put our
 * click id, the money, its currency and the status. Pure: no database, no context.
 */

/**
 * Our click id, in the order tried. All that are present are candidates: the first that is a known
 * click is used (Keitaro-fed networks send `subid` and `tid`, AdCombo's `tid` is its order id).
 * click_id, clickid, click, subid, cid: ours and the common names; sub_id: Alfaleads and many
 * Keitaro-fed networks; data: KMA (`data={data1}`); c: Leadbit → MGID; mySubID: Affise-like panels;
 * tid: Everflow partner postbacks; aff_click_id; tracking_uuid: Dr.Cash.
 */
export const CLICK_ID_PARAMS = [
  'click_id',
  'clickid',
  'click',
  'subid',
  'sub_id',
  'cid',
  'data',
  'c',
  'mySubID',
  'tid',
  'aff_click_id',
  'tracking_uuid',
] as const;

/**
 * Everflow's click, and HasOffers'; but Dr.Cash puts its own order id there next to our click in
 * `tracking_uuid`, so it is a click id only when no other candidate was sent.
 */
export const LAST_RESORT_CLICK_PARAM = 'transaction_id';

/** The network's own lead id (TrafficManager's `lead=`): finds the lead pushed to it or reported with it. */
export const NETWORK_LEAD_PARAM = 'lead';

/**
 * The advertiser payout: what the advertiser pays the network for the conversion. Every one of
 * these names means that (Affise `sum`, Everflow `amount`, Keitaro `revenue`/`payout`, seed 001
 * `pay`/`price`, others `profit`, `rate`); the first present is used, another with a different value
 * is a warning. The publisher payout is only ever `wm`.
 */
export const ADV_PAYOUT_PARAMS = [
  'payout',
  'pay',
  'price',
  'sum',
  'amount',
  'revenue',
  'profit',
  'rate',
] as const;
export const PUB_PAYOUT_PARAM = 'wm';
export const CURRENCY_PARAMS = ['currency', 'cc', 'cur'] as const;
/** The network's transaction id, when the profile names none: read and answered, never a click. */
export const TXID_PARAMS = ['txid', 'tx_id'] as const;

/** The status word, in the order tried: ours, Scaleo's `conv_status`, `state`. */
export const STATUS_PARAMS = ['status', 'conv_status', 'state'] as const;

/**
 * Per-request status lists (each a comma or semicolon list of the network's words), folded into the
 * override lists recognition reads: AlterCPA's sta…stn as they are; Keitaro's sale_status (sale →
 * approved), lead_status (lead → processing), rejected_status (→ cancelled); Scaleo's
 * approved_status, pending_status, rejected_status, trash_status (→ wrong_number).
 */
const LIST_PARAMS: Readonly<Record<keyof StatusOverrides, readonly string[]>> = {
  sta: ['sta', 'sale_status', 'approved_status'],
  stc: ['stc', 'rejected_status'],
  stt: ['stt', 'trash_status'],
  sth: ['sth'],
  stw: ['stw', 'lead_status', 'pending_status'],
  stn: ['stn'],
};
/** Keitaro's list of status words to ignore: such a postback is answered and logged, and changes nothing. */
export const IGNORE_LIST_PARAM = 'ignore_status';
/** Keitaro's lead_status is a list; a network that sends its status in it (and no other) sends a word. */
const LEAD_STATUS_PARAM = 'lead_status';

/** Every name this reader may consume: the dialects' schemas document them. */
const LIST_ENTRIES = Object.entries(LIST_PARAMS) as [keyof StatusOverrides, readonly string[]][];
/** Lists other than `status` whose presence keeps a `lead_status` word from being read as the status. */
const OTHER_LISTS = ['sale_status', 'rejected_status', IGNORE_LIST_PARAM] as const;
export const STATUS_LIST_PARAMS = [...new Set(Object.values(LIST_PARAMS).flat()), IGNORE_LIST_PARAM];

export interface ClickCandidate {
  param: string;
  value: string;
}

export interface CommonPostback {
  clickIds: ClickCandidate[];
  networkLeadId?: string;
  statusWord?: string;
  statusParam?: string;
  overrides: StatusOverrides;
  ignoreWords?: string;
  advPayout?: string;
  pubPayout?: string;
  currency?: string;
  txid?: string;
  /** Only from the profile's goal_param here; the track dialect reads its own `goal` after. */
  goal?: string;
  /** The profile's reversal shape matched: a negative payout, or its reversal parameter set. */
  reversal: boolean;
  /** Parameter names read (used) here. */
  used: Set<string>;
}

function present(params: RawParams, name: string): string | undefined {
  const value = params[name]?.trim();
  return value ? value : undefined;
}

/**
 * The first present of these names, marked used, with the name it came from; another of the names
 * sent with the same value says the same thing and counts as used too (a different value does not).
 */
function take(params: RawParams, names: readonly string[], used: Set<string>) {
  let found: { name: string; value: string } | undefined;
  for (const name of names) {
    const value = present(params, name);
    if (value === undefined) continue;
    if (!found) found = { name, value };
    if (value.toLowerCase() === found.value.toLowerCase()) used.add(name);
  }
  return found;
}

function joined(params: RawParams, names: readonly string[], used: Set<string>): string | undefined {
  const values: string[] = [];
  for (const name of names) {
    const value = present(params, name);
    if (value === undefined) continue;
    used.add(name);
    values.push(value);
  }
  return values.length > 0 ? values.join(',') : undefined;
}

/** The configured name when it was sent, else the built-in names: a configured name wins. */
function namesFor(params: RawParams, configured: string | undefined, builtIn: readonly string[]) {
  return configured !== undefined && present(params, configured) !== undefined ? [configured] : builtIn;
}

function clickCandidates(
  params: RawParams,
  clickParams: readonly string[],
  lastResort: boolean,
  profile: InboundProfile,
  used: Set<string>,
): ClickCandidate[] {
  // A flow's lead (no click candidates at all) is named by subid, never by a configured click name.
  if (clickParams.length === 0) return [];
  const configured = (profile.click_params ?? []).filter((name) => present(params, name) !== undefined);
  const names = configured.length > 0 ? configured : clickParams;
  const clickIds: ClickCandidate[] = [];
  const seen = new Set<string>();
  for (const param of names) {
    const value = present(params, param);
    if (value === undefined || seen.has(value)) continue;
    seen.add(value);
    used.add(param);
    clickIds.push({ param, value });
  }
  const fallback =
    lastResort && configured.length === 0 ? present(params, LAST_RESORT_CLICK_PARAM) : undefined;
  if (clickIds.length === 0 && fallback !== undefined) {
    used.add(LAST_RESORT_CLICK_PARAM);
    clickIds.push({ param: LAST_RESORT_CLICK_PARAM, value: fallback });
  }
  return clickIds;
}

/**
 * Read what both dialects read alike. `clickParams` is the dialect's candidate list (the track
 * dialect leaves out `subid` when it names a flow's lead). Lists win over a `lead_status` word: it
 * is read as the status only when no status parameter and no other status list was sent. The
 * advertiser's inbound profile names come first: a configured name that was sent is the one read.
 */
export function readCommon(
  params: RawParams,
  clickParams: readonly string[],
  lastResort = true,
  profile: InboundProfile = {},
): CommonPostback {
  const used = new Set<string>();
  const clickIds = clickCandidates(params, clickParams, lastResort, profile, used);
  const status = take(params, namesFor(params, profile.status_param, STATUS_PARAMS), used);
  const otherLists = OTHER_LISTS.some((n) => present(params, n));
  const leadStatusWord =
    !status && !otherLists && present(params, LEAD_STATUS_PARAM)
      ? take(params, [LEAD_STATUS_PARAM], used)
      : undefined;
  const overrides: StatusOverrides = {};
  for (const [list, names] of LIST_ENTRIES) {
    const value = joined(
      params,
      names.filter((n) => !(leadStatusWord && n === LEAD_STATUS_PARAM)),
      used,
    );
    if (value !== undefined) overrides[list] = value;
  }
  const ignoreWords = joined(params, [IGNORE_LIST_PARAM], used);
  const leadNames = namesFor(params, profile.lead_id_param, [NETWORK_LEAD_PARAM]);
  const networkLeadId = take(params, leadNames, used)?.value;
  // A status parameter sent blank (an unfilled macro, `status=`) is not "no status": read as an empty
  // word it is refused like any word we do not know, never taken for the default (which may approve).
  const blankStatus = status
    ? undefined
    : [...(profile.status_param ? [profile.status_param] : []), ...STATUS_PARAMS]
        .filter((name) => params[name] !== undefined)
        .map((name) => ({ name, value: '' }))[0];
  if (blankStatus) used.add(blankStatus.name);
  const statusRead = status ?? leadStatusWord ?? blankStatus;
  let advPayout = take(params, namesFor(params, profile.payout_param, ADV_PAYOUT_PARAMS), used)?.value;
  let reversal = false;
  if (profile.reversal === 'negative-payout' && advPayout?.startsWith('-')) {
    // The amount a reversal carries is the one taken back, not a payout to record.
    reversal = true;
    advPayout = undefined;
  }
  if (profile.reversal === 'param' && profile.reversal_param) {
    const marker = present(params, profile.reversal_param);
    if (marker !== undefined) used.add(profile.reversal_param);
    reversal = marksReversal(marker);
  }
  const goal = profile.goal_param ? take(params, [profile.goal_param], used)?.value : undefined;
  return {
    clickIds,
    networkLeadId,
    statusWord: statusRead?.value,
    statusParam: statusRead?.name,
    overrides,
    ignoreWords,
    advPayout,
    pubPayout: take(params, [PUB_PAYOUT_PARAM], used)?.value,
    currency: take(params, namesFor(params, profile.currency_param, CURRENCY_PARAMS), used)?.value,
    txid: take(params, namesFor(params, profile.txid_param, TXID_PARAMS), used)?.value,
    goal,
    reversal,
    used,
  };
}

/** What a parameter's name says it carries, by its words (`payoutOrZero`, `sale_amount`, `conv_status`). */
const MONEY_WORDS = new Set([
  'payout',
  'payouts',
  'pay',
  'sum',
  'summ',
  'amount',
  'revenue',
  'profit',
  'price',
  'rate',
  'cost',
  'cash',
  'money',
  'commission',
  'earning',
  'earnings',
  'reward',
  'gross',
  'income',
  'wm',
]);
const CURRENCY_WORDS = new Set(['currency', 'cur', 'curr', 'cc', 'valuta']);
const STATUS_WORDS = new Set(['status', 'state', 'stage']);

function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
}

export type ParamKind = 'payout' | 'currency' | 'status';

export function kindOf(name: string): ParamKind | undefined {
  const words = wordsOf(name);
  if (words.some((w) => CURRENCY_WORDS.has(w))) return 'currency';
  if (words.some((w) => MONEY_WORDS.has(w))) return 'payout';
  if (words.some((w) => STATUS_WORDS.has(w))) return 'status';
  return undefined;
}

const WHAT: Record<ParamKind, string> = {
  payout: 'a payout',
  currency: 'a currency',
  status: 'a status',
};

/**
 * One warning per parameter that looks like money, a currency or a status, has a value, and was
 * not used: the request is answered with these (or, for a strict advertiser, refused). Each is a
 * stable code (`unused_payout`, `unused_currency`, `unused_status`) with the parameter's name and
 * value, which the Postback Log says in the reader's language; warningText gives the English.
 */
export function unusedWarningCodes(params: RawParams, used: ReadonlySet<string>): CodedText[] {
  const warnings: CodedText[] = [];
  for (const [name, raw] of Object.entries(params)) {
    if (used.has(name) || name.startsWith('meta[')) continue;
    const value = raw.trim();
    const kind = kindOf(name);
    if (!kind || value === '') continue;
    warnings.push({ code: `unused_${kind}`, params: { name, value: value.slice(0, 40) } });
  }
  return warnings;
}

/** A warning's English sentence, as answered, logged and shown to API users. */
export function warningText({ code, params }: CodedText): string {
  const kind = code.replace(/^unused_/, '') as ParamKind;
  return `${params.name}=${params.value} looks like ${WHAT[kind]} but was not used`;
}

/** The unused-parameter warnings as English sentences (answers, the log's `warnings`) and as codes. */
export function unusedWarnings(
  params: RawParams,
  used: ReadonlySet<string>,
): { warnings: string[]; warningCodes: CodedText[] } {
  const warningCodes = unusedWarningCodes(params, used);
  return { warnings: warningCodes.map(warningText), warningCodes };
}
