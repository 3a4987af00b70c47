import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Over a real socket, tracking requests are answered by the raw fast path in front of Fastify
// (inject() never reaches it); these tests pin it to the same behaviour as the routes.
let t: TestApp;
let base: string;
let token: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = address;
});
afterAll(() => t.close());

const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0' };

describe('tracking over a real socket', () => {
  it('redirects a click, records it from the address the proxy appended, and counts it in /metrics', async () => {
    const offer = await makeOffer(t, token, {
      geo: 'IN',
      landing_url: 'https://lander.example/?id={click_id}&s={sub1}',
    });
    const pub = await makePublisher(t, token);
    const r = await fetch(
      `${base}/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=a%20b&sub1=ignored&utm_source=x`,
      {
        redirect: 'manual',
        headers: { ...browser, 'x-forwarded-for': '10.0.0.1, 49.36.0.10' },
      },
    );
    expect(r.status).toBe(302);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const location = new URL(r.headers.get('location')!);
    expect(location.searchParams.get('s')).toBe('a b');
    await t.ctx.clickWriter.flush();
    const row = await t.ctx.db
      .selectFrom('clicks')
      .selectAll()
      .where('id', '=', location.searchParams.get('id')!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ip: '49.36.0.10', country: 'IN', status: 'accepted', sub1: 'a b' });
    expect(JSON.parse(row.params)).toEqual({ utm_source: 'x' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/leadrail_http_requests_total\{method="GET",route="\/click",status="302"\} 1/);
  });

  it('answers bad ids with a 400 naming the parameter, and unknown flows with 404', async () => {
    const bad = await fetch(`${base}/click?offer_id=x&pub_id=1`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'validation',
      message: 'querystring.offer_id: must be a numeric offer id',
    });
    const missing = await fetch(`${base}/click?offer_id=1`, { redirect: 'manual' });
    expect((await missing.json()).message).toContain('pub_id');
    expect((await fetch(`${base}/f/nope`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${base}/r`, { redirect: 'manual' })).status).toBe(400);
    // Non-tracking paths still reach Fastify.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/f/a/b`)).status).toBe(404);
  });

  it('sets the referral cookie and honours it on return', async () => {
    const offer = await makeOffer(t, token, { geo: [], landing_url: 'https://brand.example/' });
    const pub = await makePublisher(t, token);
    await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, code: 'fast-ref' },
    });
    const first = await fetch(`${base}/r?ref=fast-ref`, {
      redirect: 'manual',
      headers: { ...browser, 'x-forwarded-for': '8.8.8.8' },
    });
    expect(first.status).toBe(302);
    const clickId = new URL(first.headers.get('location')!).searchParams.get('click_id');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toContain(`lr_ref_${offer.id}=${clickId}`);
    expect(cookie).toContain('Max-Age=5184000');
    // Two Set-Cookie headers on the raw path: the referral cookie and the pixel's lr_click.
    expect(first.headers.getSetCookie().map((c) => c.split(';')[0])).toEqual([
      `lr_ref_${offer.id}=${clickId}`,
      `lr_click=${clickId}`,
    ]);
    const again = await fetch(`${base}/r?ref=fast-ref`, {
      redirect: 'manual',
      headers: { ...browser, 'x-forwarded-for': '8.8.8.8', cookie: cookie.split(';')[0]! },
    });
    expect(new URL(again.headers.get('location')!).searchParams.get('click_id')).toBe(clickId);
  });
});
