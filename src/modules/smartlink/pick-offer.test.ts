import { describe, expect, it } from 'vitest';
import { seededRandom } from '../streams/rotation.js';
import { EXPLORATION_SHARE, pickSmartOffer, type SmartCandidate } from './pick-offer.js';

const N = 20_000;

function shares(candidates: SmartCandidate[], seed: number) {
  const random = seededRandom(seed);
  const counts = new Map<number, number>();
  let explored = 0;
  for (let i = 0; i < N; i++) {
    const pick = pickSmartOffer(candidates, random);
    if (!pick) throw new Error('no pick');
    counts.set(pick.offerId, (counts.get(pick.offerId) ?? 0) + 1);
    if (pick.explored) explored++;
  }
  return { share: (id: number) => (counts.get(id) ?? 0) / N, explored: explored / N };
}

describe('smart link picker', () => {
  it('sends the best-EPC offer 80 % plus its part of the 20 % explored, and explores the rest evenly', () => {
    const candidates = [
      { offerId: 1, epc: 120 },
      { offerId: 2, epc: 480 },
      { offerId: 3, epc: 300 },
      { offerId: 4, epc: null },
    ];
    const { share, explored } = shares(candidates, 19);
    const each = EXPLORATION_SHARE / candidates.length; // 5 % each by exploration
    // Binomial sd at N = 20 000 is under 0.3 %; 1.5 % is five of them.
    expect(Math.abs(explored - EXPLORATION_SHARE)).toBeLessThan(0.015);
    expect(Math.abs(share(2) - (1 - EXPLORATION_SHARE + each))).toBeLessThan(0.015);
    for (const id of [1, 3, 4]) expect(Math.abs(share(id) - each)).toBeLessThan(0.015);
  });

  it('spreads evenly while no offer has an EPC yet', () => {
    const candidates = [1, 2, 3].map((offerId) => ({ offerId, epc: null }));
    const { share, explored } = shares(candidates, 7);
    expect(explored).toBe(1);
    for (const id of [1, 2, 3]) expect(Math.abs(share(id) - 1 / 3)).toBeLessThan(0.015);
  });

  it('breaks an EPC tie by the lowest offer id, picks the only candidate, and picks nothing from none', () => {
    const exploit = () => 0.99; // never below the exploration share
    expect(
      pickSmartOffer(
        [
          { offerId: 9, epc: 50 },
          { offerId: 5, epc: 50 },
        ],
        exploit,
      ),
    ).toEqual({ offerId: 5, explored: false });
    expect(pickSmartOffer([{ offerId: 3, epc: 0 }], exploit)).toEqual({ offerId: 3, explored: false });
    expect(pickSmartOffer([], exploit)).toBeUndefined();
  });

  it('explores with the given share: 0 always exploits, 1 always explores', () => {
    const c = [
      { offerId: 1, epc: 10 },
      { offerId: 2, epc: 20 },
    ];
    const random = seededRandom(3);
    for (let i = 0; i < 1000; i++) expect(pickSmartOffer(c, random, 0)?.offerId).toBe(2);
    for (let i = 0; i < 1000; i++) expect(pickSmartOffer(c, random, 1)?.explored).toBe(true);
  });
});
