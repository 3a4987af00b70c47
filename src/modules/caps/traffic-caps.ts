import type { AppContext } from '../../context.js';
import type { DbOrTx, Tx } from '../../db/database.js';
import type { LeadStatus } from '../../db/schema.js';
import { type Cap, capsFor } from './cap-rules.js';
import { fullCap, releaseCaps, reserveCaps } from './reserve-cap.js';

/**
 * Where caps meet traffic. What counts, exactly:
 * - clicks: every click that passed every other check, taken when it is answered (a rejected click
 *   never counts); never given back;
 * - leads: a lead stored as `processing` that will be pushed (not test, spam, duplicate or a
 *   record-only import), taken in the lead's own transaction; given back when the lead later
 *   becomes cancelled, wrong_number, spam, duplicate or test (LEAD_RELEASED). A lead given back is
 *   not taken again if it comes back;
 * - conversions and payout: a conversion counts when it becomes approved (payout: its publisher
 *   payout in minor units, for caps of that currency) and is given back when it leaves approved.
 *   An approval is never refused (the advertiser has converted); a hard conversion or payout cap
 *   that is full stops the traffic instead: new clicks and leads of what it covers.
 */
export const LEAD_RELEASED: readonly LeadStatus[] = [
  'cancelled',
  'wrong_number',
  'spam',
  'duplicate',
  'test',
];

export interface CapTarget {
  offerId: number;
  publisherId: number | null;
}

/**
 * A click's caps: full hard lead/conversion/payout caps stop it, then one click is taken from the
 * click caps. Answers the cap that stops the click, or undefined. Traffic of an offer and publisher
 * without any cap costs no database statement (the caps are cached per process).
 */
export async function takeClickCaps(
  ctx: AppContext,
  target: CapTarget,
  atMs: number,
): Promise<Cap | undefined> {
  const caps = await capsFor(ctx, target);
  if (caps.length === 0) return undefined;
  const full = await fullCap(ctx.db, caps, atMs, ['leads', 'conversions', 'payout']);
  if (full) return full;
  const taken = await reserveCaps(ctx, ctx.db, { caps, metric: 'clicks', amount: 1, atMs });
  return taken.ok ? undefined : taken.cap;
}

/**
 * For routing (streams): is there room under every hard cap of this target right now? A read only:
 * nothing is taken (a click routed here still goes through takeClickCaps, which may refuse).
 */
export async function capAvailable(ctx: AppContext, target: CapTarget, atMs: number): Promise<boolean> {
  return (await fullHardCap(ctx, target, atMs)) === undefined;
}

/** The first full hard cap of this target right now (a read), or undefined: for the simulator. */
export async function fullHardCap(
  ctx: AppContext,
  target: CapTarget,
  atMs: number,
): Promise<Cap | undefined> {
  const caps = await capsFor(ctx, target);
  if (caps.length === 0) return undefined;
  return fullCap(ctx.db, caps, atMs);
}

/** A new lead's caps, inside the lead's transaction: the cap that refuses it, or undefined (taken). */
export async function takeLeadCaps(
  ctx: AppContext,
  tx: Tx,
  input: CapTarget & { leadId: string; atMs: number },
): Promise<Cap | undefined> {
  const caps = await capsFor(ctx, input, tx);
  if (caps.length === 0) return undefined;
  const full = await fullCap(tx, caps, input.atMs, ['conversions', 'payout']);
  if (full) return full;
  const taken = await reserveCaps(ctx, tx, {
    caps,
    metric: 'leads',
    amount: 1,
    atMs: input.atMs,
    subject: `lead:${input.leadId}`,
  });
  return taken.ok ? undefined : taken.cap;
}

/** After a lead's status or its conversion changed (conversions/apply-lead-status.ts), in its transaction. */
export async function followStatusChange(
  ctx: AppContext,
  tx: DbOrTx,
  input: CapTarget & {
    leadId: string;
    leadStatus: LeadStatus;
    conversionId: string;
    wasApproved: boolean;
    approved: boolean;
    pubPayout: number;
    currency: string;
    atMs: number;
  },
): Promise<void> {
  const subject = `conversion:${input.conversionId}`;
  const released = LEAD_RELEASED.includes(input.leadStatus) ? [`lead:${input.leadId}`] : [];
  if (input.wasApproved && !input.approved) released.push(subject);
  await releaseCaps(tx, ...released);
  if (input.wasApproved === input.approved || !input.approved) return;
  const caps = await capsFor(ctx, input, tx);
  if (caps.length === 0) return;
  // Counted, never refused: see the note at the top. Hard caps too count past the limit here.
  const counting = { caps, atMs: input.atMs, subject, countOnly: true };
  await reserveCaps(ctx, tx, { ...counting, metric: 'conversions', amount: 1 });
  if (input.pubPayout > 0)
    await reserveCaps(ctx, tx, {
      ...counting,
      metric: 'payout',
      amount: input.pubPayout,
      currency: input.currency,
    });
}
