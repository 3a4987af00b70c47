import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { unlessUniqueViolation } from '../../db/dialect.js';
import { NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { followStatusChange } from '../caps/traffic-caps.js';
import { holdIfFinal } from '../clawbacks/finality.js';
import { noteClawback } from '../clawbacks/note-clawback.js';
import { loadRateBook, rateForConversion } from '../currency/rate-book.js';
import { drawPrepayment } from '../invoices/prepayment.js';
import { changeLead, insertLead, type LeadRow, lockLead } from '../leads/queries.js';
import { moveConversionLedger } from '../ledger/move-conversion.js';
import type { GoalRow, OfferRow } from '../offers/queries.js';
import { eventForChange } from '../publisher-postbacks/event-for-change.js';
import { tellPublisher } from '../publisher-postbacks/tell-publisher.js';
import { commissionFor, type Payouts } from './commission.js';
import {
  type ConversionState,
  DuplicatePaymentError,
  type LeadStatusChange,
  type LeadStatusOutcome,
  type LeadStatusRequest,
} from './lead-status-change.js';
import {
  applyPayoutOverrides,
  assertPublisherNotAbove,
  NOTHING_SENT,
  type RatesOnDay,
  resolveGoal,
  type SentPayouts,
} from './payout-overrides.js';
import { loadCustomPayout, loadOfferTerms } from './payout-terms.js';
import {
  type ConversionRow,
  findPaymentConversion,
  findStatusConversion,
  insertConversion,
  insertHistory,
  updateConversion,
} from './queries.js';

const stateOf = (c: ConversionRow): ConversionState => ({
  status: c.status,
  goal: c.goal,
  advPayout: Number(c.adv_payout),
  pubPayout: Number(c.pub_payout),
  currency: c.currency,
});

const sentOf = (c: ConversionRow): SentPayouts => ({
  advPayout: c.sent_adv_payout === null ? null : Number(c.sent_adv_payout),
  pubPayout: c.sent_pub_payout === null ? null : Number(c.sent_pub_payout),
  currency: c.sent_currency,
});

const sameSent = (a: SentPayouts, b: SentPayouts) =>
  a.advPayout === b.advPayout && a.pubPayout === b.pubPayout && a.currency === b.currency;

const sentColumns = (sent: SentPayouts) => ({
  sent_adv_payout: sent.advPayout,
  sent_pub_payout: sent.pubPayout,
  sent_currency: sent.currency,
});

const sameState = (a: ConversionState, b: ConversionState) =>
  a.status === b.status &&
  a.goal === b.goal &&
  a.advPayout === b.advPayout &&
  a.pubPayout === b.pubPayout &&
  a.currency === b.currency;

/**
 * The one path that changes a lead's status, goal or payouts: postbacks of both dialects, the
 * ingest API and an admin's manual change all come here, inside their own transaction.
 * Locks the lead, decides the conversion's new state (goal → offer → custom payout → overrides),
 * and when anything changed writes the conversion, the lead, one history row and the balanced
 * ledger entries that take the conversion's position to what its new state implies.
 */
export async function applyLeadStatus(
  ctx: AppContext,
  tx: Tx,
  request: LeadStatusRequest,
): Promise<LeadStatusOutcome> {
  // A payment may name a conversion that exists: the lead is then written first, as before.
  const unsaved = request.payment ? undefined : request.unsavedLead;
  const lead =
    request.unsavedLead && !unsaved
      ? await insertLead(tx, request.unsavedLead)
      : await leadUnderLock(tx, request);
  const terms = await loadOfferTerms(ctx, lead.offer_id, tx);
  if (!terms) throw new Error(`lead ${lead.id} points at missing offer ${lead.offer_id}`);
  const { offer, goals } = terms;
  const conversion = request.payment
    ? await findPaymentConversion(tx, request.payment.externalPaymentId)
    : // A lead created in this transaction has no conversion yet.
      request.leadCreated
      ? undefined
      : await findStatusConversion(tx, lead.id);
  const { state: next, sent } = await nextState(ctx, tx, { lead, offer, goals, conversion, request });
  const now = ctx.clock.now();
  const iso = now.toISOString();

  if (conversion && sameState(stateOf(conversion), next)) {
    return updateCommentOnly(tx, lead, conversion, { comment: request.comment, sent }, iso);
  }
  if (conversion) {
    // Past its finality window, a postback's change waits for an admin instead (issue 17).
    const queued = await holdIfFinal(ctx, tx, { conversion, from: stateOf(conversion), next, request });
    if (queued) return { lead, conversion, change: null, commentChanged: false, queued };
  }

  // A lead created by this request and not written yet is written now with its status: no update.
  const insertedLead = unsaved
    ? await insertLead(tx, {
        ...unsaved,
        status: next.status,
        goal: next.goal,
        status_comment: request.comment ?? lead.status_comment,
        updated_at: iso,
      })
    : undefined;
  const saved = await saveConversion(ctx, tx, { lead, offer, conversion, next, sent, request, iso, now });
  // A lead's status and goal are its status conversion's; a payment sets them only on a lead that has none.
  const leadFollows = !request.payment || request.leadCreated || !(await findStatusConversion(tx, lead.id));
  const updatedLead =
    insertedLead ??
    (await changeLead(tx, lead, {
      ...(leadFollows ? { status: next.status, goal: next.goal } : {}),
      status_comment: request.comment ?? lead.status_comment,
      updated_at: iso,
    }));
  const change = await recordChange(tx, { lead, conversion, saved, next, request, now });
  // Caps counted in leads give a rejected lead back; those counted in conversions follow approval.
  await followStatusChange(ctx, tx, {
    offerId: saved.offer_id,
    publisherId: saved.publisher_id,
    leadId: lead.id,
    leadStatus: (updatedLead ?? lead).status,
    conversionId: saved.id,
    wasApproved: conversion?.status === 'approved',
    approved: next.status === 'approved',
    pubPayout: next.pubPayout,
    currency: next.currency,
    atMs: now.getTime(),
  });
  // Approved money reversed after it was paid out: a clawback, the operator told (issue 17).
  await noteClawback(ctx, tx, change, saved);
  // A prepayment advertiser's balance: alert, pause at zero (invoices/prepayment.ts).
  await drawPrepayment(ctx, tx, { advertiserId: saved.advertiser_id, ...change });
  // Once per real change, in this transaction: the publisher's postbacks and pixel events.
  const event = eventForChange(change, updatedLead ?? lead, request.payment);
  if (event) await tellPublisher(tx, ctx, event);
  return { lead: updatedLead ?? lead, conversion: saved, change, commentChanged: false };
}

/** The caller's locked lead, or the lead read under a lock here. */
async function leadUnderLock(tx: Tx, request: LeadStatusRequest): Promise<LeadRow> {
  const held = request.lockedLead;
  if (held && held.id === request.leadId) return held;
  const lead = await lockLead(tx, request.leadId);
  if (!lead) throw new NotFoundError('lead');
  return lead;
}

/**
 * Nothing in the money state changed; a new advertiser comment is still kept, and so is a new record
 * of the payouts as sent (the same booked amount, sent another way), neither of them a change.
 */
async function updateCommentOnly(
  tx: Tx,
  lead: LeadRow,
  conversion: ConversionRow,
  update: { comment: string | undefined; sent: SentPayouts },
  iso: string,
): Promise<LeadStatusOutcome> {
  const { comment, sent } = update;
  const commentChanged = comment !== undefined && comment !== conversion.comment;
  const sentChanged = !sameSent(sentOf(conversion), sent);
  if (!commentChanged && !sentChanged) return { lead, conversion, change: null, commentChanged };
  const updated = await updateConversion(tx, conversion, {
    ...(commentChanged ? { comment } : {}),
    ...(sentChanged ? sentColumns(sent) : {}),
    ...(commentChanged ? { updated_at: iso } : {}),
  });
  if (!commentChanged) return { lead, conversion: updated, change: null, commentChanged };
  const updatedLead = await changeLead(tx, lead, { status_comment: comment, updated_at: iso });
  return { lead: updatedLead ?? lead, conversion: updated, change: null, commentChanged };
}

/** The ledger move and the history row of one change, and the change as callers see it. */
async function recordChange(
  tx: Tx,
  input: {
    lead: LeadRow;
    conversion: ConversionRow | undefined;
    saved: ConversionRow;
    next: ConversionState;
    request: LeadStatusRequest;
    now: Date;
  },
): Promise<LeadStatusChange> {
  const { lead, conversion, saved, next, request, now } = input;
  const iso = now.toISOString();
  const from = conversion
    ? stateOf(conversion)
    : {
        status: request.leadCreated ? null : lead.status,
        goal: request.leadCreated ? null : lead.goal,
        advPayout: 0,
        pubPayout: 0,
        currency: next.currency,
      };
  const ledgerEventIds = await moveConversionLedger(tx, {
    conversionId: saved.id,
    isNew: !conversion,
    target: { ...next, advertiserId: saved.advertiser_id, publisherId: saved.publisher_id },
    memo: `${from.status ?? 'new'} → ${next.status}${next.goal ? ` (goal ${next.goal})` : ''}, ${request.source}`,
    now,
  });
  const historyId = newId(now.getTime());
  await insertHistory(tx, {
    id: historyId,
    lead_id: lead.id,
    conversion_id: saved.id,
    from_status: from.status,
    to_status: next.status,
    from_goal: from.goal,
    goal: next.goal,
    adv_payout: next.advPayout,
    pub_payout: next.pubPayout,
    currency: next.currency,
    source: request.source,
    reason: request.reason ?? null,
    actor: request.actor ?? null,
    request_id: request.requestId ?? null,
    created_at: iso,
  });
  return {
    historyId,
    leadId: lead.id,
    conversionId: saved.id,
    source: request.source,
    leadCreated: request.leadCreated === true,
    conversionCreated: !conversion,
    from,
    to: next,
    ledgerEventIds,
    at: iso,
  };
}

interface Decision {
  lead: LeadRow;
  offer: OfferRow;
  conversion: ConversionRow | undefined;
  request: LeadStatusRequest;
}

async function nextState(
  ctx: AppContext,
  tx: Tx,
  d: Decision & { goals: readonly GoalRow[] },
): Promise<{ state: ConversionState; sent: SentPayouts }> {
  const { lead, offer, goals, conversion, request } = d;
  const currentGoal = conversion ? conversion.goal : lead.goal;
  const goal = request.goal === undefined ? currentGoal : resolveGoal(goals, request.goal, offer.id).key;
  const status = request.status ?? conversion?.status ?? lead.status;
  const hasPublisher = lead.publisher_id !== null;
  const goalRow = goals.find((g) => g.key === goal);
  const sameGoal = conversion !== undefined && goal === conversion.goal;
  const base: Payouts = sameGoal
    ? stateOf(conversion)
    : await basePayouts(ctx, tx, { lead, offer, goalRow, request });
  // The conversion's own day (today for a new one): a late postback converts at the rate it was made at.
  const day = (conversion?.created_at ?? ctx.clock.now().toISOString()).slice(0, 10);
  const { sent, ...payouts } = applyPayoutOverrides(base, request, {
    hasPublisher,
    maxPayout: ctx.config.maxPayout,
    rates: request.currency === undefined ? undefined : await ratesOn(ctx, tx, day),
    previousSent: sameGoal ? sentOf(conversion) : NOTHING_SENT,
  });
  const field = payoutFieldSent(request, !sameGoal && (goalRow?.revshare_bps ?? null) !== null);
  if (field && request.source !== 'admin') assertPublisherNotAbove(payouts, offer, field);
  return { state: { status, goal, ...payouts }, sent };
}

/** The rates in effect on a day, from the (cached) rate book, for a payout sent in another currency. */
async function ratesOn(ctx: AppContext, tx: Tx, day: string): Promise<RatesOnDay> {
  const book = await loadRateBook(ctx, tx);
  return { day, rateOf: (currency) => book.rateOn(currency, day)?.rate };
}

/**
 * The field through which an inbound request set the publisher's payout itself, if it did: `wm`, or a
 * gross amount a revenue-share goal takes its share of. An advertiser payout sent alone is the
 * advertiser's own word on what it pays and is kept even below the publisher's payout (a negative
 * margin, visible in Finance): refusing it would lose a real conversion.
 */
function payoutFieldSent(request: LeadStatusRequest, revshareGoal: boolean): string | undefined {
  if (request.pubPayout !== undefined) return 'wm';
  if (revshareGoal && request.payment?.gross) return request.source === 'pixel' ? 'amount' : 'gross_amount';
  return undefined;
}

async function basePayouts(
  ctx: AppContext,
  tx: Tx,
  input: { lead: LeadRow; offer: OfferRow; goalRow: GoalRow | undefined; request: LeadStatusRequest },
): Promise<Payouts> {
  const { lead, offer, goalRow } = input;
  const customPubPayout =
    !goalRow && lead.publisher_id !== null
      ? await loadCustomPayout(ctx, tx, lead.publisher_id, offer.id)
      : null;
  return commissionFor({
    offer: {
      advPayout: Number(offer.adv_payout),
      pubPayout: Number(offer.pub_payout),
      currency: offer.currency,
    },
    goal: goalRow
      ? {
          advPayout: Number(goalRow.adv_payout),
          pubPayout: Number(goalRow.pub_payout),
          revshareBps: goalRow.revshare_bps,
        }
      : null,
    customPubPayout,
    gross: input.request.payment?.gross ?? null,
    hasPublisher: lead.publisher_id !== null,
  });
}

/** A conversion's money columns and comment, as one object (not spreads of several: session 16). */
function moneyColumns(next: ConversionState, sent: SentPayouts, iso: string, comment: string | null) {
  return {
    status: next.status,
    goal: next.goal,
    adv_payout: next.advPayout,
    pub_payout: next.pubPayout,
    currency: next.currency,
    sent_adv_payout: sent.advPayout,
    sent_pub_payout: sent.pubPayout,
    sent_currency: sent.currency,
    updated_at: iso,
    comment,
  };
}

async function saveConversion(
  ctx: AppContext,
  tx: Tx,
  input: Decision & { next: ConversionState; sent: SentPayouts; iso: string; now: Date },
): Promise<ConversionRow> {
  const { lead, offer, conversion, next, request, iso, sent } = input;
  if (conversion) {
    return updateConversion(
      tx,
      conversion,
      moneyColumns(next, sent, iso, request.comment ?? conversion.comment),
    );
  }
  const payment = request.payment;
  const id = newId(input.now.getTime());
  // The rate in effect for its currency today, so reports in another currency stay put later.
  const rate = await rateForConversion(ctx, tx, next.currency, input.now);
  const row = {
    ...moneyColumns(next, sent, iso, request.comment ?? null),
    id,
    lead_id: lead.id,
    click_id: lead.click_id,
    offer_id: offer.id,
    advertiser_id: offer.advertiser_id,
    publisher_id: lead.publisher_id,
    flow_id: lead.flow_id,
    external_payment_id: payment?.externalPaymentId ?? null,
    user_ref: payment?.userRef ?? null,
    event: payment?.event ?? null,
    gross_amount: payment?.gross?.amount ?? null,
    gross_currency: payment?.gross?.currency ?? null,
    rate_date: rate.rate_date,
    rate: rate.rate,
    created_at: iso,
  };
  if (!payment) return insertConversion(tx, row);
  const inserted = await unlessUniqueViolation(tx, () => insertConversion(tx, row));
  if (!inserted) throw new DuplicatePaymentError(payment.externalPaymentId);
  return inserted;
}
