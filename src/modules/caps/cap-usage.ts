import type { AppContext } from '../../context.js';
import { periodKey } from './cap-rules.js';

export interface OfferCapUsage {
  capId: number;
  offerId: number;
  /** Units used in the running period (minor units for payout caps) and the limit, as numbers. */
  used: number;
  limit: number;
}

/**
 * The running period's usage of every active offer-wide cap (an offer, any publisher), optionally
 * of one offer: for automation's `cap_used`. Offer × publisher caps are left out: one publisher's
 * full cap does not make the offer full.
 */
export async function offerCapUsage(ctx: AppContext, offerId: number | null): Promise<OfferCapUsage[]> {
  let query = ctx.db
    .selectFrom('caps')
    .select(['id', 'offer_id', 'period', 'time_zone', 'cap_limit'])
    .where('active', '=', 1)
    .where('offer_id', 'is not', null)
    .where('publisher_id', 'is', null);
  if (offerId !== null) query = query.where('offer_id', '=', offerId);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const nowMs = ctx.clock.now().getTime();
  const counters = await ctx.db
    .selectFrom('cap_counters')
    .select(['cap_id', 'period_key', 'used'])
    .where(
      'cap_id',
      'in',
      rows.map((r) => Number(r.id)),
    )
    .execute();
  const used = new Map(counters.map((c) => [`${c.cap_id}/${c.period_key}`, Number(c.used)]));
  return rows.map((r) => ({
    capId: Number(r.id),
    offerId: Number(r.offer_id),
    used: used.get(`${r.id}/${periodKey(r.period, r.time_zone, nowMs)}`) ?? 0,
    limit: Number(r.cap_limit),
  }));
}
