import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { findAdvertiser } from '../advertisers/queries.js';
import { findOffer, firstOfferOf, type OfferRow } from '../offers/queries.js';
import { classifyResult } from '../outbound/classify-result.js';
import { sendRequest } from '../outbound/send-request.js';
import { leadPushRequest, PUSH_TIMEOUT_MS, type PushLeadFields } from './push-lead.js';
import { advertiserLeadId } from './push-request.js';
import type { TestLeadBody, TestLeadReply } from './schemas.js';

const SAMPLE: Omit<PushLeadFields, 'click_id' | 'created_at'> = {
  name: 'John Sample',
  phone: '+919876543210',
  email: 'john.sample@example.com',
  country: 'IN',
  ip: '49.36.0.10',
  address: '12 MG Road, Bengaluru',
  comment: 'test lead from Leadrail',
  sub1: 'test',
  sub2: null,
  sub3: null,
  sub4: null,
  sub5: null,
  sub6: null,
  sub7: null,
  sub8: null,
  sub9: null,
  sub10: null,
};

type PushOffer = Pick<OfferRow, 'id' | 'name' | 'adv_offer_id'>;

/** No offer yet: a stand-in, so the operator can check the integration before creating one. */
const SAMPLE_OFFER: PushOffer = { id: 0, name: 'Sample offer', adv_offer_id: 'SAMPLE' };

async function offerFor(
  ctx: AppContext,
  advertiserId: number,
  offerId: string | undefined,
): Promise<PushOffer> {
  if (offerId === undefined) return (await firstOfferOf(ctx.db, advertiserId)) ?? SAMPLE_OFFER;
  const offer = await findOffer(ctx.db, Number(offerId));
  if (!offer || offer.advertiser_id !== advertiserId) {
    throw new ValidationError(
      `offer_id: offer ${offerId} is not an offer of advertiser ${advertiserId}`,
      'offer_id',
      'offer_not_advertisers',
    );
  }
  return offer;
}

/**
 * What a push to this advertiser looks like, exactly: the request (a dry run), or the request and
 * the advertiser's answer. The operator sees their own auth key here, unmasked, as in the
 * advertiser's settings; the request log masks it.
 */
export async function testAdvertiserPush(
  ctx: AppContext,
  advertiserId: number,
  input: TestLeadBody,
): Promise<TestLeadReply> {
  const advertiser = await findAdvertiser(ctx.db, advertiserId);
  if (!advertiser) throw new NotFoundError('advertiser');
  const offer = await offerFor(ctx, advertiserId, input.offer_id);
  const now = ctx.clock.now();
  const lead: PushLeadFields = {
    ...SAMPLE,
    click_id: newId(now.getTime()),
    created_at: now.toISOString(),
    ...input.lead,
  };
  const request = leadPushRequest(lead, offer, advertiser);
  const shown = { ...request, body: request.body ?? null };
  if (!input.send) return { sent: false, request: shown };

  const secrets = advertiser.auth_key ? [advertiser.auth_key] : [];
  const result = await sendRequest(ctx, {
    kind: 'lead_test',
    ...request,
    timeoutMs: PUSH_TIMEOUT_MS,
    secrets,
    subjectId: `advertiser:${advertiserId}`,
  });
  const response = result.outcome === 'response' ? result : undefined;
  return {
    sent: true,
    request: shown,
    result: {
      outcome: result.outcome,
      delivery: classifyResult(result),
      status: response?.status ?? null,
      headers: response?.headers ?? null,
      body: response?.body ?? null,
      error: result.outcome === 'response' ? null : result.error,
      duration_ms: result.durationMs,
      adv_lead_id: response ? advertiserLeadId(response.body, advertiser.lead_id_field) : null,
    },
  };
}
