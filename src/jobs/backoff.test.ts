import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

const policy = { baseMs: 1000, capMs: 10_000 };

describe('backoffDelayMs', () => {
  it('doubles the delay after each failure, starting at the base', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(policy, n))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap, even after very many failures', () => {
    expect(backoffDelayMs(policy, 5)).toBe(10_000);
    expect(backoffDelayMs(policy, 5000)).toBe(10_000);
  });

  it('treats zero failures like the first', () => {
    expect(backoffDelayMs(policy, 0)).toBe(1000);
  });

  it('with jitter draws from the upper half of the delay', () => {
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(2000);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(3000);
    expect(backoffDelayMs(policy, 3, () => 0.999_999)).toBe(4000);
  });
});
