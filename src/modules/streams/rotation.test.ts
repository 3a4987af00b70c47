import { describe, expect, it } from 'vitest';
import { decideWeights, sharesToWeights, WEIGHT_TOTAL } from './bandit.js';
import { chooseArm, type StreamArm } from './compile.js';
import { pickWeighted, seededRandom } from './rotation.js';
import { Visitor } from './visitor.js';

const arm = (id: number, weight: number): StreamArm => ({
  id,
  type: 'url',
  offerId: null,
  siteSlug: null,
  url: `https://l${id}.example/`,
  weight,
});

function visitor(unique: boolean, ip = '1.2.3.4') {
  return new Visitor({
    ip,
    country: 'IN',
    userAgent: 'UA',
    acceptLanguage: null,
    referer: null,
    params: {},
    unique,
    now: new Date(),
    asn: null,
  });
}

describe('weighted rotation', () => {
  it('splits 10,000 picks by weight within statistical tolerance (seeded)', () => {
    const weights = [50, 30, 20];
    const random = seededRandom(19);
    const counts = [0, 0, 0];
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      const index = pickWeighted(weights, random());
      counts[index] = (counts[index] ?? 0) + 1;
    }
    // Four standard deviations of a binomial share: a false alarm about once in 16,000 seeds.
    weights.forEach((w, i) => {
      const p = w / 100;
      const tolerance = 4 * Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs((counts[i] ?? 0) / n - p)).toBeLessThan(tolerance);
    });
  });

  it('never picks an arm of weight 0, and none when every weight is 0', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++)
      expect(pickWeighted([0, 5, 0, 5], random())).not.toSatisfy((x: number) => x === 0 || x === 2);
    expect(pickWeighted([0, 0], 0.5)).toBe(-1);
    expect(pickWeighted([1, 1], 0.999999999)).toBe(1);
  });

  it('gives first-time visitors a random arm and keeps a repeat visitor on one arm', () => {
    const stream = { id: 3, arms: [arm(1, 50), arm(2, 50)] };
    const random = seededRandom(1);
    const firstTime = new Set(
      Array.from({ length: 50 }, () => chooseArm(stream, visitor(true), [true, true], random)?.id),
    );
    expect(firstTime.size).toBe(2);
    const repeat = new Set(
      Array.from({ length: 50 }, () => chooseArm(stream, visitor(false), [true, true], random)?.id),
    );
    expect(repeat.size).toBe(1);
    // Across many repeat visitors the sticky hash still honours the weights roughly.
    let first = 0;
    for (let i = 0; i < 2000; i++)
      if (chooseArm(stream, visitor(false, `10.0.${i >> 8}.${i & 255}`), [true, true], random)?.id === 1)
        first++;
    expect(first / 2000).toBeGreaterThan(0.45);
    expect(first / 2000).toBeLessThan(0.55);
  });

  it('skips arms that cannot take the visitor', () => {
    const stream = { id: 3, arms: [arm(1, 90), arm(2, 10)] };
    const random = seededRandom(2);
    for (let i = 0; i < 200; i++) expect(chooseArm(stream, visitor(true), [false, true], random)?.id).toBe(2);
    expect(chooseArm(stream, visitor(true), [false, false], random)).toBeUndefined();
  });
});

describe('split-test bandit', () => {
  const settings = { metric: 'cr' as const, minSharePct: 10, minSample: 200 };

  it('does not act before every arm has the minimum sample', () => {
    const decision = decideWeights(
      [
        { armId: 1, clicks: 5000, leads: 500, revenueMinor: 0 },
        { armId: 2, clicks: 199, leads: 0, revenueMinor: 0 },
      ],
      settings,
      seededRandom(1),
    );
    expect(decision.act).toBe(false);
  });

  it('shifts traffic to the better arm but leaves every arm its minimum share', () => {
    const decision = decideWeights(
      [
        { armId: 1, clicks: 2000, leads: 200, revenueMinor: 0 },
        { armId: 2, clicks: 2000, leads: 100, revenueMinor: 0 },
        { armId: 3, clicks: 2000, leads: 40, revenueMinor: 0 },
      ],
      settings,
      seededRandom(5),
    );
    expect(decision.act).toBe(true);
    if (!decision.act) return;
    expect(decision.weights.reduce((a, b) => a + b, 0)).toBe(WEIGHT_TOTAL);
    expect(decision.weights[0]).toBeGreaterThan(7000);
    expect(decision.weights[1]).toBeGreaterThanOrEqual(1000);
    expect(decision.weights[2]).toBeGreaterThanOrEqual(1000);
  });

  it('on EPC prefers the arm that earns more per click even at a lower CR', () => {
    const decision = decideWeights(
      [
        { armId: 1, clicks: 3000, leads: 300, revenueMinor: 300 * 100 },
        { armId: 2, clicks: 3000, leads: 150, revenueMinor: 150 * 1000 },
      ],
      { ...settings, metric: 'epc' },
      seededRandom(9),
    );
    expect(decision.act && decision.weights[1]).toBeGreaterThan(8000);
  });

  it('spreads shares into whole weights that sum exactly, each at least the floor', () => {
    expect(sharesToWeights([1, 0, 0], 10)).toEqual([8000, 1000, 1000]);
    expect(sharesToWeights([1 / 3, 1 / 3, 1 / 3], 0).reduce((a, b) => a + b, 0)).toBe(WEIGHT_TOTAL);
    // A floor above 1/n is capped at an equal split.
    expect(sharesToWeights([1, 0, 0], 50)).toEqual([3334, 3333, 3333]);
  });
});
