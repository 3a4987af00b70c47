import { describe, expect, it } from 'vitest';
import { forgetLastId, looksLikeId, newId } from './ids.js';

describe('newId', () => {
  it('is 26 URL-safe characters and unique', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100)) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('sorts in creation order, even when the clock stands still', () => {
    const fixed = Date.parse('2026-06-01T12:00:00Z');
    const ids = Array.from({ length: 1000 }, () => newId(fixed));
    expect([...ids].sort()).toEqual(ids);
    const later = newId(fixed + 5000);
    expect(later > (ids.at(-1) as string)).toBe(true);
  });

  it('does not let one id name the next of the same millisecond', () => {
    const fixed = Date.parse('2026-06-02T12:00:00Z');
    const value = (id: string) =>
      [...id.slice(10)].reduce((n, c) => n * 32n + BigInt('0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c)), 0n);
    const ids = Array.from({ length: 2000 }, () => newId(fixed));
    const steps = new Set<bigint>();
    let small = 0;
    for (let i = 1; i < ids.length; i++) {
      const step = value(ids[i] as string) - value(ids[i - 1] as string);
      if ((ids[i] as string).slice(0, 10) !== (ids[i - 1] as string).slice(0, 10)) continue;
      expect(step > 0n).toBe(true);
      if (step < 1n << 20n) small++;
      steps.add(step);
    }
    // Steps are drawn from 1..2^40: a step under 2^20 is a one-in-a-million event.
    expect(small).toBeLessThanOrEqual(1);
    expect(steps.size).toBeGreaterThan(1900);
  });

  it('begins with the millisecond it was made in; an earlier clock keeps counting from the last', () => {
    forgetLastId();
    const time = (id: string) =>
      [...id.slice(0, 10)].reduce((n, c) => n * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c), 0);
    const at = Date.parse('2026-06-03T12:00:00.123Z');
    const first = newId(at);
    expect(time(first)).toBe(at);
    // A later millisecond starts a fresh random part; an earlier one keeps counting up from the last.
    expect(time(newId(at + 7))).toBe(at + 7);
    const ids = Array.from({ length: 5 }, () => newId(at));
    for (const id of ids) expect(time(id)).toBe(at + 7);
    expect([first, ...ids].every((id, i, all) => i === 0 || id > (all[i - 1] as string))).toBe(true);
  });

  it('keeps 80 unpredictable bits: two processes at the same millisecond differ', () => {
    const a = newId(Date.now() + 10_000);
    const b = newId(Date.now() + 20_000);
    expect(a.slice(10)).not.toBe(b.slice(10));
  });
});

describe('looksLikeId', () => {
  it('recognises our ids and nothing shaped otherwise', () => {
    expect(looksLikeId(newId())).toBe(true);
    expect(looksLikeId('01KT1GW6G0H2PTE0RGGBQX2MJD')).toBe(true);
    for (const value of [
      undefined,
      null,
      '',
      '01kt1gw6g0h2pte0rggbqx2mjd', // lower case: not what newId() writes
      '01KT1GW6G0H2PTE0RGGBQX2MJ', // 25 characters
      '01KT1GW6G0H2PTE0RGGBQX2MJDX', // 27
      '01KT1GW6G0H2PTE0RGGBQX2MJI', // I is not in the alphabet
      '81KT1GW6G0H2PTE0RGGBQX2MJD', // time beyond 48 bits
      '{click}',
      'kt-88123',
      ' 01KT1GW6G0H2PTE0RGGBQX2MJD',
    ]) {
      expect(looksLikeId(value), String(value)).toBe(false);
    }
  });
});
