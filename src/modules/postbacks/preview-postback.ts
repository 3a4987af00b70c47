import type { AppContext } from '../../context.js';
import type { CodedText } from '../../http/schemas.js';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { findAdvertiser } from '../advertisers/queries.js';
import { isListed } from '../conversions/recognise-status.js';
import { peekLeadFor } from '../conversions/resolve-lead.js';
import {
  mayCreateLead,
  type PostbackTrace,
  recognise,
  refuseIfStrict,
  savedStatusMap,
} from './accept-postback.js';
import { type PostbackDialect, type PostbackInput, simpleDialect, trackDialect } from './dialects.js';
import { type InboundProfile, normaliseInboundProfile, parseInboundProfile } from './inbound-profile.js';
import { collectParams, type RawParams } from './params.js';
import { type DetectedParams, detectParams, proposeProfile } from './propose-profile.js';
import { resolveTarget } from './resolve-target.js';

export interface PostbackPreview {
  endpoint: 'postback' | 'postback.json';
  params: RawParams;
  /** The click id candidate that was used (a known click), or the first one sent. */
  click: { param: string; id: string } | null;
  offer_id: string | null;
  lead: { id: string; status: string } | null;
  /** The postback would create a lead for the click (or flow). */
  lead_created: boolean;
  status: { word: string | null; param: string | null; lands_as: string | null };
  payout: string | null;
  publisher_payout: string | null;
  currency: string | null;
  txid: string | null;
  goal: string | null;
  warnings: string[];
  /** The same warnings as stable codes and values, in the same order (the web translates them). */
  warning_codes: CodedText[];
  /** What the real postback would be answered with, when it would be refused. */
  refused: { status: number; code: string; message: string } | null;
  /** ignored: the status is in ignore_status; nothing would change. */
  outcome: 'changes' | 'ignored' | 'refused';
  detected: DetectedParams;
  profile: InboundProfile;
  proposed_profile: InboundProfile;
}

/** The pasted URL's endpoint (by its path), its parameters, and a token sent as a path segment. */
function readUrl(text: string, publicUrl: string): { dialect: PostbackDialect; params: RawParams } {
  let url: URL;
  try {
    url = new URL(text.trim(), publicUrl);
  } catch {
    throw new ValidationError(
      'url: paste the postback URL as the network sends it',
      'url',
      'postback_url_required',
    );
  }
  const dialect = url.pathname.endsWith('/api/track/postback.json') ? trackDialect : simpleDialect;
  const query: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) query[name] = [...(query[name] ?? []), value];
  const { params, problems } = collectParams(query);
  if (problems.length > 0)
    throw new ValidationError(`url: ${problems.join('; ')}`, 'url', 'postback_url_invalid');
  const inPath = /\/postback\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (dialect === simpleDialect && inPath) params.token = decodeURIComponent(inPath);
  return { dialect, params };
}

function refusal(error: unknown): PostbackPreview['refused'] {
  if (error instanceof AppError)
    return { status: error.statusCode, code: error.code, message: error.message };
  throw error;
}

/**
 * The postback inspector: what a pasted postback URL would do to this advertiser's data, worked
 * out with the same reading, resolving and recognition as the endpoint, and nothing written — no
 * lead, conversion, ledger entry, job or log row. It also proposes an inbound profile from the
 * parameter names it detects. `profile` previews with a profile that is not saved yet.
 */
export async function previewPostback(
  ctx: AppContext,
  advertiserId: number,
  urlText: string,
  unsavedProfile?: InboundProfile,
): Promise<PostbackPreview> {
  const advertiser = await findAdvertiser(ctx.db, advertiserId);
  if (!advertiser) throw new NotFoundError('advertiser');
  const { dialect, params } = readUrl(urlText, ctx.config.publicUrl);
  const profile = unsavedProfile
    ? normaliseInboundProfile(unsavedProfile)
    : parseInboundProfile(advertiser.inbound_profile);
  const preview: PostbackPreview = {
    endpoint: dialect.endpoint,
    params,
    click: null,
    offer_id: null,
    lead: null,
    lead_created: false,
    status: { word: null, param: null, lands_as: null },
    payout: null,
    publisher_payout: null,
    currency: null,
    txid: null,
    goal: null,
    warnings: [],
    warning_codes: [],
    refused: null,
    outcome: 'changes',
    detected: await detectParams(ctx, params, advertiser.id),
    profile,
    proposed_profile: profile,
  };
  preview.proposed_profile = proposeProfile(profile, preview.detected);
  let input: PostbackInput;
  try {
    dialect.check(params);
    input = dialect.parse(params, profile);
  } catch (error) {
    preview.refused = refusal(error);
    preview.outcome = 'refused';
    return preview;
  }
  describeInput(preview, input);
  const token = dialect.token(params);
  if (token !== advertiser.postback_token) {
    preview.warnings.push(
      token === undefined
        ? "no token: the real postback needs this advertiser's postback token"
        : "the token is not this advertiser's postback token: the real postback would be refused (403)",
    );
    preview.warning_codes.push({ code: token === undefined ? 'no_token' : 'wrong_token', params: {} });
  }
  try {
    refuseIfStrict(advertiser, input);
    const trace: PostbackTrace = {};
    const target = await resolveTarget(ctx, input, advertiser, trace);
    if (trace.clickId) preview.click = { param: usedParam(input, trace.clickId), id: trace.clickId };
    preview.offer_id = trace.offerId === undefined ? null : String(trace.offerId);
    if (!input.reversal && input.statusWord !== undefined && isListed(input.statusWord, input.ignoreWords)) {
      preview.outcome = 'ignored';
      return preview;
    }
    const saved = savedStatusMap(advertiser);
    const status = recognise(input, saved);
    preview.status.lands_as = status.newLead ? 'new (processing)' : status.status;
    const lead = target.key ? await peekLeadFor(ctx.db, target.key) : undefined;
    if (lead) preview.lead = { id: lead.id, status: lead.status };
    else if (target.leadId) preview.lead = { id: target.leadId, status: 'unknown' };
    else if (mayCreateLead(input, status, saved)) preview.lead_created = true;
    else
      throw new AppError(
        'no lead for this click yet; a new-lead status (stn) or auto=1 creates one',
        404,
        'no-lead',
      );
  } catch (error) {
    preview.refused = refusal(error);
    preview.outcome = 'refused';
  }
  return preview;
}

function usedParam(input: PostbackInput, clickId: string): string {
  return input.clickIds.find((c) => c.value === clickId)?.param ?? 'lead';
}

function describeInput(preview: PostbackPreview, input: PostbackInput): void {
  const first = input.clickIds[0];
  if (first) preview.click = { param: first.param, id: first.value };
  preview.status.word = input.reversal ? '(reversal)' : (input.statusWord ?? null);
  preview.status.param = input.statusParam ?? null;
  preview.payout = input.advPayout ?? null;
  preview.publisher_payout = input.pubPayout ?? null;
  preview.currency = input.currency ?? null;
  preview.txid = input.txid ?? null;
  preview.goal = input.goal ?? null;
  preview.warnings = [...input.warnings];
  preview.warning_codes = [...input.warningCodes];
}
