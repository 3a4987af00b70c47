import type { AppContext } from '../../context.js';
import { formatAmount } from '../../lib/money.js';
import { countryOf } from '../clicks/geo.js';
import { availableOfferIds } from '../publishers/available-offers.js';
import { hasRoom, ineligible } from './choose-offer.js';
import { epcFor, loadEpcTable } from './offer-epc.js';
import { EXPLORATION_SHARE, pickSmartOffer } from './pick-offer.js';
import type { SmartSimulation } from './schemas.js';
import { getSmartLink } from './smart-link.js';

/**
 * What the smart link would do with a visitor from this country (or address), recording nothing:
 * every offer the publisher may run with why it is out, its EPC and whether its caps have room, and
 * the offer the 80 % (exploiting) share goes to. Caps are only read.
 */
export async function simulateSmartLink(
  ctx: AppContext,
  publisherId: number,
  input: { country?: string; ip?: string },
): Promise<SmartSimulation> {
  const link = await getSmartLink(ctx, publisherId);
  const country = input.country ? input.country.toUpperCase() : input.ip ? countryOf(input.ip) : null;
  const visitor = { country, now: ctx.clock.now() };
  const [ids, table] = await Promise.all([availableOfferIds(ctx, publisherId), loadEpcTable(ctx)]);
  const currency = ctx.config.baseCurrency;
  const offers: SmartSimulation['offers'] = [];
  const candidates = [];
  for (const id of ids) {
    const epc = epcFor(table, publisherId, id);
    const why = await ineligible(ctx, publisherId, id, visitor);
    const room = why === undefined ? await hasRoom(ctx, publisherId, id, visitor.now) : null;
    const reason = why ?? (room ? null : 'a cap is full');
    if (reason === null) candidates.push({ offerId: id, epc });
    offers.push({
      offer_id: String(id),
      eligible: reason === null,
      reason,
      // A statistic rounded to whole minor units for display.
      epc: epc === null ? null : formatAmount(Math.round(epc), currency),
    });
  }
  const best = pickSmartOffer(candidates, () => 1, 0);
  return {
    enabled: link.enabled,
    network_enabled: link.network_enabled,
    country,
    currency,
    exploration_share: EXPLORATION_SHARE,
    best_offer_id: best && !best.explored ? String(best.offerId) : null,
    offers,
  };
}
