/** 95 % two-sided normal quantile. */
export const Z95 = 1.959963984540054;

/** Wilson score interval for a proportion (better than the normal one at small n or p near 0/1). */
export function wilsonInterval(successes: number, trials: number, z = Z95): { low: number; high: number } {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Normal interval for a mean per click (EPC) from the sum and sum of squares of per-click revenue
 * (clicks without revenue count as 0). A statistic in minor units, not an amount of money: the
 * caller rounds it to whole minor units before formatting.
 */
export function meanInterval(
  sum: number,
  sumOfSquares: number,
  n: number,
  z = Z95,
): { mean: number; low: number; high: number } {
  if (n <= 0) return { mean: 0, low: 0, high: 0 };
  const mean = sum / n;
  if (n < 2) return { mean, low: mean, high: mean };
  const variance = Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1));
  const half = z * Math.sqrt(variance / n);
  return { mean, low: Math.max(0, mean - half), high: mean + half };
}
