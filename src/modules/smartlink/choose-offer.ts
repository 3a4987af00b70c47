import type { AppContext } from '../../context.js';
import { capAvailable } from '../caps/traffic-caps.js';
import { loadAssigned, loadOffer } from '../clicks/click-targets.js';
import { capDay, capUsed } from '../offers/caps.js';
import { availableOfferIds } from '../publishers/available-offers.js';
import type { Random } from '../streams/rotation.js';
import { epcFor, loadEpcTable } from './offer-epc.js';
import { pickSmartOffer, type SmartCandidate, type SmartPick } from './pick-offer.js';

export interface SmartVisitor {
  country: string | null;
  now: Date;
}

interface SmartOffer {
  id: number;
  geo: ReadonlySet<string>;
  epc: number | null;
}

/**
 * The offers a publisher may run right now (active; public or assigned to them) with their EPC,
 * built from the per-process caches and kept for 5 s per publisher (every admin change clears it):
 * a click then only filters this list by country, synchronously.
 */
function publisherOffers(ctx: AppContext, publisherId: number): Promise<readonly SmartOffer[]> {
  return ctx.caches
    .named<number, readonly SmartOffer[]>('smartlink.publisher-offers', 5_000)
    .getOrLoad(publisherId, async () => {
      const [ids, table] = await Promise.all([availableOfferIds(ctx, publisherId), loadEpcTable(ctx)]);
      const out: SmartOffer[] = [];
      for (const id of ids) {
        const offer = await loadOffer(ctx, id);
        // The list is a few seconds old at most: the offer's own cached row is checked again.
        if (offer?.status !== 'active') continue;
        if (offer.visibility === 'private' && !(await loadAssigned(ctx, publisherId, id))) continue;
        out.push({ id, geo: offer.geo, epc: epcFor(table, publisherId, id) });
      }
      return out;
    });
}

/**
 * The offers this visitor may be sent to, with their EPC: offers the publisher may run that accept
 * the visitor's country (an offer without GEO accepts everyone; an unknown country only those).
 * O(offers) in memory per click, no database statement while the caches are warm.
 */
export async function smartCandidates(
  ctx: AppContext,
  publisherId: number,
  visitor: SmartVisitor,
): Promise<SmartCandidate[]> {
  const offers = await publisherOffers(ctx, publisherId);
  const out: SmartCandidate[] = [];
  const { country } = visitor;
  for (const o of offers) {
    if (o.geo.size > 0 && (!country || !o.geo.has(country))) continue;
    out.push({ offerId: o.id, epc: o.epc });
  }
  return out;
}

/** Why this offer cannot take the visitor (before caps), or undefined when it can. */
export async function ineligible(
  ctx: AppContext,
  publisherId: number,
  offerId: number,
  visitor: SmartVisitor,
): Promise<string | undefined> {
  const offer = await loadOffer(ctx, offerId);
  // The list is a few seconds old at most: the offer's own cached row is checked again.
  if (offer?.status !== 'active') return 'not active';
  if (offer.visibility === 'private' && !(await loadAssigned(ctx, publisherId, offerId)))
    return 'not assigned to the publisher';
  if (offer.geo.size > 0 && (!visitor.country || !offer.geo.has(visitor.country)))
    return `not open to ${visitor.country ?? 'an unknown country'}`;
  return undefined;
}

/** Room for one more click of this publisher on the offer: its daily cap and every hard cap (reads only). */
export async function hasRoom(
  ctx: AppContext,
  publisherId: number,
  offerId: number,
  now: Date,
): Promise<boolean> {
  const offer = await loadOffer(ctx, offerId);
  if (!offer) return false;
  if (offer.dailyCap !== null && (await capUsed(ctx.db, offerId, capDay(now))) >= offer.dailyCap)
    return false;
  return capAvailable(ctx, { offerId, publisherId }, now.getTime());
}

/**
 * Pick the offer for one visitor: among the candidates, pickSmartOffer; a pick whose caps are full
 * is dropped and the pick is made again among the rest (caps are read for the picked offer only, so
 * a click reads at most as many caps as there are full ones). Undefined: no eligible offer.
 * The click then takes its cap unit in recordClick (atomic): a cap filled in between refuses it.
 */
export async function chooseSmartOffer(
  ctx: AppContext,
  publisherId: number,
  visitor: SmartVisitor,
  random: Random = Math.random,
): Promise<SmartPick | undefined> {
  let candidates = await smartCandidates(ctx, publisherId, visitor);
  while (candidates.length > 0) {
    const pick = pickSmartOffer(candidates, random);
    if (!pick) return undefined;
    if (await hasRoom(ctx, publisherId, pick.offerId, visitor.now)) return pick;
    candidates = candidates.filter((c) => c.offerId !== pick.offerId);
  }
  return undefined;
}
