import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompiledStreams } from '../src/modules/streams/load-streams.js';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 19's measure: streams are compiled once per change, not on every cache reload.
let t: TestApp;
let token: string;
let flow: { id: string; code: string };

const stream = (country: string) => ({
  name: `only ${country}`,
  filters: {
    type: 'and',
    filters: [
      { type: 'country', values: [country] },
      { type: 'ip', values: ['49.0.0.0/8', '2001:db8::/32'] },
    ],
  },
  arms: [{ type: 'url', url: `https://${country.toLowerCase()}.example/?c={click_id}` }],
});

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  const offer = await makeOffer(t, token, { geo: '' });
  const pub = await makePublisher(t, token);
  const r = await t.call('POST', '/api/admin/flows', {
    token,
    body: { publisher_id: pub.id, offer_id: offer.id },
  });
  expect(r.status).toBe(201);
  flow = r.body;
});
afterAll(() => t.close());

describe('compiled streams', () => {
  it('reuses the compiled streams when a reload reads the same definitions, and recompiles on a change', async () => {
    const put = await t.call('PUT', `/api/admin/flows/${flow.id}/streams`, {
      token,
      body: { streams: [stream('IN')] },
    });
    expect(put.status).toBe(200);
    const flowId = Number(flow.id);
    const first = await loadCompiledStreams(t.ctx, flowId);
    expect(first).toHaveLength(1);
    // What a TTL expiry or an unrelated admin write does: the cache is dropped and reloaded.
    t.ctx.caches.clear();
    const reloaded = await loadCompiledStreams(t.ctx, flowId);
    expect(reloaded[0]?.filter).toBe(first[0]?.filter);

    const changed = await t.call('PUT', `/api/admin/flows/${flow.id}/streams`, {
      token,
      body: { streams: [stream('US')] },
    });
    expect(changed.status).toBe(200);
    const after = await loadCompiledStreams(t.ctx, flowId);
    expect(after[0]?.filter).not.toBe(first[0]?.filter);
    // And the new definition is the one that routes.
    const click = await t.call('GET', `/f/${flow.code}`, {
      headers: {
        'x-forwarded-for': '8.8.8.8',
        'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/127.0',
      },
    });
    expect(click.status).toBe(302);
    expect(String(click.headers.location)).not.toContain('us.example');
  });
});
