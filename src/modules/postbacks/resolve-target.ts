import type { AppContext } from '../../context.js';
import type { AdvertiserRow } from '../advertisers/queries.js';
import { findClick } from '../clicks/find-click.js';
import { RefusedError } from '../conversions/errors.js';
import { loadOfferTerms } from '../conversions/payout-terms.js';
import { findLeadByNetworkId, type LeadKey } from '../conversions/resolve-lead.js';
import { findFlow, findFlowByCode } from '../flows/queries.js';
import type { PostbackTrace } from './accept-postback.js';
import type { PostbackInput } from './dialects.js';
import type { ClickCandidate } from './inbound-params.js';

/**
 * What a postback is about: a click's or flow's lead (found or created in the transaction), or a
 * lead the network named by its own id (read again under a lock there).
 */
export type PostbackTarget = { key: LeadKey; leadId?: undefined } | { leadId: string; key?: undefined };

type FoundClick = NonNullable<Awaited<ReturnType<typeof findClick>>>;

/**
 * The first candidate that is a known click. One candidate costs one lookup as before; the others
 * are tried only when the earlier ones are not clicks (Dr.Cash: `tracking_uuid` and its order id).
 */
async function firstKnownClick(
  ctx: AppContext,
  candidates: readonly ClickCandidate[],
): Promise<{ candidate: ClickCandidate; click: FoundClick }> {
  for (const candidate of candidates) {
    const click = await findClick(ctx, candidate.value);
    if (click) return { candidate, click };
  }
  const [only] = candidates;
  if (candidates.length === 1 && only) {
    throw new RefusedError(404, 'bad-click', `click ${only.value} not found`, 'click');
  }
  const sent = candidates.map((c) => `${c.param}=${c.value}`).join(', ');
  throw new RefusedError(404, 'bad-click', `none of the click ids sent is a known click (${sent})`, 'click');
}

async function clickKey(
  ctx: AppContext,
  input: PostbackInput,
  advertiser: AdvertiserRow,
  trace: PostbackTrace,
): Promise<LeadKey> {
  const { candidate, click } = await firstKnownClick(ctx, input.clickIds);
  const id = candidate.value;
  trace.clickId = id;
  if (click.status === 'rejected' || !click.offer_id) {
    const reason = click.reject_reason ? ` (${click.reject_reason})` : '';
    throw new RefusedError(404, 'bad-click', `click ${id} was refused at tracking${reason}`, 'click');
  }
  const offer = (await loadOfferTerms(ctx, click.offer_id))?.offer;
  if (!offer) throw new RefusedError(404, 'bad-click', `click ${id} has no offer`, 'click');
  trace.offerId = offer.id;
  trace.flowId = click.flow_id ?? undefined;
  if (offer.advertiser_id !== advertiser.id) {
    throw new RefusedError(403, 'access', `click ${id} belongs to another advertiser`, 'token');
  }
  return { offer, click, externalId: input.externalId ?? null };
}

async function flowKey(
  ctx: AppContext,
  input: PostbackInput,
  ref: NonNullable<PostbackInput['flow']>,
  advertiser: AdvertiserRow,
  trace: PostbackTrace,
): Promise<LeadKey> {
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

/**
 * The click, flow or network lead id the postback is about, checked to belong to the token's
 * advertiser: click ids first, then a flow (track dialect), then the network's own lead id, which
 * only ever finds a lead of this advertiser.
 */
export async function resolveTarget(
  ctx: AppContext,
  input: PostbackInput,
  advertiser: AdvertiserRow,
  trace: PostbackTrace,
): Promise<PostbackTarget> {
  trace.clickId = input.clickIds[0]?.value;
  if (input.clickIds.length > 0) return { key: await clickKey(ctx, input, advertiser, trace) };
  if (input.flow) return { key: await flowKey(ctx, input, input.flow, advertiser, trace) };
  if (input.networkLeadId) {
    const lead = await findLeadByNetworkId(ctx.db, advertiser.id, input.networkLeadId);
    if (!lead) {
      throw new RefusedError(
        404,
        'no-lead',
        `no lead of this advertiser has the id "${input.networkLeadId}"; send the click id`,
        'lead',
      );
    }
    trace.clickId = lead.click_id ?? undefined;
    trace.offerId = lead.offer_id;
    trace.flowId = lead.flow_id ?? undefined;
    return { leadId: lead.id };
  }
  throw new RefusedError(422, 'no-click', 'neither a click id nor a flow was sent', 'click');
}
