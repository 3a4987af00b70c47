import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;

// Its own app: the sign-ins here would use up auth.test.ts's login rate limit (10 a minute an address).
beforeAll(async () => {
  t = await createTestApp();
  token = await t.adminToken();
});
afterAll(() => t.close());

function cookiesOf(setCookie: unknown): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : [String(setCookie)];
  return Object.fromEntries(list.map((c: string) => c.split(';')[0]!.split('=') as [string, string]));
}

/**
 * Issue 15 item 4, defence in depth behind the hosted-page sandbox and the CSRF token: the admin and
 * portal APIs take signed-in changes only from their own origin.
 */
describe('signed-in changes come from our own origin', () => {
  it('refuses a cookie-authenticated change from another origin or an opaque one, even with the CSRF token', async () => {
    // A hosted page under /s/ is sandboxed (Origin: null); a page elsewhere names its own origin.
    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, { visibility: 'public' });
    const adminLogin = await t.call('POST', '/api/auth/login', {
      body: { email: 'admin@leadrail.test', password: 'admin-password' },
    });
    const pubLogin = await t.call('POST', '/api/publisher/login', {
      body: { email: pub.email, password: pub.password },
    });
    const cookie = Object.entries({
      ...cookiesOf(adminLogin.headers['set-cookie']),
      ...cookiesOf(pubLogin.headers['set-cookie']),
    })
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const asAdmin = (origin: string | undefined, email: string, host = 'leadrail.test') =>
      t.call('POST', '/api/admin/users', {
        headers: {
          cookie,
          host,
          'x-csrf-token': adminLogin.body.csrf_token,
          ...(origin === undefined ? {} : { origin }),
        },
        body: { email, password: 'forged-password-1' },
      });
    const asPublisher = (origin: string | undefined) =>
      t.call('POST', '/api/publisher/flows', {
        headers: {
          cookie,
          'x-csrf-token': pubLogin.body.csrf_token,
          ...(origin === undefined ? {} : { origin }),
        },
        body: { offer_id: offer.id },
      });
    for (const origin of ['null', 'https://evil.example', 'http://leadrail.test.evil.example', 'not a url']) {
      const admin = await asAdmin(origin, 'forged@evil.test');
      expect(admin.status, origin).toBe(403);
      expect(admin.body.message).toContain('from another origin');
      expect((await asPublisher(origin)).status, origin).toBe(403);
    }
    const emails = (await t.call('GET', '/api/admin/users', { token })).body.data.map((u: any) => u.email);
    expect(emails).not.toContain('forged@evil.test');
    // The app's own pages (PUBLIC_URL, or the host asked) and clients that send no Origin pass.
    expect((await asAdmin('http://leadrail.test', 'second@leadrail.test')).status).toBe(201);
    expect((await asAdmin('http://10.0.0.5:8080', 'third@leadrail.test', '10.0.0.5:8080')).status).toBe(201);
    expect((await asAdmin('http://10.0.0.5:8080', 'sixth@leadrail.test', '10.0.0.6:8080')).status).toBe(403);
    expect((await asAdmin(undefined, 'fourth@leadrail.test')).status).toBe(201);
    expect((await asPublisher('http://leadrail.test')).status).toBe(201);
    // Reads are not changes; a bearer token is not a cookie a page could ride on.
    expect((await t.call('GET', '/api/auth/me', { headers: { cookie, origin: 'null' } })).status).toBe(200);
    expect(
      (
        await t.call('POST', '/api/admin/users', {
          token,
          headers: { origin: 'null' },
          body: { email: 'fifth@leadrail.test', password: 'bearer-password-1' },
        })
      ).status,
    ).toBe(201);
  });

  it('refuses sign-in and sign-out posted from another origin (login CSRF)', async () => {
    const pub = await makePublisher(t, token);
    for (const origin of ['null', 'https://evil.example']) {
      const admin = await t.call('POST', '/api/auth/login', {
        headers: { origin },
        body: { email: 'admin@leadrail.test', password: 'admin-password' },
      });
      expect(admin.status, origin).toBe(403);
      expect(admin.headers['set-cookie']).toBeUndefined();
      const portal = await t.call('POST', '/api/publisher/login', {
        headers: { origin },
        body: { email: pub.email, password: pub.password },
      });
      expect(portal.status, origin).toBe(403);
      expect(portal.headers['set-cookie']).toBeUndefined();
      for (const url of ['/api/auth/logout', '/api/publisher/logout']) {
        const out = await t.call('POST', url, { headers: { origin } });
        expect(out.status, url).toBe(403);
        expect(out.headers['set-cookie']).toBeUndefined();
      }
    }
    const own = await t.call('POST', '/api/auth/login', {
      headers: { origin: 'http://leadrail.test' },
      body: { email: 'admin@leadrail.test', password: 'admin-password' },
    });
    expect(own.status).toBe(200);
  });
});
