import type { AppContext } from '../../context.js';
import { formatAmount } from '../../lib/money.js';
import { goalsOf } from '../offers/queries.js';
import { offerTrackingUrl } from '../offers/save-offer.js';
import { availableOfferRows } from './queries.js';
import type { PublisherOffer } from './schemas.js';

/** The offers a publisher may run, with the payout they earn (custom payout wins). */
export async function listAvailableOffers(ctx: AppContext, publisherId: number): Promise<PublisherOffer[]> {
  const rows = await availableOfferRows(ctx.db, publisherId);
  const goals = await goalsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    id: String(row.id),
    name: row.name,
    description: row.description,
    payout: formatAmount(row.assigned_payout ?? row.pub_payout, row.currency),
    currency: row.currency,
    geo: JSON.parse(row.geo),
    visibility: row.visibility,
    daily_cap: row.daily_cap,
    goals: goals
      .filter((g) => g.offer_id === row.id)
      .map((g) => ({ key: g.key, name: g.name, payout: formatAmount(g.pub_payout, row.currency) })),
    tracking_url: offerTrackingUrl(ctx, row.id, String(publisherId)),
  }));
}

export async function canRunOffer(ctx: AppContext, publisherId: number, offerId: number): Promise<boolean> {
  const rows = await availableOfferRows(ctx.db, publisherId, offerId);
  return rows.length > 0;
}

/**
 * The ids of the offers a publisher may run (active; public, or assigned to them), cached per
 * process for a few seconds: the smart link reads it on every click (src/modules/smartlink).
 */
export function availableOfferIds(ctx: AppContext, publisherId: number): Promise<readonly number[]> {
  return ctx.caches
    .named<number, readonly number[]>('publisher.available-offer-ids', 5_000)
    .getOrLoad(publisherId, async () => (await availableOfferRows(ctx.db, publisherId)).map((r) => r.id));
}
