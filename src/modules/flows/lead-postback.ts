import type { AppContext } from '../../context.js';
import type { LeadStatus } from '../../db/schema.js';
import { ValidationError } from '../../lib/errors.js';
import { pastedHttpUrl } from '../../lib/paste-hygiene.js';
import { fillString, placeholdersIn } from '../../lib/template.js';
import { assertNotPrivateLiteral } from '../publisher-postbacks/save-postback.js';
import type { FlowRow } from './queries.js';

/**
 * A flow's lead creation postback (seed 003's lifehack: "send leads to the affiliate network using
 * the lead creation postback in the flow settings"): one request per new lead of the flow, however
 * the lead came (form, postback, pixel, ingest, import).
 */

/** Macros anyone who may set the postback may use. */
export const LEAD_POSTBACK_MACROS = [
  'lead_id',
  'click_id',
  'clickid',
  'status',
  'goal',
  'offer_id',
  'publisher_id',
  'flow_id',
  'flow_code',
  'country',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
  'created_at',
] as const;

/**
 * The buyer's data and the advertiser's own offer id: the network's to forward, so only a postback
 * saved by the operator may carry them. Publishers never see buyers' contacts anywhere else either.
 */
export const NETWORK_ONLY_MACROS = ['name', 'phone', 'email', 'comment', 'ip', 'adv_offer_id'] as const;

export type LeadPostbackMacro = (typeof LEAD_POSTBACK_MACROS)[number] | (typeof NETWORK_ONLY_MACROS)[number];
export type LeadPostbackValues = Record<LeadPostbackMacro, string>;
export type LeadPostbackSetter = 'admin' | 'publisher';

/** Statuses that are not forwarded: our own fraud verdicts and test leads are nobody's order. */
const NOT_FORWARDED: ReadonlySet<LeadStatus> = new Set<LeadStatus>(['test', 'spam', 'duplicate']);

export function forwardsStatus(status: LeadStatus): boolean {
  return !NOT_FORWARDED.has(status);
}

function macrosFor(setter: LeadPostbackSetter): readonly string[] {
  return setter === 'admin' ? [...LEAD_POSTBACK_MACROS, ...NETWORK_ONLY_MACROS] : LEAD_POSTBACK_MACROS;
}

/** A URL template this setter may save: http(s), known macros only, not a literal private address. */
export function checkLeadPostbackUrl(
  ctx: Pick<AppContext, 'config'>,
  url: string,
  setter: LeadPostbackSetter,
  notices: string[] = [],
): string {
  const field = 'lead_postback_url';
  const allowed = macrosFor(setter);
  const checked = pastedHttpUrl(url, field, allowed, notices);
  const used = placeholdersIn(checked);
  const networkOnly = used.filter((m) => (NETWORK_ONLY_MACROS as readonly string[]).includes(m));
  if (setter === 'publisher' && networkOnly.length > 0) {
    throw new ValidationError(
      `${field}: ${networkOnly.map((m) => `{${m}}`).join(', ')} carry the buyer's data or the advertiser's ids, which only the network forwards; ask your manager`,
      field,
      'network_only_macro',
    );
  }
  const unknown = used.filter((m) => !allowed.includes(m));
  if (unknown.length > 0) {
    throw new ValidationError(
      `${field} uses unknown macro${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `{${m}}`).join(', ')}; known: ${allowed.map((m) => `{${m}}`).join(' ')}`,
      field,
      'unknown_macro',
    );
  }
  assertNotPrivateLiteral(ctx, checked, field);
  return checked;
}

export interface LeadPostbackRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

type LeadPostbackConfig = Pick<
  FlowRow,
  'lead_postback_url' | 'lead_postback_method' | 'lead_postback_encoding' | 'lead_postback_set_by'
>;

/**
 * The request for one lead: every value URL-encoded where it lands. GET sends the filled URL; POST
 * sends the filled URL's query as the body (form or JSON) to the URL without it, so the operator
 * names the fields the receiving API wants. A publisher's postback never gets the network-only values.
 */
export function buildLeadPostbackRequest(
  flow: LeadPostbackConfig,
  values: LeadPostbackValues,
): LeadPostbackRequest | null {
  if (!flow.lead_postback_url) return null;
  const filledValues: Record<string, string> = { ...values };
  if (flow.lead_postback_set_by !== 'admin') for (const m of NETWORK_ONLY_MACROS) filledValues[m] = '';
  const url = fillString(flow.lead_postback_url, filledValues, encodeURIComponent);
  if (flow.lead_postback_method === 'GET') return { method: 'GET', url, headers: {} };
  const parsed = new URL(url);
  const fields = [...parsed.searchParams.entries()];
  parsed.search = '';
  if (flow.lead_postback_encoding === 'json') {
    return {
      method: 'POST',
      url: parsed.toString(),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(fields)),
    };
  }
  return {
    method: 'POST',
    url: parsed.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  };
}
