import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER, indianIp } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Behind one proxy (TRUST_PROXY=1) the proxy appends the address it saw on the right of
// X-Forwarded-For; everything to its left is whatever the visitor sent. A visitor who writes a new
// left-most entry on every request must still be judged by the right-most one, on the raw fast path
// (a real socket) and on the Fastify routes (inject) alike.

let t: TestApp;
let token: string;
let base: string;
let advertiserId: string;
let pub: { id: string; email: string; password: string };

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  advertiserId = (await makeAdvertiser(t, token)).id;
  pub = await makePublisher(t, token);
});
afterAll(() => t.close());

let spoofCounter = 0;
/** A different made-up left-most entry per request, as an attacker would send. */
const spoofed = () => `${(++spoofCounter % 200) + 1}.${(spoofCounter % 250) + 1}.7.9`;

type Path = 'fast path' | 'fastify';
const PATHS: Path[] = ['fast path', 'fastify'];

async function click(path: Path, offerId: string, forwardedFor: string): Promise<number> {
  const url = `/click?offer_id=${offerId}&pub_id=${pub.id}`;
  const headers = { 'x-forwarded-for': forwardedFor, 'user-agent': BROWSER };
  if (path === 'fastify') return (await t.call('GET', url, { headers })).status;
  const response = await fetch(`${base}${url}`, { redirect: 'manual', headers });
  await response.arrayBuffer();
  return response.status;
}

async function lastClick() {
  await t.ctx.clickWriter.flush();
  return t.ctx.db.selectFrom('clicks').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

const newOffer = (geo: string | string[] = 'IN') => makeOffer(t, token, { advertiser_id: advertiserId, geo });

describe.each(PATHS)('spoofed X-Forwarded-For behind one proxy (%s)', (path) => {
  it('rejects a blocked address whatever entry the visitor puts on the left', async () => {
    const offer = await newOffer([]);
    const blocked = indianIp();
    const added = await t.call('POST', '/api/admin/fraud/blocked-ips', { token, body: { ip: blocked } });
    expect(added.status).toBe(201);
    expect(await click(path, offer.id, `8.8.8.8, ${blocked}`)).toBe(403);
    expect(await lastClick()).toMatchObject({ ip: blocked, status: 'rejected', reject_reason: 'ip_blocked' });
    expect(await click(path, offer.id, `${spoofed()}, ${spoofed()}, ${blocked}`)).toBe(403);
    // Writing a blocked address on the left does not get an innocent visitor refused either.
    const innocent = indianIp();
    expect(await click(path, offer.id, `${blocked}, ${innocent}`)).toBe(302);
    expect(await lastClick()).toMatchObject({ ip: innocent, status: 'accepted' });
  });

  it('counts click velocity by the real address, not the left-most entry', async () => {
    const offer = await newOffer();
    expect(
      (await t.call('PUT', '/api/admin/fraud/rules/ip_velocity', { token, body: { threshold: 3 } })).status,
    ).toBe(200);
    try {
      const real = indianIp();
      const statuses: number[] = [];
      // Left-most entries from the offer's GEO, so only velocity can refuse them.
      for (let i = 0; i < 5; i++) statuses.push(await click(path, offer.id, `${indianIp()}, ${real}`));
      expect(statuses).toEqual([302, 302, 302, 403, 403]);
      expect(await lastClick()).toMatchObject({ ip: real, reject_reason: 'ip_velocity' });
    } finally {
      await t.call('PUT', '/api/admin/fraud/rules/ip_velocity', { token, body: { threshold: 10 } });
    }
  });

  it('decides the GEO by the real address: an Indian entry on the left does not pass a US visitor', async () => {
    const offer = await newOffer('IN');
    expect(await click(path, offer.id, `${indianIp()}, 8.8.8.8`)).toBe(403);
    expect(await lastClick()).toMatchObject({ ip: '8.8.8.8', country: 'US', reject_reason: 'geo_mismatch' });
    const indian = indianIp();
    expect(await click(path, offer.id, `8.8.8.8, ${indian}`)).toBe(302);
    expect(await lastClick()).toMatchObject({ ip: indian, country: 'IN', status: 'accepted' });
  });
});

describe('login rate limit behind one proxy', () => {
  it.each([
    ['/api/auth/login', 'admin@leadrail.test'],
    ['/api/publisher/login', 'publisher'],
  ])(
    'answers 429 on %s to the 11th attempt from one address with a new left-most entry each time',
    async (url, who) => {
      const email = who === 'publisher' ? pub.email : who;
      const real = indianIp();
      const attempt = (forwardedFor: string) =>
        t.call('POST', url, {
          body: { email, password: 'wrong-password' },
          headers: { 'x-forwarded-for': forwardedFor },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await attempt(`${spoofed()}, ${real}`)).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses[10]).toBe(429);
      // Another visitor behind the same proxy is counted apart.
      expect((await attempt(`${real}, ${indianIp()}`)).status).toBe(401);
    },
  );
});
