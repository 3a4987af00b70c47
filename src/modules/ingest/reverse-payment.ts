import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import type { LeadStatus } from '../../db/schema.js';
import { formatAmount } from '../../lib/money.js';
import { applyLeadStatus } from '../conversions/apply-lead-status.js';
import { RefusedError } from '../conversions/errors.js';
import { findPaymentConversion } from '../conversions/queries.js';
import type { PostbackTrace } from '../postbacks/accept-postback.js';
import { offerByIngestKey } from './ingest-conversion.js';

export type ReversalKind = 'refund' | 'chargeback';

/** Money that was confirmed is charged back; a payment not yet confirmed is simply cancelled. */
function reversedStatus(current: LeadStatus): LeadStatus | undefined {
  if (current === 'approved' || current === 'hold') return 'chargedback';
  if (current === 'processing') return 'cancelled';
  return undefined;
}

/**
 * A refund or chargeback of one payment (seed 004): its conversion becomes chargedback (cancelled if
 * it was never confirmed) and its commission is reversed on the ledger. A repeat changes nothing.
 */
export async function reversePayment(
  ctx: AppContext,
  offerKey: string | undefined,
  paymentId: string,
  kind: ReversalKind,
  trace: PostbackTrace,
  requestId: string,
) {
  const offer = await offerByIngestKey(ctx, offerKey);
  trace.offerId = offer.id;
  trace.advertiserId = offer.advertiser_id;
  const outcome = await inTransaction(ctx.db, async (tx) => {
    const conversion = await findPaymentConversion(tx, paymentId);
    if (!conversion) {
      throw new RefusedError(
        404,
        'bad-payment',
        `payment ${paymentId} is not recorded`,
        'external_payment_id',
      );
    }
    if (conversion.offer_id !== offer.id) {
      throw new RefusedError(
        403,
        'access',
        `payment ${paymentId} belongs to another offer`,
        'external_payment_id',
      );
    }
    trace.clickId = conversion.click_id ?? undefined;
    trace.flowId = conversion.flow_id ?? undefined;
    trace.leadId = conversion.lead_id;
    trace.conversionId = conversion.id;
    return applyLeadStatus(ctx, tx, {
      leadId: conversion.lead_id,
      status: reversedStatus(conversion.status),
      payment: {
        externalPaymentId: paymentId,
        event: conversion.event ?? kind,
        userRef: conversion.user_ref,
        gross: null,
      },
      source: 'ingest',
      reason: kind,
      requestId,
    });
  });
  const c = outcome.conversion;
  return {
    result: outcome.change ? ('ok' as const) : ('no-changes' as const),
    conversion_id: c.id,
    lead_id: c.lead_id,
    external_payment_id: paymentId,
    event: c.event,
    status: c.status,
    goal: c.goal,
    adv_payout: formatAmount(c.adv_payout, c.currency),
    pub_payout: formatAmount(c.pub_payout, c.currency),
    currency: c.currency,
    ledger_event_ids: outcome.change?.ledgerEventIds ?? [],
  };
}
