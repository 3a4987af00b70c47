import type { Static } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import type { LeadStatus } from '../../db/schema.js';
import { ValidationError } from '../../lib/errors.js';
import { assertCurrency, formatAmount, parseAmount } from '../../lib/money.js';
import { findClick } from '../clicks/find-click.js';
import { RefusedError } from '../conversions/errors.js';
import { DuplicatePaymentError, type PaymentInput } from '../conversions/lead-status-change.js';
import { loadOfferTerms } from '../conversions/payout-terms.js';
import { creationOf, findPaymentConversion } from '../conversions/queries.js';
import { recordConversionEvent } from '../conversions/record-conversion-event.js';
import { findOfferByIngestKey, type GoalRow, type OfferRow } from '../offers/queries.js';
import type { PostbackTrace } from '../postbacks/accept-postback.js';
import type { IngestConversionBody } from './schemas.js';

export type IngestConversionInput = Static<typeof IngestConversionBody>;

export interface IngestResult {
  replayed: boolean;
  body: {
    conversion_id: string;
    lead_id: string;
    external_payment_id: string;
    event: string | null;
    status: LeadStatus;
    goal: string | null;
    adv_payout: string;
    pub_payout: string;
    currency: string;
  };
}

const KEY_TTL_MS = 5_000;

/** The offer whose X-Offer-Key was sent; a missing or unknown key is 403 `access`. */
export async function offerByIngestKey(ctx: AppContext, key: string | undefined): Promise<OfferRow> {
  if (!key) throw new RefusedError(403, 'access', 'the X-Offer-Key header is missing', 'x-offer-key');
  const offer = await ctx.caches
    .named<string, OfferRow | null>('ingest.offer', KEY_TTL_MS, 10_000)
    .getOrLoad(key, async () => (await findOfferByIngestKey(ctx.db, key)) ?? null);
  if (!offer)
    throw new RefusedError(403, 'access', 'X-Offer-Key is not the ingest key of an offer', 'x-offer-key');
  return offer;
}

/**
 * Seed 004's vocabulary: sale/rebill are approved on the sale goal (a `rebill` goal, when the offer
 * has one, pays rebills and later payments differently); lead/trial are approved on a lead (trial)
 * goal when the offer has one, otherwise they wait in processing.
 */
function planFor(input: IngestConversionInput, goals: readonly GoalRow[]) {
  const find = (word: string) =>
    goals.find((g) => g.key === word || (JSON.parse(g.aliases) as string[]).includes(word));
  const laterPayment =
    input.event === 'rebill' || (input.event === 'sale' && input.is_first_payment === false);
  const words =
    input.event === 'lead'
      ? ['lead']
      : input.event === 'trial'
        ? ['trial', 'lead']
        : laterPayment
          ? ['rebill', 'sale']
          : ['sale'];
  const goal = words.map(find).find((g) => g !== undefined);
  const paid = input.event === 'sale' || input.event === 'rebill';
  const status: LeadStatus = paid || goal ? 'approved' : 'processing';
  return { status, goal: goal?.key };
}

function grossOf(input: IngestConversionInput, offer: OfferRow): PaymentInput['gross'] {
  let currency = offer.currency;
  if (input.currency) {
    try {
      currency = assertCurrency(input.currency);
    } catch {
      throw new RefusedError(
        422,
        'bad-currency',
        `currency "${input.currency}" is not an ISO 4217 code`,
        'currency',
      );
    }
  }
  if (input.gross_amount === undefined || input.gross_amount === null) return null;
  try {
    return { amount: parseAmount(input.gross_amount, currency, 'gross_amount'), currency };
  } catch (error) {
    if (error instanceof ValidationError)
      throw new RefusedError(422, 'bad-payout', error.message, 'gross_amount');
    throw error;
  }
}

/** The answer to the first call for a payment, rebuilt from the conversion's creation record. */
async function firstAnswer(ctx: AppContext, paymentId: string, offer: OfferRow, trace: PostbackTrace) {
  const conversion = await findPaymentConversion(ctx.db, paymentId);
  if (!conversion) throw new Error(`payment ${paymentId} vanished`);
  if (conversion.offer_id !== offer.id) {
    throw new RefusedError(
      403,
      'access',
      `payment ${paymentId} belongs to another offer`,
      'external_payment_id',
    );
  }
  trace.leadId = conversion.lead_id;
  trace.conversionId = conversion.id;
  const first = await creationOf(ctx.db, conversion.id);
  const state = first
    ? {
        status: first.to_status,
        goal: first.goal,
        adv: first.adv_payout,
        pub: first.pub_payout,
        currency: first.currency,
      }
    : {
        status: conversion.status,
        goal: conversion.goal,
        adv: conversion.adv_payout,
        pub: conversion.pub_payout,
        currency: conversion.currency,
      };
  return {
    conversion_id: conversion.id,
    lead_id: conversion.lead_id,
    external_payment_id: paymentId,
    event: conversion.event,
    status: state.status,
    goal: state.goal,
    adv_payout: formatAmount(state.adv, state.currency),
    pub_payout: formatAmount(state.pub, state.currency),
    currency: state.currency,
  };
}

/**
 * A payment from a product owner (seed 004), idempotent on external_payment_id: a repeat answers
 * what the first call answered and changes nothing. The lead is the click's (by user_ref, the
 * customer), created when the click has none; each payment is a conversion of its own.
 */
export async function ingestConversion(
  ctx: AppContext,
  offerKey: string | undefined,
  input: IngestConversionInput,
  trace: PostbackTrace,
  requestId: string,
): Promise<IngestResult> {
  trace.clickId = input.click_id ?? undefined;
  const offer = await offerByIngestKey(ctx, offerKey);
  trace.offerId = offer.id;
  trace.advertiserId = offer.advertiser_id;
  if (!input.click_id) throw new RefusedError(422, 'no-click', 'click_id is missing', 'click_id');
  const click = await findClick(ctx, input.click_id);
  if (!click || click.status === 'rejected') {
    throw new RefusedError(404, 'bad-click', `click ${input.click_id} not found`, 'click_id');
  }
  trace.flowId = click.flow_id ?? undefined;
  if (click.offer_id !== offer.id) {
    throw new RefusedError(403, 'access', `click ${input.click_id} belongs to another offer`, 'click_id');
  }
  const gross = grossOf(input, offer);
  const plan = planFor(input, (await loadOfferTerms(ctx, offer.id))?.goals ?? []);
  const paymentId = input.external_payment_id;
  try {
    const created = await recordConversionEvent(ctx, {
      source: 'ingest',
      requestId,
      target: { key: { offer, click, externalId: input.user_ref ?? null } },
      // Under the click's lock: a repeat that waited for the first call sees its payment here.
      repeatOf: async (tx) => ((await findPaymentConversion(tx, paymentId)) ? false : undefined),
      async change(held) {
        trace.leadId = held.lead.id;
        return {
          status: plan.status,
          goal: plan.goal,
          payment: {
            externalPaymentId: paymentId,
            event: input.event,
            userRef: input.user_ref ?? null,
            gross,
          },
          reason: input.event,
        };
      },
      finish: async () => true,
    });
    return { replayed: !created, body: await firstAnswer(ctx, paymentId, offer, trace) };
  } catch (error) {
    if (!(error instanceof DuplicatePaymentError)) throw error;
    return { replayed: true, body: await firstAnswer(ctx, paymentId, offer, trace) };
  }
}
