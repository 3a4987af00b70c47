import type { AppContext } from '../../context.js';
import { ValidationError } from '../../lib/errors.js';
import { assertCurrency, parseAmount } from '../../lib/money.js';
import { isUnfilledMacro } from '../../lib/template.js';
import { DAY_MS } from '../../lib/time.js';
import { CLICK_COOKIE_DAYS } from '../clicks/answer-tracking.js';
import { findClick } from '../clicks/find-click.js';
import { RefusedError } from '../conversions/errors.js';
import { DuplicatePaymentError } from '../conversions/lead-status-change.js';
import { resolveGoal } from '../conversions/payout-overrides.js';
import { loadOfferTerms } from '../conversions/payout-terms.js';
import { findPaymentConversion } from '../conversions/queries.js';
import { recogniseStatus } from '../conversions/recognise-status.js';
import { recordConversionEvent } from '../conversions/record-conversion-event.js';
import type { PostbackTrace } from '../postbacks/accept-postback.js';
import { firstOf, paramChecker, type RawParams } from '../postbacks/params.js';
import { assertPixelEnabled, assertPixelRoom, checkPixelSignature, pixelStatus } from './pixel-guard.js';
import { PixelParams } from './schemas.js';

export const pixelChecker = paramChecker(PixelParams);

export interface PixelResult {
  code: 'ok' | 'no-changes' | 'duplicate-order';
  message: string;
  changes: Record<string, unknown>;
}

/**
 * The click id the pixel names itself, if any. A macro the thank-you page left unfilled (the literal
 * `{click_id}` of a pasted snippet) names nothing, so the cookie can speak instead.
 */
export function explicitPixelClickId(params: RawParams): string | undefined {
  for (const name of ['click_id', 'click']) {
    const value = firstOf(params, name);
    if (value && !isUnfilledMacro(value)) return value;
  }
  return undefined;
}

/** The click the pixel is about: an explicit click_id wins over the lr_click cookie. */
async function pixelClick(ctx: AppContext, params: RawParams, cookieClickId: string | undefined) {
  const clickId = explicitPixelClickId(params) ?? cookieClickId;
  if (!clickId) {
    const given = firstOf(params, 'click_id', 'click');
    throw new RefusedError(
      422,
      'no-click',
      given
        ? `click_id is the unfilled macro ${given} and there is no lr_click cookie (see docs/conversion-pixel.md)`
        : 'no click_id and no lr_click cookie (see docs/conversion-pixel.md)',
      'click_id',
    );
  }
  const click = await findClick(ctx, clickId);
  if (!click || click.status === 'rejected' || !click.offer_id) {
    throw new RefusedError(404, 'bad-click', `click ${clickId} not found`, 'click_id');
  }
  const age = ctx.clock.now().getTime() - Date.parse(click.created_at);
  if (age > CLICK_COOKIE_DAYS * DAY_MS) {
    throw new RefusedError(
      404,
      'bad-click',
      `click ${clickId} is older than ${CLICK_COOKIE_DAYS} days`,
      'click_id',
    );
  }
  return click;
}

function grossOf(params: RawParams, offerCurrency: string) {
  let currency = offerCurrency;
  const requested = firstOf(params, 'currency');
  if (requested) {
    try {
      currency = assertCurrency(requested);
    } catch {
      throw new RefusedError(
        422,
        'bad-currency',
        `currency "${requested}" is not an ISO 4217 code`,
        'currency',
      );
    }
  }
  const amount = firstOf(params, 'amount');
  if (amount === undefined) return null;
  try {
    return { amount: parseAmount(amount, currency, 'amount'), currency };
  } catch (error) {
    if (error instanceof ValidationError) throw new RefusedError(422, 'bad-payout', error.message, 'amount');
    throw error;
  }
}

/**
 * A conversion reported by the thank-you page's pixel (seed 003, postback-free tracking). It is a
 * payment conversion keyed `pixel:<offer>:<order_id>` (or `pixel:<click>:<goal>` without an order
 * id), so the unique external_payment_id index records each order once, however often the page is
 * reloaded. The pixel is public, so the offer decides what it may do (pixel-guard.ts): nothing when
 * its pixel_mode is off, at most hold in hold mode, at most pixel_max_per_click conversions per
 * click. Only a pixel signed with the offer's key chooses the order's `amount` (the gross a
 * revenue-share goal takes its share of); an unsigned pixel's amount is checked, then left out.
 */
export async function recordPixel(
  ctx: AppContext,
  params: RawParams,
  cookieClickId: string | undefined,
  trace: PostbackTrace,
  requestId: string,
): Promise<PixelResult> {
  pixelChecker.check(params);
  const click = await pixelClick(ctx, params, cookieClickId);
  trace.clickId = click.id;
  const terms = await loadOfferTerms(ctx, click.offer_id as number);
  if (!terms) throw new RefusedError(404, 'bad-click', `click ${click.id} has no offer`, 'click_id');
  const { offer, goals } = terms;
  trace.offerId = offer.id;
  trace.advertiserId = offer.advertiser_id;
  trace.flowId = click.flow_id ?? undefined;
  const offerParam = firstOf(params, 'offer');
  if (offerParam && offerParam !== String(offer.id)) {
    throw new RefusedError(403, 'access', `click ${click.id} is not a click of offer ${offerParam}`, 'offer');
  }
  assertPixelEnabled(offer);
  const signed = checkPixelSignature(offer, click.id, params);
  const goalWord = firstOf(params, 'goal');
  const goal = goalWord === undefined ? undefined : resolveGoal(goals, goalWord, offer.id).key;
  const statusWord = firstOf(params, 'status') ?? 'approved';
  const recognised = recogniseStatus(statusWord)?.status;
  if (!recognised)
    throw new RefusedError(422, 'bad-status', `status "${statusWord}" is not recognised`, 'status');
  const status = pixelStatus(offer, recognised);
  const amount = grossOf(params, offer.currency);
  const gross = signed ? amount : null;
  const orderId = firstOf(params, 'order_id');
  const paymentId = orderId ? `pixel:${offer.id}:${orderId}` : `pixel:${click.id}:${goal ?? '-'}`;
  const duplicate: PixelResult = {
    code: 'duplicate-order',
    message: orderId
      ? `order ${orderId} is already recorded`
      : 'this goal of the click is already recorded by the pixel',
    changes: {},
  };
  try {
    return await recordConversionEvent<PixelResult>(ctx, {
      source: 'pixel',
      requestId,
      target: { key: { offer, click, externalId: null } },
      // Under the click's lock: a repeat that waited for the first request sees its conversion here.
      async repeatOf(tx) {
        if (await findPaymentConversion(tx, paymentId)) return duplicate;
        await assertPixelRoom(tx, offer, click.id, orderId);
        return undefined;
      },
      async change(held) {
        trace.leadId = held.lead.id;
        return {
          status,
          goal,
          payment: { externalPaymentId: paymentId, event: goal ?? 'pixel', userRef: null, gross },
          reason: orderId ? `order ${orderId}` : undefined,
        };
      },
      async finish(held, outcome) {
        trace.conversionId = outcome.conversion.id;
        const changes: Record<string, unknown> = { conversion_created: true, status, goal: goal ?? null };
        if (held.leadCreated) changes.lead_created = true;
        if (signed) changes.signed = true;
        return { code: 'ok', message: `recorded ${status}${goal ? ` (goal ${goal})` : ''}`, changes };
      },
    });
  } catch (error) {
    if (error instanceof DuplicatePaymentError) return duplicate;
    throw error;
  }
}
