import type { Random } from './rotation.js';

/**
 * Automatic split tests: Thompson sampling. Each arm's conversion rate is a Beta(leads + 1,
 * clicks - leads + 1) belief; on the EPC metric each draw is scaled by the arm's mean revenue per
 * lead. The new weight of an arm is the share of draws it wins, then every arm is lifted to the
 * minimum share (so a loser keeps being measured) and the rest is scaled to fit. Nothing moves
 * until every arm has the minimum sample of clicks.
 */
export interface ArmStats {
  armId: number;
  clicks: number;
  leads: number;
  /** Revenue in minor units over the window (EPC metric). */
  revenueMinor: number;
}

export interface BanditSettings {
  metric: 'cr' | 'epc';
  /** Percent of traffic each arm keeps at least, 0–50. */
  minSharePct: number;
  /** Clicks every arm needs before the bandit acts. */
  minSample: number;
}

export type BanditDecision =
  | { act: false; reason: string }
  | { act: true; weights: number[]; winProbabilities: number[] };

/** Weights are integers summing to 10,000 (basis points). */
export const WEIGHT_TOTAL = 10_000;
const DRAWS = 4000;

function gaussian(rng: Random): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Marsaglia–Tsang gamma sampler (shape >= 1 here: alpha and beta are counts + 1). */
function gamma(shape: number, rng: Random): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = gaussian(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function beta(a: number, b: number, rng: Random): number {
  const x = gamma(a, rng);
  return x / (x + gamma(b, rng));
}

/** Spread WEIGHT_TOTAL by shares, each at least the floor, rounding so they sum exactly. */
export function sharesToWeights(shares: readonly number[], minSharePct: number): number[] {
  const n = shares.length;
  const floor = Math.min(minSharePct / 100, 1 / n);
  const free = 1 - floor * n;
  const sum = shares.reduce((s, x) => s + x, 0) || 1;
  const exact = shares.map((s) => (floor + (free * s) / sum) * WEIGHT_TOTAL);
  const weights = exact.map((x) => Math.floor(x));
  let left = WEIGHT_TOTAL - weights.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r);
  for (const { i } of order) {
    if (left <= 0) break;
    weights[i] = (weights[i] ?? 0) + 1;
    left -= 1;
  }
  return weights;
}

export function decideWeights(
  arms: readonly ArmStats[],
  settings: BanditSettings,
  rng: Random,
): BanditDecision {
  if (arms.length < 2) return { act: false, reason: 'a split test needs at least two arms' };
  const short = arms.filter((a) => a.clicks < settings.minSample);
  if (short.length > 0)
    return {
      act: false,
      reason: `waiting for the minimum sample: ${short.length} arm(s) below ${settings.minSample} clicks`,
    };
  const valuePerLead = arms.map((a) =>
    settings.metric === 'epc' ? (a.leads > 0 ? a.revenueMinor / a.leads : 0) : 1,
  );
  const wins = arms.map(() => 0);
  for (let d = 0; d < DRAWS; d++) {
    let best = -1;
    let bestValue = -1;
    arms.forEach((a, i) => {
      const value = beta(a.leads + 1, Math.max(0, a.clicks - a.leads) + 1, rng) * (valuePerLead[i] ?? 0);
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    });
    wins[best] = (wins[best] ?? 0) + 1;
  }
  const winProbabilities = wins.map((w) => w / DRAWS);
  return { act: true, weights: sharesToWeights(winProbabilities, settings.minSharePct), winProbabilities };
}
