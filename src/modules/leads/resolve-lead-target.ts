import type { AppContext } from '../../context.js';
import { type AdvertiserRow, findAdvertiser } from '../advertisers/queries.js';
import { loadAssigned, loadFlow, loadPublisherStatus } from '../clicks/click-targets.js';
import { findClick } from '../clicks/find-click.js';
import { findOffer, type OfferRow } from '../offers/queries.js';
import { LeadRefusedError } from './errors.js';
import { type ClickFacts, type LeadInput, subsOf } from './lead-fields.js';

/** Who the lead belongs to: the offer (and so the advertiser it is pushed to), publisher, flow and click. */
export interface LeadTarget {
  offer: OfferRow;
  advertiser: AdvertiserRow;
  publisherId: number | null;
  flowId: number | null;
  click: ClickFacts | null;
}

type Attribution = Pick<LeadInput, 'clickId' | 'flowCode' | 'offerId' | 'publisherId' | 'source'>;

async function fromClick(ctx: AppContext, clickId: string) {
  const click = await findClick(ctx, clickId);
  if (!click || click.offer_id === null || click.offer_id === undefined) {
    throw new LeadRefusedError('bad_click', 404, `click_id: no click ${clickId}`, 'click_id');
  }
  if (click.status === 'rejected') {
    throw new LeadRefusedError(
      'rejected_click',
      422,
      `click_id: click ${clickId} was rejected (${click.reject_reason ?? 'rejected'}) and cannot carry a lead`,
      'click_id',
    );
  }
  const facts: ClickFacts = {
    id: click.id,
    ip: click.ip,
    userAgent: click.user_agent,
    country: click.country ?? null,
    subs: subsOf(click),
  };
  return {
    offerId: click.offer_id,
    publisherId: click.publisher_id ?? null,
    flowId: click.flow_id ?? null,
    click: facts,
  };
}

async function fromFlow(ctx: AppContext, code: string) {
  const flow = await loadFlow(ctx, code);
  if (!flow) throw new LeadRefusedError('bad_flow', 404, `flow: no flow "${code}"`, 'flow');
  if (flow.status !== 'active')
    throw new LeadRefusedError('flow_paused', 403, `flow "${code}" is paused`, 'flow');
  return { offerId: flow.offerId, publisherId: flow.publisherId, flowId: flow.id, click: null };
}

/** A lead without a click must come from a publisher allowed to run the offer, as a click would. */
async function checkPublisher(ctx: AppContext, publisherId: number, offer: OfferRow) {
  const status = await loadPublisherStatus(ctx, publisherId);
  if (status === null) {
    throw new LeadRefusedError('bad_publisher', 404, `pub_id: no publisher ${publisherId}`, 'pub_id');
  }
  if (status !== 'approved') {
    throw new LeadRefusedError(
      'publisher_not_approved',
      403,
      `publisher ${publisherId} is not approved`,
      'pub_id',
    );
  }
  if (offer.visibility === 'private' && !(await loadAssigned(ctx, publisherId, offer.id))) {
    throw new LeadRefusedError(
      'offer_not_assigned',
      403,
      `offer ${offer.id} is private and not assigned to publisher ${publisherId}`,
      'offer_id',
    );
  }
}

const TTL_MS = 5_000;

/**
 * The offer and its advertiser, cached per process like the click path's: this process sees an admin
 * change at once (admin writes clear the caches), another within TTL_MS.
 */
export function loadOfferAndAdvertiser(ctx: AppContext, offerId: number) {
  return ctx.caches
    .named<number, { offer: OfferRow; advertiser: AdvertiserRow } | null>('lead.offer', TTL_MS)
    .getOrLoad(offerId, async () => {
      const offer = await findOffer(ctx.db, offerId);
      if (!offer) return null;
      const advertiser = await findAdvertiser(ctx.db, offer.advertiser_id);
      if (!advertiser) throw new Error(`offer ${offer.id} has no advertiser ${offer.advertiser_id}`);
      return { offer, advertiser };
    });
}

/**
 * Find who a lead belongs to, by click id, flow code or offer + publisher (in that order of
 * preference), refusing with a 4xx that names the problem. Reads only (mostly from per-process
 * caches); no transaction is open.
 */
export async function resolveLeadTarget(ctx: AppContext, input: Attribution): Promise<LeadTarget> {
  let found: { offerId: number; publisherId: number | null; flowId: number | null; click: ClickFacts | null };
  if (input.clickId) found = await fromClick(ctx, input.clickId);
  else if (input.flowCode) found = await fromFlow(ctx, input.flowCode);
  else if (input.offerId !== undefined && (input.publisherId !== undefined || input.source !== 'api')) {
    found = { offerId: input.offerId, publisherId: input.publisherId ?? null, flowId: null, click: null };
  } else if (input.offerId !== undefined) {
    throw new LeadRefusedError('no_click', 422, 'pub_id is required with offer_id', 'pub_id');
  } else {
    throw new LeadRefusedError(
      'no_click',
      422,
      'send click_id, a flow code (flow) or offer_id with pub_id',
      'click_id',
    );
  }
  const loaded = await loadOfferAndAdvertiser(ctx, found.offerId);
  if (!loaded)
    throw new LeadRefusedError('bad_offer', 404, `offer_id: no offer ${found.offerId}`, 'offer_id');
  const { offer, advertiser } = loaded;
  if (!found.click && found.publisherId !== null) await checkPublisher(ctx, found.publisherId, offer);
  return { offer, advertiser, publisherId: found.publisherId, flowId: found.flowId, click: found.click };
}
