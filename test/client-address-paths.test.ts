import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyTrust, parseProxyTrust } from '../src/lib/client-address.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The raw fast path (over a real socket) and the Fastify routes (inject) must record the same
// visitor address for the same request under every TRUST_PROXY rule. Both peers are 127.0.0.1.

let t: TestApp;
let token: string;
let base: string;
let offerId: string;
let pubId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const advertiser = await makeAdvertiser(t, token);
  offerId = (await makeOffer(t, token, { advertiser_id: advertiser.id, geo: [] })).id;
  pubId = (await makePublisher(t, token)).id;
});
afterAll(() => t.close());

function useRule(value: string): void {
  t.ctx.config.trustProxy = parseProxyTrust(value) as ProxyTrust;
}

async function lastIp(): Promise<string> {
  await t.ctx.clickWriter.flush();
  const row = await t.ctx.db
    .selectFrom('clicks')
    .select('ip')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.ip as string;
}

async function recorded(path: 'fast path' | 'fastify', forwardedFor: string | undefined): Promise<string> {
  const url = `/click?offer_id=${offerId}&pub_id=${pubId}`;
  const headers: Record<string, string> = { 'user-agent': BROWSER };
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  if (path === 'fastify') {
    expect((await t.call('GET', url, { headers })).status).toBe(302);
  } else {
    const response = await fetch(`${base}${url}`, { redirect: 'manual', headers });
    await response.arrayBuffer();
    expect(response.status).toBe(302);
  }
  return lastIp();
}

describe('the visitor address on the fast path and on the Fastify routes', () => {
  it('is the same for any X-Forwarded-For under any TRUST_PROXY rule', async () => {
    await t.call('PUT', '/api/admin/fraud/rules/ip_velocity', { token, body: { enabled: false } });
    const entry = fc.oneof(
      fc.constantFrom(
        '49.36.0.10',
        '10.0.0.1',
        '127.0.0.1',
        '103.21.244.5',
        '2400:cb00::1',
        '::ffff:8.8.8.8',
      ),
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom('', 'unknown', '1.2.3.4:80', '[::1]:443', '<script>', '999.1.1.1'),
    );
    const header = fc.option(
      fc
        .tuple(fc.array(entry, { maxLength: 5 }), fc.constantFrom(',', ', '))
        .map(([list, sep]) => list.join(sep)),
      { nil: undefined },
    );
    const rule = fc.constantFrom('0', '1', '2', '3', 'loopback', 'loopback, 103.21.244.0/22', '10.0.0.0/8');
    try {
      await fc.assert(
        fc.asyncProperty(header, rule, async (forwardedFor, value) => {
          useRule(value);
          const fast = await recorded('fast path', forwardedFor);
          const routed = await recorded('fastify', forwardedFor);
          expect(routed).toBe(fast);
        }),
        { seed: 15, numRuns: 40 },
      );
    } finally {
      useRule('1');
      await t.call('PUT', '/api/admin/fraud/rules/ip_velocity', { token, body: { enabled: true } });
    }
  });

  it('follows a list of trusted ranges: behind a load balancer and Cloudflare', async () => {
    useRule('loopback, 103.21.244.0/22');
    try {
      const chain = '6.6.6.6, 49.36.0.77, 103.21.244.5';
      expect(await recorded('fast path', chain)).toBe('49.36.0.77');
      expect(await recorded('fastify', chain)).toBe('49.36.0.77');
      // Someone reaching the load balancer around Cloudflare is named by the address it saw.
      expect(await recorded('fast path', '103.21.244.5, 49.36.0.78')).toBe('49.36.0.78');
      expect(await recorded('fastify', '103.21.244.5, 49.36.0.78')).toBe('49.36.0.78');
    } finally {
      useRule('1');
    }
  });
});
