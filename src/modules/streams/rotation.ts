/** A source of numbers in [0, 1). Math.random in production; seeded in tests. */
export type Random = () => number;

/** mulberry32: a small seeded generator for reproducible tests and simulations. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a text, as a number in [0, 1): the same visitor lands on the same point. */
export function stablePoint(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}

/**
 * Weighted pick: the index of the arm whose share of the total weight covers `point` in [0, 1).
 * Arms of weight 0 are never picked; -1 when every weight is 0.
 */
export function pickWeighted(weights: readonly number[], point: number): number {
  let total = 0;
  for (const w of weights) total += Math.max(0, w);
  if (total <= 0) return -1;
  let edge = point * total;
  for (let i = 0; i < weights.length; i++) {
    const w = Math.max(0, weights[i] ?? 0);
    if (w === 0) continue;
    if (edge < w) return i;
    edge -= w;
  }
  // Rounding at the very top: the last arm with weight.
  for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i;
  return -1;
}
