import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

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

describe('admin authentication', () => {
  it('answers 401 to anonymous admin API calls', async () => {
    for (const url of [
      '/api/admin/advertisers',
      '/api/admin/offers',
      '/api/admin/publishers',
      '/api/admin/flows',
    ]) {
      const r = await t.call('GET', url);
      expect(r.status, url).toBe(401);
      expect(r.body.error).toBe('unauthorized');
    }
    expect((await t.call('GET', '/api/admin/offers', { token: 'not-a-real-token' })).status).toBe(401);
  });

  it('rejects a wrong password and an unknown email with the same 401', async () => {
    const wrong = await t.call('POST', '/api/auth/login', {
      body: { email: 'admin@leadrail.test', password: 'nope-nope' },
    });
    const unknown = await t.call('POST', '/api/auth/login', {
      body: { email: 'ghost@leadrail.test', password: 'nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('logs in with a token and an httpOnly session cookie, and /me answers', async () => {
    const login = await t.call('POST', '/api/auth/login', {
      body: { email: 'ADMIN@leadrail.test', password: 'admin-password' },
    });
    expect(login.status).toBe(200);
    expect(login.body.token).toBeTruthy();
    const setCookie = ([] as string[]).concat(login.headers['set-cookie'] as string[]);
    const session = setCookie.find((c) => c.startsWith('lr_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const me = await t.call('GET', '/api/auth/me', { token: login.body.token });
    expect(me.body.email).toBe('admin@leadrail.test');
  });

  it('accepts the cookie for reads but demands the CSRF header for cookie-authenticated changes', async () => {
    const login = await t.call('POST', '/api/auth/login', {
      body: { email: 'admin@leadrail.test', password: 'admin-password' },
    });
    const cookies = cookiesOf(login.headers['set-cookie']);
    const cookie = `lr_session=${cookies.lr_session}; lr_csrf=${cookies.lr_csrf}`;
    const read = await t.call('GET', '/api/admin/advertisers', { headers: { cookie } });
    expect(read.status).toBe(200);

    const body = { name: 'CSRF test', endpoint_url: 'https://x.example/leads' };
    const forged = await t.call('POST', '/api/admin/advertisers', { headers: { cookie }, body });
    expect(forged.status).toBe(403);
    expect(forged.body.message).toContain('X-CSRF-Token');

    const withHeader = await t.call('POST', '/api/admin/advertisers', {
      headers: { cookie, 'x-csrf-token': login.body.csrf_token },
      body,
    });
    expect(withHeader.status).toBe(201);
    // A bearer token is not sent by browsers on their own, so it needs no CSRF header.
    expect((await t.call('POST', '/api/admin/advertisers', { token, body })).status).toBe(201);
  });

  it('ends the session on logout', async () => {
    const login = await t.call('POST', '/api/auth/login', {
      body: { email: 'admin@leadrail.test', password: 'admin-password' },
    });
    const own = login.body.token;
    expect((await t.call('GET', '/api/auth/me', { token: own })).status).toBe(200);
    expect((await t.call('POST', '/api/auth/logout', { token: own })).status).toBe(204);
    expect((await t.call('GET', '/api/auth/me', { token: own })).status).toBe(401);
  });

  it('keeps an admin and a publisher signed in side by side in one browser, each with its own cookies', async () => {
    const pub = await makePublisher(t, token);
    const adminLogin = await t.call('POST', '/api/auth/login', {
      body: { email: 'admin@leadrail.test', password: 'admin-password' },
    });
    const pubLogin = await t.call('POST', '/api/publisher/login', {
      body: { email: pub.email, password: pub.password },
    });
    const jar = {
      ...cookiesOf(adminLogin.headers['set-cookie']),
      ...cookiesOf(pubLogin.headers['set-cookie']),
    };
    expect(Object.keys(jar).sort()).toEqual(['lr_csrf', 'lr_pub_csrf', 'lr_pub_session', 'lr_session']);
    const cookie = Object.entries(jar)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    expect((await t.call('GET', '/api/auth/me', { headers: { cookie } })).body.email).toBe(
      'admin@leadrail.test',
    );
    expect((await t.call('GET', '/api/publisher/me', { headers: { cookie } })).body.id).toBe(pub.id);
    // Each side's change needs its own CSRF token.
    const crossed = await t.call('POST', '/api/publisher/flows', {
      headers: { cookie, 'x-csrf-token': adminLogin.body.csrf_token },
      body: { offer_id: '1' },
    });
    expect(crossed.status).toBe(403);
    // Signing out of the portal leaves the admin session alone, and the other way round.
    const out = await t.call('POST', '/api/publisher/logout', {
      headers: { cookie, 'x-csrf-token': pubLogin.body.csrf_token },
    });
    expect(out.status).toBe(204);
    expect((await t.call('GET', '/api/publisher/me', { headers: { cookie } })).status).toBe(401);
    expect((await t.call('GET', '/api/auth/me', { headers: { cookie } })).status).toBe(200);
    const adminOut = await t.call('POST', '/api/auth/logout', {
      headers: { cookie, 'x-csrf-token': adminLogin.body.csrf_token },
    });
    expect(adminOut.status).toBe(204);
    expect((await t.call('GET', '/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('stores passwords as argon2id hashes', async () => {
    const row = await t.ctx.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});

describe('login rate limit', () => {
  it('answers 429 after 10 attempts a minute from one address', async () => {
    const own = await createTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await own.call('POST', '/api/auth/login', {
          body: { email: 'x@y.z', password: 'guess-' + i },
        });
        statuses.push(r.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await own.close();
    }
  });
});

describe('publisher accounts', () => {
  it('registers as pending, can log in, and cannot create flows until approved', async () => {
    const offer = await makeOffer(t, token);
    const reg = await t.call('POST', '/api/publisher/register', {
      body: { name: 'New Pub', email: 'newpub@example.com', password: 'long-enough-pw' },
    });
    expect(reg.status).toBe(201);
    expect(reg.body.status).toBe('pending');
    expect(reg.body).not.toHaveProperty('password_hash');

    const login = await t.call('POST', '/api/publisher/login', {
      body: { email: 'newpub@example.com', password: 'long-enough-pw' },
    });
    expect(login.status).toBe(200);
    const pubToken = login.body.token;
    const flow = await t.call('POST', '/api/publisher/flows', {
      token: pubToken,
      body: { offer_id: offer.id },
    });
    expect(flow.status).toBe(422);
    expect(flow.body.message).toContain('pending');

    const me = await t.call('GET', '/api/publisher/me', { token: pubToken });
    await t.call('POST', `/api/admin/publishers/${me.body.id}/approve`, { token });
    const again = await t.call('POST', '/api/publisher/flows', {
      token: pubToken,
      body: { offer_id: offer.id },
    });
    expect(again.status).toBe(201);
  });

  it('does not register an address twice (and does not say so: test/hardening.test.ts)', async () => {
    const body = { name: 'Dup', email: 'dup@example.com', password: 'long-enough-pw' };
    expect((await t.call('POST', '/api/publisher/register', { body })).status).toBe(201);
    const second = await t.call('POST', '/api/publisher/register', {
      body: { ...body, email: 'DUP@example.com' },
    });
    expect(second.status).toBe(201);
    const rows = await t.ctx.db
      .selectFrom('publishers')
      .select('id')
      .where('email', '=', 'dup@example.com')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps a suspended publisher out', async () => {
    const pub = await makePublisher(t, token, { status: 'suspended' });
    const login = await t.call('POST', '/api/publisher/login', {
      body: { email: pub.email, password: pub.password },
    });
    expect(login.status).toBe(403);
    expect(login.body).toMatchObject({
      error: 'account_suspended',
      message: 'publisher account is suspended',
    });
    const rejected = await makePublisher(t, token, { status: 'rejected' });
    const refused = await t.call('POST', '/api/publisher/login', {
      body: { email: rejected.email, password: rejected.password },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('account_rejected');
  });

  it('ends what an open session may do once the publisher is suspended, and restores it on approval', async () => {
    const pub = await makePublisher(t, token);
    expect((await t.call('GET', '/api/publisher/me', { token: pub.token })).status).toBe(200);
    await t.call('PATCH', `/api/admin/publishers/${pub.id}`, { token, body: { status: 'suspended' } });
    const refused = await t.call('GET', '/api/publisher/me', { token: pub.token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      error: 'account_suspended',
      message: 'publisher account is suspended',
    });
    expect((await t.call('GET', '/api/publisher/offers', { token: pub.token })).status).toBe(403);
    await t.call('POST', `/api/admin/publishers/${pub.id}/approve`, { token });
    expect((await t.call('GET', '/api/publisher/me', { token: pub.token })).status).toBe(200);
  });

  it('does not let a publisher token into the admin API', async () => {
    const pub = await makePublisher(t, token);
    const r = await t.call('GET', '/api/admin/publishers', { token: pub.token });
    expect(r.status).toBe(403);
    expect((await t.call('GET', '/api/publisher/me', { token })).status).toBe(403);
  });

  it("never shows one publisher another publisher's data", async () => {
    const offer = await makeOffer(t, token);
    const alice = await makePublisher(t, token, { name: 'Alice' });
    const bob = await makePublisher(t, token, { name: 'Bob' });
    const aliceFlow = await t.call('POST', '/api/publisher/flows', {
      token: alice.token,
      body: { offer_id: offer.id, name: 'alice secret flow' },
    });
    expect(aliceFlow.status).toBe(201);
    expect(aliceFlow.body.publisher_id).toBe(alice.id);

    const bobReads = await t.call('GET', `/api/publisher/flows/${aliceFlow.body.id}`, { token: bob.token });
    expect(bobReads.status).toBe(404);
    const bobEdits = await t.call('PATCH', `/api/publisher/flows/${aliceFlow.body.id}`, {
      token: bob.token,
      body: { status: 'paused' },
    });
    expect(bobEdits.status).toBe(404);
    const bobList = await t.call('GET', '/api/publisher/flows', { token: bob.token });
    expect(bobList.body.data.map((f: any) => f.id)).not.toContain(aliceFlow.body.id);
    const me = await t.call('GET', '/api/publisher/me', { token: bob.token });
    expect(me.body.id).toBe(bob.id);

    const aliceReads = await t.call('GET', `/api/publisher/flows/${aliceFlow.body.id}`, {
      token: alice.token,
    });
    expect(aliceReads.status).toBe(200);
    expect(aliceReads.body.status).toBe('active');
  });

  it('rejects a publisher body that tries to pick another publisher_id', async () => {
    const offer = await makeOffer(t, token);
    const alice = await makePublisher(t, token);
    const bob = await makePublisher(t, token);
    const r = await t.call('POST', '/api/publisher/flows', {
      token: alice.token,
      body: { offer_id: offer.id, publisher_id: bob.id },
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toContain('publisher_id');
  });
});
