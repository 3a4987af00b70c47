import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressWindowOf } from '../src/modules/clicks/address-checks.js';
import { AddressWindow, MAX_STAMPS_PER_ADDRESS } from '../src/modules/clicks/address-window.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 18 item 1: the velocity and uniqueness checks read no address history from the database. A
 * click whose offer, publisher and rules are cached runs no SQL statement at all (the batch write
 * aside, held back here by a long CLICK_BATCH_MS), and the checks still answer as before.
 */

const BROWSER = 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36';
let t: TestApp;
let token: string;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp({
    env: { TRUST_PROXY: '1', CLICK_BATCH_MS: '60000' },
    onQuery: (sql) => void statements.push(sql),
  });
  token = await t.adminToken();
});
afterAll(() => t.close());

function click(url: string, ip: string, userAgent = BROWSER) {
  return t.call('GET', url, { headers: { 'x-forwarded-for': ip, 'user-agent': userAgent } });
}

describe('the click hot path', () => {
  it('runs no SQL per click, and still rejects the 4th click an hour from one address at threshold 3', async () => {
    const advertiser = await makeAdvertiser(t, token);
    const offer = await makeOffer(t, token, { advertiser_id: advertiser.id, geo: [] });
    const pub = await makePublisher(t, token);
    expect(
      (await t.call('PUT', '/api/admin/fraud/rules/ip_velocity', { token, body: { threshold: 3 } })).status,
    ).toBe(200);
    const url = `/click?offer_id=${offer.id}&pub_id=${pub.id}`;
    // The first click fills the per-process caches (offer, publisher, rules, blocklist).
    expect((await click(url, '8.8.4.1')).status).toBe(302);

    statements.length = 0;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await click(`${url}&sub1=${i}`, '8.8.4.2')).status);
    for (let i = 0; i < 60; i++) expect((await click(url, `8.8.5.${i + 1}`)).status).toBe(302);
    // A repeat (same address, user agent, offer) and a different user agent.
    await click(url, '8.8.5.1');
    await click(url, '8.8.5.1', `${BROWSER} Other`);
    // Counted, not timed: on a loaded machine a per-process cache (offer, publisher, rules,
    // blocklist) may expire during these 66 clicks and be read again, once, which is not per click.
    // No statement reads the clicks table (the address history), and there are far fewer
    // statements than clicks (a read per click would make at least 66).
    expect(
      statements.filter((s) => /\bclicks\b/i.test(s)),
      statements.join('\n'),
    ).toEqual([]);
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(10);
    expect(statuses).toEqual([302, 302, 302, 403]);

    await t.ctx.clickWriter.flush();
    const rows = await t.ctx.db
      .selectFrom('clicks')
      .select(['ip', 'is_unique', 'user_agent', 'reject_reason'])
      .where('ip', '=', '8.8.5.1')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.is_unique)).toEqual([1, 0, 1]);
    const velocity = await t.ctx.db
      .selectFrom('clicks')
      .select('reject_reason')
      .where('ip', '=', '8.8.4.2')
      .orderBy('id')
      .execute();
    expect(velocity.map((r) => r.reject_reason)).toEqual([null, null, null, 'ip_velocity']);
    // The window moves with the clock: an hour later the address may click again.
    t.clock.advance(3_600_000 + 1000);
    expect((await click(url, '8.8.4.2')).status).toBe(302);
    expect(addressWindowOf(t.ctx).addresses).toBeGreaterThanOrEqual(62);
  });

  it('refuses a velocity threshold the in-memory window cannot count (above 1,000)', async () => {
    const r = await t.call('PUT', '/api/admin/fraud/rules/ip_velocity', { token, body: { threshold: 1001 } });
    expect(r.status).toBe(422);
  });
});

describe('AddressWindow bounds', () => {
  it('forgets the least recently seen address past maxAddresses, and keeps its entry budget', () => {
    const w = new AddressWindow({ maxAddresses: 3, maxEntries: 1000 });
    const now = Date.UTC(2026, 0, 1);
    for (const ip of ['a', 'b', 'c']) w.observe(ip, 1, now, now - 3_600_000, 10);
    w.observe('a', 1, now + 1, now - 3_600_000, 10); // a is fresh again: b is now the oldest
    w.observe('d', 1, now + 2, now - 3_600_000, 10);
    expect(w.addresses).toBe(3);
    expect(w.observe('b', 1, now + 3, now - 3_600_000, 10)).toEqual({
      inVelocityWindow: 0,
      seenBefore: false,
    });
    expect(w.observe('a', 1, now + 4, now - 3_600_000, 10)).toEqual({
      inVelocityWindow: 2,
      seenBefore: true,
    });

    const small = new AddressWindow({ maxAddresses: 100, maxEntries: 10 });
    for (let i = 0; i < 50; i++) small.observe(`ip${i}`, i, now + i, now - 3_600_000, 10);
    expect(small.size).toBeLessThanOrEqual(10);
  });

  it('keeps only the times the threshold needs, and none older than a day', () => {
    const w = new AddressWindow({ maxAddresses: 10, maxEntries: 100_000 });
    const now = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 2000; i++) w.observe('x', i % 5, now + i, now - 1, 5000);
    expect(w.size).toBe(MAX_STAMPS_PER_ADDRESS + 5);
    const later = now + 86_400_000 + 5000;
    expect(w.observe('x', 0, later, later - 3_600_000, 5000)).toEqual({
      inVelocityWindow: 0,
      seenBefore: false,
    });
    expect(w.size).toBe(2);
  });

  it('stays fast once full: evicting is O(1), not a walk over deleted Map slots', () => {
    // On the old Map-order eviction each eviction walked the deleted slots at the Map's head: a
    // click cost 45–700 µs once the window was full. Compared with filling (no evictions), so the
    // machine's load cancels out.
    const w = new AddressWindow({ maxAddresses: 50_000, maxEntries: 2_000_000 });
    const now = Date.UTC(2026, 0, 1);
    const ips = Array.from({ length: 200_000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    const run = (from: number, to: number) => {
      const started = performance.now();
      for (let i = from; i < to; i++) w.observe(ips[i] as string, 1, now + i, now, 10);
      return (performance.now() - started) / (to - from);
    };
    run(0, 50_000);
    const filling = run(0, 50_000); // hits only (the JIT is warm); the window is exactly full
    const evicting = run(50_000, 200_000);
    expect(w.addresses).toBe(50_000);
    // The newest 50,000 stay: the first of them is known, the one before it is forgotten.
    expect(w.peek(ips[150_000] as string, 1, now + 200_000, now).seenBefore).toBe(true);
    expect(w.peek(ips[149_999] as string, 1, now + 200_000, now).seenBefore).toBe(false);
    // Measured: 0.4–0.6× here, 29× on the old eviction.
    expect(evicting).toBeLessThan(filling * 5);
  });
});
