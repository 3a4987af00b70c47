import { describe, expect, it } from 'vitest';
import { cpuSecondsBetween } from '../bench/process-cpu.js';

/**
 * bench:clicks's "PostgreSQL backends CPU per click" printed 0 µs in every round: the pools close a
 * connection idle 10 s (during the bare round) and open new ones under load, so the round's
 * backends were not among those listed before it, and a pid seen once counted nothing.
 */
describe('cpuSecondsBetween (bench CPU per click)', () => {
  it('counts all the CPU of a process that started between the two readings', () => {
    const before = new Map([
      [10, 5],
      [11, 2],
    ]);
    const after = new Map([
      [10, 6.5],
      [12, 0.75],
    ]);
    // 10 used 1.5 s; 12 (a new connection's backend) 0.75 s; 11 ended and is unknown.
    expect(cpuSecondsBetween(before, after)).toBeCloseTo(2.25);
  });
});
