export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** No delay grows beyond this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 6 * 60 * 60 * 1000 };

/**
 * The delay before the next try after `failedAttempts` failures: base · 2^(n−1), capped.
 * With `random` (jitter), the delay is drawn from its upper half, so many jobs failing together
 * against one endpoint do not all come back at the same instant, yet none retries much sooner
 * than planned.
 */
export function backoffDelayMs(policy: BackoffPolicy, failedAttempts: number, random?: () => number): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 52);
  const delay = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  if (!random) return delay;
  return Math.round(delay / 2 + (random() * delay) / 2);
}
