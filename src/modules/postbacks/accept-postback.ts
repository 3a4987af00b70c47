import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import { type AdvertiserRow, findAdvertiserByPostbackToken } from '../advertisers/queries.js';
import { findClick } from '../clicks/find-click.js';
import { applyLeadStatus } from '../conversions/apply-lead-status.js';
import { RefusedError } from '../conversions/errors.js';
import { type LeadStatusOutcome, presentState } from '../conversions/lead-status-change.js';
import { loadOfferTerms } from '../conversions/payout-terms.js';
import { type RecognisedStatus, recogniseStatus, type StatusMap } from '../conversions/recognise-status.js';
import { createLeadFor, findLeadFor, type LeadKey } from '../conversions/resolve-lead.js';
import { findFlow, findFlowByCode } from '../flows/queries.js';
import { applyLeadData } from './apply-lead-data.js';
import type { PostbackInput } from './dialects.js';

/** What the log records about a request as it is worked out, kept even when it is refused half way. */
export interface PostbackTrace {
  advertiserId?: number;
  offerId?: number;
  flowId?: number;
  clickId?: string;
  leadId?: string;
  conversionId?: string;
}

export interface PostbackResult {
  result: 'ok' | 'no-changes';
  lead_id: string;
  conversion_id: string;
  lead_created: boolean;
  changes: Record<string, unknown>;
}

const TOKEN_TTL_MS = 5_000;

async function advertiserByToken(ctx: AppContext, token: string | undefined): Promise<AdvertiserRow> {
  if (!token) throw new RefusedError(403, 'access', 'token is missing', 'token');
  const advertiser = await ctx.caches
    .named<string, AdvertiserRow | null>('postback.advertiser', TOKEN_TTL_MS, 10_000)
    .getOrLoad(token, async () => (await findAdvertiserByPostbackToken(ctx.db, token)) ?? null);
  if (!advertiser) throw new RefusedError(403, 'access', 'token is not a postback token', 'token');
  return advertiser;
}

/** The click or flow the postback is about, checked to belong to the token's advertiser. */
async function leadKeyOf(
  ctx: AppContext,
  input: PostbackInput,
  advertiser: AdvertiserRow,
  trace: PostbackTrace,
): Promise<LeadKey> {
  if (input.clickId) {
    const click = await findClick(ctx, input.clickId);
    if (!click) throw new RefusedError(404, 'bad-click', `click ${input.clickId} not found`, 'click');
    if (click.status === 'rejected' || !click.offer_id) {
      const reason = click.reject_reason ? ` (${click.reject_reason})` : '';
      throw new RefusedError(
        404,
        'bad-click',
        `click ${input.clickId} was refused at tracking${reason}`,
        'click',
      );
    }
    const offer = (await loadOfferTerms(ctx, click.offer_id))?.offer;
    if (!offer) throw new RefusedError(404, 'bad-click', `click ${input.clickId} has no offer`, 'click');
    trace.offerId = offer.id;
    trace.flowId = click.flow_id ?? undefined;
    if (offer.advertiser_id !== advertiser.id) {
      throw new RefusedError(403, 'access', `click ${input.clickId} belongs to another advertiser`, 'token');
    }
    return { offer, click, externalId: input.externalId ?? null };
  }
  if (!input.flow) throw new RefusedError(422, 'no-click', 'neither a click id nor a flow was sent', 'click');
  const ref = input.flow;
  const flow =
    ref.id !== undefined ? await findFlow(ctx.db, ref.id) : await findFlowByCode(ctx.db, ref.code ?? '');
  if (!flow) throw new RefusedError(404, 'bad-flow', `flow ${ref.id ?? ref.code} not found`, 'flow');
  trace.flowId = flow.id;
  trace.offerId = flow.offer_id;
  const offer = (await loadOfferTerms(ctx, flow.offer_id))?.offer;
  if (!offer || offer.advertiser_id !== advertiser.id) {
    throw new RefusedError(
      403,
      'access',
      `flow ${ref.id ?? ref.code} belongs to another advertiser`,
      'token',
    );
  }
  if (!input.externalId) {
    throw new RefusedError(
      422,
      'no-click',
      'subid (the unique lead id) is required with flow or code',
      'subid',
    );
  }
  return { offer, flow, externalId: input.externalId };
}

function savedStatusMap(advertiser: AdvertiserRow): StatusMap {
  try {
    return JSON.parse(advertiser.status_map) as StatusMap;
  } catch {
    return {};
  }
}

function recognise(input: PostbackInput, saved: StatusMap): RecognisedStatus {
  // The track dialect's postback without a status is a lead-creation postback (seed 001).
  if (input.statusWord === undefined) return { status: 'processing', newLead: true, via: 'alias' };
  const recognised = recogniseStatus(input.statusWord, input.overrides, saved);
  if (!recognised) {
    throw new RefusedError(
      422,
      'bad-status',
      `status "${input.statusWord}" is not recognised; name it with sta, stc, stt, sth, stw or stn`,
      'status',
    );
  }
  return recognised;
}

/** seed 000 always; seed 001/003: an stn word or "new", a processing word without stn, or auto=1. */
function mayCreateLead(input: PostbackInput, status: RecognisedStatus, saved: StatusMap): boolean {
  if (input.createsLeads === 'always' || input.auto || status.newLead) return true;
  const hasNewWords = Boolean(input.overrides.stn) || Object.values(saved).includes('new');
  return !hasNewWords && status.status === 'processing';
}

function changesOf(outcome: LeadStatusOutcome, dataFields: string[]): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const change = outcome.change;
  if (change) {
    const from = presentState(change.from);
    const to = presentState(change.to);
    if (change.conversionCreated) changes.conversion_created = true;
    for (const key of ['status', 'goal', 'adv_payout', 'pub_payout', 'currency'] as const) {
      const created = key === 'status' && change.conversionCreated;
      if (from[key] !== to[key] || created) changes[key] = { from: from[key], to: to[key] };
    }
  }
  if (outcome.commentChanged) changes.comment = true;
  if (dataFields.length > 0) changes.lead_data = dataFields;
  return changes;
}

/**
 * An advertiser's postback in either dialect: check the token and the click or flow, recognise the
 * status, find or create the lead, then hand the change to applyLeadStatus in one transaction.
 * `beforeCommit` runs last in that transaction with the result (the request's log row).
 */
export async function acceptPostback(
  ctx: AppContext,
  input: PostbackInput,
  trace: PostbackTrace,
  requestId: string,
  beforeCommit?: (tx: Tx, result: PostbackResult) => Promise<void>,
): Promise<PostbackResult> {
  trace.clickId = input.clickId;
  const advertiser = await advertiserByToken(ctx, input.token);
  trace.advertiserId = advertiser.id;
  const key = await leadKeyOf(ctx, input, advertiser, trace);
  const saved = savedStatusMap(advertiser);
  const status = recognise(input, saved);
  return inTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now().toISOString();
    let lead = await findLeadFor(tx, key, now);
    let leadCreated = false;
    if (!lead) {
      if (!mayCreateLead(input, status, saved)) {
        throw new RefusedError(
          404,
          'no-lead',
          `no lead for this ${key.click ? 'click' : 'flow subid'} yet; a new-lead status (stn) or auto=1 creates one`,
          'status',
        );
      }
      ({ lead, created: leadCreated } = await createLeadFor(ctx, tx, key, 'postback'));
    }
    trace.leadId = lead.id;
    let dataFields: string[] = [];
    if (input.leadData) ({ fields: dataFields, lead } = await applyLeadData(tx, lead, input.leadData, now));
    const outcome = await applyLeadStatus(ctx, tx, {
      leadId: lead.id,
      // A new-lead status creates a lead; it never changes the status of one that exists (seed 001).
      status: status.newLead && !leadCreated ? undefined : status.status,
      goal: input.goal,
      advPayout: input.advPayout,
      pubPayout: input.pubPayout,
      currency: input.currency,
      comment: input.statusComment,
      source: input.source,
      requestId,
      leadCreated,
      lockedLead: lead,
    });
    trace.conversionId = outcome.conversion.id;
    const changes = changesOf(outcome, dataFields);
    if (leadCreated) changes.lead_created = true;
    const result: PostbackResult = {
      result: Object.keys(changes).length > 0 ? 'ok' : 'no-changes',
      lead_id: lead.id,
      conversion_id: outcome.conversion.id,
      lead_created: leadCreated,
      changes,
    };
    await beforeCommit?.(tx, result);
    return result;
  });
}
