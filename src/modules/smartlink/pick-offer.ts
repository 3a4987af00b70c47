import type { Random } from '../streams/rotation.js';

/**
 * The smart link's choice among the offers a visitor may be sent to (docs/tracking.md "Smart link",
 * docs/streams.md). Epsilon-greedy, as Affise and Scaleo describe their smart links: about 20 % of
 * the traffic goes to any eligible offer at random, so new offers get clicks and old ones are
 * re-measured; the rest goes to the offer with the best recent EPC.
 * https://help-center.affise.com/en/articles/6595509-smartlinks-admins
 * https://help.scaleo.io/article/448-smart-links
 */
export const EXPLORATION_SHARE = 0.2;

export interface SmartCandidate {
  offerId: number;
  /**
   * Recent earnings per click, in minor units of the base currency per click (a statistic for
   * ranking, never an amount that is paid or summed); null: too few clicks to judge.
   */
  epc: number | null;
}

export interface SmartPick {
  offerId: number;
  /** Chosen at random (the exploration share, or no candidate has an EPC yet), not for its EPC. */
  explored: boolean;
}

/**
 * One pick. With probability `explorationShare` (or when no candidate has an EPC) a uniformly random
 * candidate; otherwise the candidate with the highest EPC (a tie goes to the lowest offer id, so the
 * choice is stable). Candidates without an EPC are only reached by exploration. Undefined: none.
 */
export function pickSmartOffer(
  candidates: readonly SmartCandidate[],
  random: Random,
  explorationShare = EXPLORATION_SHARE,
): SmartPick | undefined {
  if (candidates.length === 0) return undefined;
  let best: SmartCandidate | undefined;
  for (const c of candidates) {
    if (c.epc === null) continue;
    if (!best || c.epc > (best.epc ?? 0) || (c.epc === best.epc && c.offerId < best.offerId)) best = c;
  }
  if (!best || random() < explorationShare) {
    const index = Math.min(candidates.length - 1, Math.floor(random() * candidates.length));
    return { offerId: (candidates[index] as SmartCandidate).offerId, explored: true };
  }
  return { offerId: best.offerId, explored: false };
}
