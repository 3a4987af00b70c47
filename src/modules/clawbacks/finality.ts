import type { AppContext } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import type { ConversionState, LeadStatusRequest } from '../conversions/lead-status-change.js';
import type { ConversionRow } from '../conversions/queries.js';
import { approvedBalanceOf } from '../ledger/payout-ledger.js';
import { approvedReduction } from './note-clawback.js';

export type FinalityScope = 'offer' | 'advertiser';

export interface FinalityWindow {
  scope: FinalityScope;
  subjectId: number;
  /** Days after the conversion was created; null: no day limit. */
  days: number | null;
  /** A change that would take back money already paid to the publisher is held too. */
  whenPaid: boolean;
}

/** Why a change was held: past the window's days, or the publisher was already paid for it. */
export type HoldReason = 'days' | 'paid';

export interface HeldChange {
  id: string;
  reason: HoldReason;
  fromStatus: string;
  toStatus: string;
}

/** Only an advertiser's postbacks are held; an admin's change (and accepting a held one) applies. */
const HELD_SOURCES: readonly LeadStatusRequest['source'][] = ['postback', 'postback.json'];

const CACHE_TTL_MS = 30_000;

/**
 * Every finality window, cached per process for a few seconds (admin writes clear every cache), so a
 * postback pays no extra statement for it. With N processes, a window saved in one is seen by the
 * others within CACHE_TTL_MS.
 */
async function allWindows(ctx: AppContext, db: DbOrTx): Promise<Map<string, FinalityWindow>> {
  return ctx.caches
    .named<'all', Map<string, FinalityWindow>>('finality.windows', CACHE_TTL_MS, 1)
    .getOrLoad('all', async () => {
      const rows = await db.selectFrom('finality_windows').selectAll().execute();
      return new Map(
        rows.map((r) => [
          `${r.scope}:${r.subject_id}`,
          {
            scope: r.scope as FinalityScope,
            subjectId: Number(r.subject_id),
            days: r.days === null ? null : Number(r.days),
            whenPaid: Number(r.when_paid) === 1,
          },
        ]),
      );
    });
}

/** The window that applies to a conversion: its offer's if set, else its advertiser's. */
export async function finalityWindowOf(
  ctx: AppContext,
  db: DbOrTx,
  conversion: Pick<ConversionRow, 'offer_id' | 'advertiser_id'>,
): Promise<FinalityWindow | undefined> {
  const windows = await allWindows(ctx, db);
  return windows.get(`offer:${conversion.offer_id}`) ?? windows.get(`advertiser:${conversion.advertiser_id}`);
}

async function holdReason(
  ctx: AppContext,
  tx: Tx,
  window: FinalityWindow,
  input: { conversion: ConversionRow; from: ConversionState; next: ConversionState },
): Promise<HoldReason | undefined> {
  const { conversion, from, next } = input;
  if (window.days !== null) {
    const age = ctx.clock.now().getTime() - Date.parse(conversion.created_at);
    if (age >= window.days * 86_400_000) return 'days';
  }
  if (window.whenPaid && conversion.publisher_id !== null) {
    const reduction = approvedReduction({ from, to: next });
    if (reduction > 0) {
      const balance = await approvedBalanceOf(tx, conversion.publisher_id, from.currency);
      if (balance - reduction < 0) return 'paid';
    }
  }
  return undefined;
}

/**
 * A postback's change to a conversion past its finality window is not applied: it is queued as a
 * pending change for an admin to accept or refuse (the postback is still logged, answered `queued`).
 */
export async function holdIfFinal(
  ctx: AppContext,
  tx: Tx,
  input: {
    conversion: ConversionRow;
    from: ConversionState;
    next: ConversionState;
    request: LeadStatusRequest;
  },
): Promise<HeldChange | undefined> {
  const { conversion, from, next, request } = input;
  if (!HELD_SOURCES.includes(request.source)) return undefined;
  const window = await finalityWindowOf(ctx, tx, conversion);
  if (!window) return undefined;
  const reason = await holdReason(ctx, tx, window, input);
  if (!reason) return undefined;
  const now = ctx.clock.now();
  const held: HeldChange = {
    id: newId(now.getTime()),
    reason,
    fromStatus: from.status,
    toStatus: next.status,
  };
  await tx
    .insertInto('pending_status_changes')
    .values({
      id: held.id,
      conversion_id: conversion.id,
      lead_id: conversion.lead_id,
      advertiser_id: conversion.advertiser_id,
      offer_id: conversion.offer_id,
      publisher_id: conversion.publisher_id,
      from_status: from.status,
      to_status: next.status,
      request: JSON.stringify({
        status: request.status,
        goal: request.goal,
        adv_payout: request.advPayout,
        pub_payout: request.pubPayout,
        currency: request.currency,
        comment: request.comment,
      }),
      reason,
      source: request.source,
      postback_log_id: request.requestId ?? null,
      status: 'pending',
      note: null,
      decided_by: null,
      decided_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return held;
}
