import { cleanComment } from '../conversions/clean-comment.js';
import type { StatusOverrides } from '../conversions/recognise-status.js';
import { TAG_NAMES } from '../conversions/resolve-lead.js';
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
  clickId?: string;
  /** Working without a click id: the flow by id or code, with externalId (subid) naming the lead. */
  flow?: { id?: number; code?: string };
  /** The advertiser's unique lead id (exto/uid), or the subid of a flow lead. */
  externalId?: string;
  /** The status word as sent; undefined means the dialect's default. */
  statusWord?: string;
  overrides: StatusOverrides;
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
}

/** One postback dialect: which parameters it knows, which are secrets, how it reads them. */
export interface PostbackDialect {
  endpoint: 'postback' | 'postback.json';
  secretParams: readonly string[];
  unknownParams(params: RawParams): string[];
  parse(params: RawParams): PostbackInput;
}

const simpleChecker = paramChecker(SimplePostbackParams);

/** Seed 000: `/postback?click_id=&status=&payout=&comment=&token=`. */
export const simpleDialect: PostbackDialect = {
  endpoint: 'postback',
  secretParams: ['token'],
  unknownParams: (params) => simpleChecker.unknown(params),
  parse(params) {
    simpleChecker.check(params);
    return {
      source: 'postback',
      token: firstOf(params, 'token'),
      clickId: firstOf(params, 'click_id', 'clickid', 'subid', 'cid', 'transaction_id', 'click'),
      statusWord: firstOf(params, 'status') ?? 'approved',
      overrides: {},
      createsLeads: 'always',
      auto: false,
      advPayout: firstOf(params, 'payout'),
      statusComment: cleanComment(params.comment),
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
  parse(params) {
    trackChecker.check(params);
    const clickId = firstOf(params, 'click', 'click_id');
    const flow = clickId ? undefined : flowOf(params);
    const leadId = firstOf(params, 'exto', 'uid');
    return {
      source: 'postback.json',
      token: firstOf(params, 'id', 'token'),
      clickId,
      flow,
      externalId: flow ? (firstOf(params, 'subid') ?? leadId) : leadId,
      statusWord: firstOf(params, 'status'),
      overrides: {
        sta: params.sta,
        stc: params.stc,
        stt: params.stt,
        sth: params.sth,
        stw: params.stw,
        stn: params.stn,
      },
      createsLeads: 'new-or-auto',
      auto: ['1', 'true', 'yes', 'on'].includes((params.auto ?? '').trim().toLowerCase()),
      goal: firstOf(params, 'goal'),
      advPayout: firstOf(params, 'pay', 'price'),
      pubPayout: firstOf(params, 'wm'),
      currency: firstOf(params, 'currency', 'cc'),
      leadData: leadDataOf(params),
    };
  },
};
