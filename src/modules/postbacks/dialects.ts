import type { CodedText } from '../../http/schemas.js';
import { cleanComment } from '../conversions/clean-comment.js';
import type { StatusOverrides } from '../conversions/recognise-status.js';
import { TAG_NAMES } from '../conversions/resolve-lead.js';
import {
  CLICK_ID_PARAMS,
  type ClickCandidate,
  kindOf,
  readCommon,
  unusedWarnings,
} from './inbound-params.js';
import type { InboundProfile } from './inbound-profile.js';
import { firstOf, paramChecker, type RawParams } from './params.js';
import { SimplePostbackParams, TrackPostbackParams } from './schemas.js';

/** Lead data a postback may carry (seed 003), applied to the lead as sent. */
export interface LeadData {
  name?: string;
  phone?: string;
  email?: string;
  comment?: string;
  geo?: string;
  ip?: string;
  meta: Record<string, string>;
  tags: Record<string, string>;
}

/** A postback in either dialect, reduced to what the product does with it. */
export interface PostbackInput {
  source: 'postback' | 'postback.json';
  token?: string;
  /** Our click id under each name it was sent as, in the order tried: the first known click is used. */
  clickIds: ClickCandidate[];
  /** The network's own lead id (`lead=`): finds the lead among the advertiser's when no click is sent. */
  networkLeadId?: string;
  /** Working without a click id: the flow by id or code, with externalId (subid) naming the lead. */
  flow?: { id?: number; code?: string };
  /** The advertiser's unique lead id (exto/uid), or the subid of a flow lead. */
  externalId?: string;
  /** The status word as sent, and the parameter it came in; undefined: none was sent. */
  statusWord?: string;
  statusParam?: string;
  /**
   * What a postback without any status means, per dialect: seed 000's `/postback` has always
   * defaulted to approved (its URL is fired on a sale); seed 001's postback.json without a status
   * announces a new lead (processing).
   */
  withoutStatus: 'approved' | 'new-lead' | 'refuse';
  /** The advertiser's profile says this call is a reversal: it cancels, whatever its status word. */
  reversal: boolean;
  /** The network's transaction id (profile txid_param, else txid): answered and logged. */
  txid?: string;
  overrides: StatusOverrides;
  /** Keitaro's ignore_status list: a status word in it changes nothing. */
  ignoreWords?: string;
  /** seed 000: a click with no lead gets one, whatever the status. seed 001/003: only stn/new or auto=1. */
  createsLeads: 'always' | 'new-or-auto';
  auto: boolean;
  goal?: string;
  advPayout?: string;
  pubPayout?: string;
  currency?: string;
  /** The advertiser's note on the status (seed 000 `comment`). */
  statusComment?: string;
  leadData?: LeadData;
  /** Payout-, currency- or status-looking parameters that were sent and not used. */
  warnings: string[];
  /** The same warnings as stable codes and their values (the Postback Log translates them). */
  warningCodes: CodedText[];
}

/** One postback dialect: which parameters it knows, which are secrets, how it reads them. */
export interface PostbackDialect {
  endpoint: 'postback' | 'postback.json';
  secretParams: readonly string[];
  unknownParams(params: RawParams): string[];
  /** The parameters against the dialect's schema: the first problem is a 422 bad-params. */
  check(params: RawParams): void;
  /** The advertiser's postback token as sent. */
  token(params: RawParams): string | undefined;
  /** Read a checked request, with the names the advertiser's inbound profile gives. */
  parse(params: RawParams, profile?: InboundProfile): PostbackInput;
}

const simpleChecker = paramChecker(SimplePostbackParams);

/** Seed 000: `/postback?click_id=&status=&payout=&comment=&token=`. */
export const simpleDialect: PostbackDialect = {
  endpoint: 'postback',
  secretParams: ['token'],
  unknownParams: (params) => simpleChecker.unknown(params),
  check: (params) => simpleChecker.check(params),
  token: (params) => firstOf(params, 'token'),
  parse(params, profile = {}) {
    const common = readCommon(params, CLICK_ID_PARAMS, true, profile);
    const used = new Set([...common.used, 'token', 'comment']);
    return {
      source: 'postback',
      token: firstOf(params, 'token'),
      clickIds: common.clickIds,
      networkLeadId: common.networkLeadId,
      statusWord: common.statusWord,
      statusParam: common.statusParam,
      withoutStatus: profile.without_status ?? 'approved',
      reversal: common.reversal,
      txid: common.txid,
      goal: common.goal,
      overrides: common.overrides,
      ignoreWords: common.ignoreWords,
      createsLeads: 'always',
      auto: false,
      advPayout: common.advPayout,
      pubPayout: common.pubPayout,
      currency: common.currency,
      statusComment: cleanComment(params.comment),
      ...unusedWarnings(params, used),
    };
  },
};

const trackChecker = paramChecker(TrackPostbackParams);

function leadDataOf(params: RawParams): LeadData {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const match = /^meta\[([^\]]{1,64})\]$/.exec(name);
    if (match) meta[match[1] as string] = value.slice(0, 2000);
  }
  const tags: Record<string, string> = {};
  for (const name of TAG_NAMES) {
    const value = firstOf(params, name);
    if (value !== undefined) tags[name] = value;
  }
  return {
    name: firstOf(params, 'name'),
    phone: firstOf(params, 'phone'),
    email: firstOf(params, 'email'),
    comment: cleanComment(params.comment),
    geo: firstOf(params, 'geo'),
    ip: firstOf(params, 'ip'),
    meta,
    tags,
  };
}

function flowOf(params: RawParams): PostbackInput['flow'] {
  const flow = firstOf(params, 'flow');
  if (flow) return /^[0-9]{1,15}$/.test(flow) ? { id: Number(flow) } : { code: flow };
  const code = firstOf(params, 'code');
  return code ? { code } : undefined;
}

/** Seeds 001/003: `/api/track/postback.json?id=TOKEN&click=…`. */
export const trackDialect: PostbackDialect = {
  endpoint: 'postback.json',
  secretParams: ['id', 'token'],
  unknownParams: (params) => trackChecker.unknown(params),
  check: (params) => trackChecker.check(params),
  token: (params) => firstOf(params, 'id', 'token'),
  parse(params, profile = {}) {
    const explicitClick = firstOf(params, 'click', 'click_id', ...(profile.click_params ?? []));
    const flow = explicitClick ? undefined : flowOf(params);
    // With a flow (and no click/click_id), subid names the flow's lead and nothing is our click.
    const common = flow
      ? readCommon(params, [], false, profile)
      : readCommon(params, CLICK_ID_PARAMS, true, profile);
    const leadId = firstOf(params, 'exto', 'uid');
    // The dialect's own names (lead data, tags, flow); money, currency and status names are common's.
    const own = [...trackChecker.known].filter((name) => kindOf(name) === undefined);
    const used = new Set([...common.used, ...own]);
    return {
      source: 'postback.json',
      token: firstOf(params, 'id', 'token'),
      clickIds: common.clickIds,
      // The advertiser's lead id finds its lead without a click too.
      networkLeadId: common.networkLeadId ?? (common.clickIds.length === 0 && !flow ? leadId : undefined),
      flow,
      externalId: flow ? (firstOf(params, 'subid') ?? leadId) : leadId,
      statusWord: common.statusWord,
      statusParam: common.statusParam,
      withoutStatus: profile.without_status ?? 'new-lead',
      reversal: common.reversal,
      txid: common.txid,
      overrides: common.overrides,
      ignoreWords: common.ignoreWords,
      createsLeads: 'new-or-auto',
      auto: ['1', 'true', 'yes', 'on'].includes((params.auto ?? '').trim().toLowerCase()),
      goal: common.goal ?? firstOf(params, 'goal'),
      advPayout: common.advPayout,
      pubPayout: common.pubPayout,
      currency: common.currency,
      leadData: leadDataOf(params),
      ...unusedWarnings(params, used),
    };
  },
};
