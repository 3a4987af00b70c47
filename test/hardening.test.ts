import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as statsTokenMigration from '../src/db/migrations/0027-stats-token-hash.js';
import { sha256 } from '../src/lib/crypto.js';
import { createSession } from '../src/modules/auth/sessions.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 20, item 4: the remaining hardening found by testing the landed main.
let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = await t.adminToken();
});
afterAll(() => t.close());

function cookiesOf(setCookie: unknown): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : [String(setCookie)];
  return Object.fromEntries(list.map((c: string) => c.split(';')[0]!.split('=') as [string, string]));
}
const cookieHeader = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

describe('URL templates with a macro in the host part', () => {
  const hostMacros = [
    'https://land.example.com{sub1}/keto',
    'https://{sub1}.example.com/keto',
    'https://land.example.com:{sub2}/',
    'https://user{sub1}@land.example.com/',
  ];

  it('refuses a landing or trafficback URL whose host a visitor could choose (422 naming it)', async () => {
    const advertiser = await makeAdvertiser(t, token);
    for (const url of hostMacros) {
      const created = await t.call('POST', '/api/admin/offers', {
        token,
        body: {
          name: 'Keto',
          advertiser_id: advertiser.id,
          adv_offer_id: '1',
          landing_url: url,
          adv_payout: '10.00',
          pub_payout: '7.50',
        },
      });
      expect(created.status, url).toBe(422);
      // A macro in the port is not even a URL; the others parse, and are refused for their host.
      if (!url.includes(':{'))
        expect(created.body.message).toContain('landing_url has a {macro} in its host part');
    }
    const offer = await makeOffer(t, token, { advertiser_id: advertiser.id });
    for (const field of ['landing_url', 'trafficback_url']) {
      const patched = await t.call('PATCH', `/api/admin/offers/${offer.id}`, {
        token,
        body: { [field]: 'https://{sub1}.example.com/' },
      });
      expect(patched.status, field).toBe(422);
      expect(patched.body.message).toContain(`${field} has a {macro} in its host part`);
    }
    // Macros in the path and query are what they are for.
    const fine = await makeOffer(t, token, {
      advertiser_id: advertiser.id,
      landing_url: 'https://land.example.com/{sub1}/keto?click_id={click_id}&s={sub2}',
    });
    expect(fine.landing_url).toBe('https://land.example.com/{sub1}/keto?click_id={click_id}&s={sub2}');
  });

  it('refuses an advertiser endpoint whose host a lead could choose (the push carries the key)', async () => {
    const created = await t.call('POST', '/api/admin/advertisers', {
      token,
      body: { name: 'Evil', endpoint_url: 'https://api.example.com{name}/lead', auth_key: 'k' },
    });
    expect(created.status).toBe(422);
    expect(created.body.message).toContain('endpoint_url has a {macro} in its host part');
  });
});

describe('POST /api/publisher/register', () => {
  it('answers a taken address exactly as a new one, and changes nothing', async () => {
    const taken = await makePublisher(t, token, { name: 'Owner', email: 'owner@media.test' });
    const register = (email: string) =>
      t.call('POST', '/api/publisher/register', {
        body: { name: 'Someone', email, password: 'a-long-password' },
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
    const fresh = await register('brand-new@media.test');
    const again = await register('OWNER@media.test');
    expect(again.status).toBe(fresh.status);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(fresh.body);
    expect(Object.keys(again.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    const owner = await t.ctx.db
      .selectFrom('publishers')
      .selectAll()
      .where('email', '=', 'owner@media.test')
      .execute();
    expect(owner).toHaveLength(1);
    expect(owner[0]).toMatchObject({ name: 'Owner', status: 'approved' });
    // The owner's password still works; the second registration's does not.
    const asOwner = await t.call('POST', '/api/publisher/login', {
      body: { email: taken.email, password: taken.password },
    });
    expect(asOwner.status).toBe(200);
  });
});

describe('the publisher stats token', () => {
  it('is shown once, stored as a hash, and never returned by GET /api/publisher/me', async () => {
    const pub = await makePublisher(t, token);
    const me0 = await t.call('GET', '/api/publisher/me', { token: pub.token });
    expect(me0.body).toMatchObject({ has_stats_token: false });
    expect(me0.body).not.toHaveProperty('stats_token');

    const made = await t.call('POST', '/api/publisher/stats-token', { token: pub.token });
    expect(made.status).toBe(200);
    const statsToken: string = made.body.token;
    expect(made.body.stats_url).toContain(statsToken);

    const stored = await t.ctx.db
      .selectFrom('publishers')
      .select('stats_token')
      .where('id', '=', Number(pub.id))
      .executeTakeFirstOrThrow();
    expect(stored.stats_token).toBe(sha256(statsToken));

    const me = await t.call('GET', '/api/publisher/me', { token: pub.token });
    expect(me.body.has_stats_token).toBe(true);
    expect(me.text).not.toContain(statsToken);
    expect(me.text).not.toContain(sha256(statsToken));
    const asAdmin = await t.call('GET', `/api/admin/publishers/${pub.id}`, { token });
    expect(asAdmin.text).not.toContain(statsToken);
    expect(asAdmin.text).not.toContain(sha256(statsToken));

    const pulled = await t.call('GET', `/api/affiliate/stats-api?token=${statsToken}`);
    expect(pulled.status).toBe(200);
    // The stored hash is not a token.
    expect((await t.call('GET', `/api/affiliate/stats-api?token=${sha256(statsToken)}`)).status).toBe(403);
  });

  it('migration 0027 hashes the tokens stored in clear, which keep working', async () => {
    const pub = await makePublisher(t, token);
    const clear = 'legacy-token-stored-in-clear-0123456789';
    await t.ctx.db
      .updateTable('publishers')
      .set({ stats_token: clear })
      .where('id', '=', Number(pub.id))
      .execute();
    await statsTokenMigration.up(t.ctx.db);
    const stored = await t.ctx.db
      .selectFrom('publishers')
      .select('stats_token')
      .where('id', '=', Number(pub.id))
      .executeTakeFirstOrThrow();
    expect(stored.stats_token).toBe(sha256(clear));
    expect((await t.call('GET', `/api/affiliate/stats-api?token=${clear}`)).status).toBe(200);
  });
});

describe('signing out', () => {
  it('with the session cookie needs the CSRF token, as every other cookie-authenticated change', async () => {
    const login = await t.call('POST', '/api/auth/login', {
      body: { email: 'admin@leadrail.test', password: 'admin-password' },
    });
    const cookies = cookiesOf(login.headers['set-cookie']);
    const cookie = cookieHeader(cookies);
    const me = () => t.call('GET', '/api/auth/me', { headers: { cookie } });

    const forged = await t.call('POST', '/api/auth/logout', { headers: { cookie } });
    expect(forged.status).toBe(403);
    expect(forged.headers['set-cookie']).toBeUndefined();
    const wrong = await t.call('POST', '/api/auth/logout', { headers: { cookie, 'x-csrf-token': 'nope' } });
    expect(wrong.status).toBe(403);
    expect((await me()).status).toBe(200);

    const own = await t.call('POST', '/api/auth/logout', {
      headers: { cookie, 'x-csrf-token': login.body.csrf_token },
    });
    expect(own.status).toBe(204);
    expect((await me()).status).toBe(401);
  });

  it('the publisher portal too; a bearer token or an expired cookie signs out without one', async () => {
    const pub = await makePublisher(t, token);
    const session = await createSession(t.ctx, 'publisher', Number(pub.id));
    const cookie = `lr_pub_session=${session.token}`;
    expect((await t.call('POST', '/api/publisher/logout', { headers: { cookie } })).status).toBe(403);
    expect(
      (
        await t.call('POST', '/api/publisher/logout', {
          headers: { cookie, 'x-csrf-token': session.csrfToken },
        })
      ).status,
    ).toBe(204);
    // The session is gone: clearing a dead cookie needs nothing.
    expect((await t.call('POST', '/api/publisher/logout', { headers: { cookie } })).status).toBe(204);
    expect((await t.call('POST', '/api/publisher/logout', { token: pub.token })).status).toBe(204);
  });
});

describe('a suspended or rejected publisher', () => {
  // Signing in (the password, then the two-factor ticket) and out need no session.
  const OPEN = new Set([
    '/api/publisher/register',
    '/api/publisher/login',
    '/api/publisher/login/2fa',
    '/api/publisher/logout',
  ]);

  it('is refused on every publisher route, by bearer token and by cookie, and by the stats API', async () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/publisher/') && !OPEN.has(path))
      .flatMap(([path, methods]) =>
        Object.keys(methods)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((method) => ({ method: method.toUpperCase(), url: path.replace(/\{[^}]+\}/g, '1') })),
      );
    expect(routes.length).toBeGreaterThanOrEqual(15);

    for (const state of ['suspended', 'rejected'] as const) {
      const pub = await makePublisher(t, token);
      const statsToken = (await t.call('POST', '/api/publisher/stats-token', { token: pub.token })).body
        .token;
      const session = await createSession(t.ctx, 'publisher', Number(pub.id));
      await t.ctx.db
        .updateTable('publishers')
        .set({ status: state })
        .where('id', '=', Number(pub.id))
        .execute();
      for (const route of routes) {
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const byBearer = await t.call(route.method as 'GET', route.url, { token: pub.token, body });
        expect(byBearer.status, `${state} ${route.method} ${route.url}`).toBe(403);
        expect(byBearer.body.message).toContain(`publisher account is ${state}`);
        const byCookie = await t.call(route.method as 'GET', route.url, {
          body,
          headers: { cookie: `lr_pub_session=${session.token}`, 'x-csrf-token': session.csrfToken },
        });
        expect(byCookie.status, `${state} cookie ${route.method} ${route.url}`).toBe(403);
      }
      for (const url of ['/api/affiliate/stats-api', '/api/affiliate/stats-api/conversions']) {
        expect((await t.call('GET', `${url}?token=${statsToken}`)).status, url).toBe(403);
      }
    }
  });
});
