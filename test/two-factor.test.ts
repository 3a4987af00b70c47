import { ScureBase32Plugin } from '@otplib/plugin-base32-scure';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generate } from '@otplib/totp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../src/modules/users/create-admin.js';
import { makePublisher } from './helpers/fixtures.js';
import { type CallOptions, createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let adminToken: string;
let address = 0;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  adminToken = await t.adminToken();
});
afterAll(() => t.close());

/** Each call from its own address unless one is given: sign-in routes are rate-limited per address. */
function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options: CallOptions = {}) {
  address += 1;
  const headers = { 'x-forwarded-for': `198.51.100.${(address % 250) + 1}`, ...options.headers };
  return t.call(method, url, { ...options, headers });
}

/** The code an authenticator app shows now, computed by otplib from the secret the API gave. */
function codeFor(secret: string): Promise<string> {
  return generate({
    secret,
    crypto: new NodeCryptoPlugin(),
    base32: new ScureBase32Plugin(),
    epoch: Math.floor(t.clock.now().getTime() / 1000),
  });
}

/** The next 30-second step, so a new code is shown. */
function nextStep() {
  t.clock.advance(30_000);
}

async function enrol(prefix: string, token: string): Promise<{ secret: string; recovery: string[] }> {
  const setup = await call('POST', `${prefix}/2fa/setup`, { token });
  expect(setup.status).toBe(200);
  const confirmed = await call('POST', `${prefix}/2fa/confirm`, {
    token,
    body: { code: await codeFor(setup.body.secret) },
  });
  expect(confirmed.status).toBe(200);
  nextStep();
  return { secret: setup.body.secret, recovery: confirmed.body.recovery_codes };
}

async function newAdmin(email: string) {
  await createAdmin(t.ctx, { email, password: 'first-password' });
  const login = await call('POST', '/api/auth/login', { body: { email, password: 'first-password' } });
  expect(login.status).toBe(200);
  return login.body.token as string;
}

describe('two-factor enrolment', () => {
  it('gives a secret, an otpauth URL and a QR code; a code from the app turns it on with ten recovery codes', async () => {
    const token = await newAdmin('enrol@leadrail.test');
    const setup = await call('POST', '/api/auth/2fa/setup', { token });
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(setup.body.otpauth_url);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(url.searchParams.get('secret')).toBe(setup.body.secret);
    expect(url.searchParams.get('issuer')).toContain('Leadrail');
    expect(decodeURIComponent(url.pathname)).toContain('enrol@leadrail.test');
    expect(setup.body.qr_svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    expect((await call('GET', '/api/auth/2fa', { token })).body).toMatchObject({ enabled: false });
    const wrong = await call('POST', '/api/auth/2fa/confirm', { token, body: { code: '000000' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.field).toBe('code');

    const confirmed = await call('POST', '/api/auth/2fa/confirm', {
      token,
      body: { code: await codeFor(setup.body.secret) },
    });
    expect(confirmed.status).toBe(200);
    const codes: string[] = confirmed.body.recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    // Stored hashed: no code, nor the secret, is in the database in clear.
    const stored = await t.ctx.db.selectFrom('recovery_codes').select('code_hash').execute();
    expect(stored.map((r) => r.code_hash)).not.toContain(codes[0]);
    const secretRow = await t.ctx.db.selectFrom('two_factor').select('secret').executeTakeFirstOrThrow();
    expect(secretRow.secret).not.toContain(setup.body.secret);

    expect((await call('GET', '/api/auth/2fa', { token })).body).toMatchObject({
      enabled: true,
      recovery_codes_left: 10,
    });
    expect((await call('POST', '/api/auth/2fa/setup', { token })).status).toBe(409);
  });
});

describe('two-factor sign-in', () => {
  it('asks for the code after the password: the ticket opens nothing, a code works once, a ticket once', async () => {
    const email = 'signin@leadrail.test';
    const token = await newAdmin(email);
    const { secret } = await enrol('/api/auth', token);

    const login = await call('POST', '/api/auth/login', { body: { email, password: 'first-password' } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ two_factor_required: true });
    expect(login.body.token).toBeUndefined();
    expect(login.headers['set-cookie']).toBeUndefined();
    const ticket = login.body.ticket as string;
    expect((await call('GET', '/api/admin/offers', { token: ticket })).status).toBe(401);
    // A wrong password still says only "wrong email or password".
    const bad = await call('POST', '/api/auth/login', { body: { email, password: 'not-it-at-all' } });
    expect(bad.status).toBe(401);
    expect(bad.body.ticket).toBeUndefined();

    const code = await codeFor(secret);
    const second = await call('POST', '/api/auth/login/2fa', { body: { ticket, code } });
    expect(second.status).toBe(200);
    expect(second.body.token).toBeTruthy();
    expect(String(second.headers['set-cookie'])).toContain('lr_session=');
    expect((await call('GET', '/api/admin/offers', { token: second.body.token })).status).toBe(200);

    // The ticket is spent.
    expect((await call('POST', '/api/auth/login/2fa', { body: { ticket, code } })).status).toBe(401);
    // The same code, in the same 30 seconds, with a fresh ticket: a replay, refused.
    const again = await call('POST', '/api/auth/login', { body: { email, password: 'first-password' } });
    const replay = await call('POST', '/api/auth/login/2fa', { body: { ticket: again.body.ticket, code } });
    expect(replay.status).toBe(401);
    nextStep();
    const fresh = await call('POST', '/api/auth/login/2fa', {
      body: { ticket: again.body.ticket, code: await codeFor(secret) },
    });
    expect(fresh.status).toBe(200);

    // A ticket lives five minutes.
    const late = await call('POST', '/api/auth/login', { body: { email, password: 'first-password' } });
    t.clock.advance(5 * 60_000 + 1000);
    const expired = await call('POST', '/api/auth/login/2fa', {
      body: { ticket: late.body.ticket, code: await codeFor(secret) },
    });
    expect(expired.status).toBe(401);
  });

  it('takes each recovery code once, written any case with or without dashes', async () => {
    const email = 'recovery@leadrail.test';
    const token = await newAdmin(email);
    const { recovery } = await enrol('/api/auth', token);
    const [first, second] = recovery as [string, string];

    const tryCode = async (code: string) => {
      const login = await call('POST', '/api/auth/login', { body: { email, password: 'first-password' } });
      return call('POST', '/api/auth/login/2fa', { body: { ticket: login.body.ticket, code } });
    };
    expect((await tryCode(first)).status).toBe(200);
    expect((await tryCode(first)).status).toBe(401);
    expect((await tryCode(second.toUpperCase().replaceAll('-', ' '))).status).toBe(200);
    expect((await call('GET', '/api/auth/2fa', { token })).body.recovery_codes_left).toBe(8);

    // New codes replace the old ones (the password is asked again).
    const wrongPassword = await call('POST', '/api/auth/2fa/recovery-codes', {
      token,
      body: { password: 'nope-nope-nope' },
    });
    expect(wrongPassword.status).toBe(422);
    const renewed = await call('POST', '/api/auth/2fa/recovery-codes', {
      token,
      body: { password: 'first-password' },
    });
    expect(renewed.body.recovery_codes).toHaveLength(10);
    expect((await tryCode(recovery[2] as string)).status).toBe(401);
    expect((await tryCode(renewed.body.recovery_codes[0])).status).toBe(200);
  });

  it('limits wrong codes: five a ticket, ten in a row lock the account for 15 minutes, ten a minute an address', async () => {
    const email = 'guess@leadrail.test';
    const token = await newAdmin(email);
    const { secret } = await enrol('/api/auth', token);
    const ticketFor = async () =>
      (await call('POST', '/api/auth/login', { body: { email, password: 'first-password' } })).body
        .ticket as string;

    const ticket = await ticketFor();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await call('POST', '/api/auth/login/2fa', { body: { ticket, code: '000001' } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const spent = await call('POST', '/api/auth/login/2fa', {
      body: { ticket, code: await codeFor(secret) },
    });
    expect(spent.status).toBe(401);

    const another = await ticketFor();
    for (let i = 0; i < 4; i++) {
      await call('POST', '/api/auth/login/2fa', { body: { ticket: another, code: '000002' } });
    }
    // The tenth wrong code in a row (over two tickets) locks the second factor.
    const third = await ticketFor();
    expect(
      (await call('POST', '/api/auth/login/2fa', { body: { ticket: third, code: '000003' } })).status,
    ).toBe(401);
    const locked = await call('POST', '/api/auth/login/2fa', {
      body: { ticket: await ticketFor(), code: await codeFor(secret) },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('two_factor_locked');
    t.clock.advance(15 * 60_000 + 1000);
    const after = await call('POST', '/api/auth/login/2fa', {
      body: { ticket: await ticketFor(), code: await codeFor(secret) },
    });
    expect(after.status).toBe(200);

    // Per address, as login: the eleventh attempt in a minute is 429 before any check.
    const headers = { 'x-forwarded-for': '203.0.113.77' };
    const fromOne: number[] = [];
    for (let i = 0; i < 11; i++) {
      fromOne.push(
        (await t.call('POST', '/api/auth/login/2fa', { headers, body: { ticket: 'x', code: '123456' } }))
          .status,
      );
    }
    expect(fromOne.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(fromOne[10]).toBe(429);
  });

  it('lets a publisher turn it on and off (password and a code), and keeps the two roles apart', async () => {
    const publisher = await makePublisher(t, adminToken);
    const { secret } = await enrol('/api/publisher', publisher.token);
    const login = await call('POST', '/api/publisher/login', {
      body: { email: publisher.email, password: publisher.password },
    });
    expect(login.body.two_factor_required).toBe(true);
    // A publisher's ticket is no admin sign-in.
    const crossed = await call('POST', '/api/auth/login/2fa', {
      body: { ticket: login.body.ticket, code: await codeFor(secret) },
    });
    expect(crossed.status).toBe(401);
    const login2 = await call('POST', '/api/publisher/login', {
      body: { email: publisher.email, password: publisher.password },
    });
    const second = await call('POST', '/api/publisher/login/2fa', {
      body: { ticket: login2.body.ticket, code: await codeFor(secret) },
    });
    expect(second.status).toBe(200);
    expect(String(second.headers['set-cookie'])).toContain('lr_pub_session=');
    const pubToken = second.body.token as string;
    expect((await call('GET', '/api/publisher/me', { token: pubToken })).status).toBe(200);

    nextStep();
    const noCode = await call('POST', '/api/publisher/2fa/disable', {
      token: pubToken,
      body: { password: publisher.password, code: '999999' },
    });
    expect(noCode.status).toBe(422);
    const off = await call('POST', '/api/publisher/2fa/disable', {
      token: pubToken,
      body: { password: publisher.password, code: await codeFor(secret) },
    });
    expect(off.status).toBe(204);
    const plain = await call('POST', '/api/publisher/login', {
      body: { email: publisher.email, password: publisher.password },
    });
    expect(plain.body.two_factor_required).toBe(false);
    expect(plain.body.token).toBeTruthy();
  });
});

describe('an account refused between the two steps', () => {
  it('refuses the second step of an admin disabled after the password step', async () => {
    const email = 'between@leadrail.test';
    const token = await newAdmin(email);
    const { secret } = await enrol('/api/auth', token);
    const login = await call('POST', '/api/auth/login', { body: { email, password: 'first-password' } });
    const me = await call('GET', '/api/auth/me', { token });
    expect((await call('POST', `/api/admin/users/${me.body.id}/disable`, { token: adminToken })).status).toBe(
      200,
    );
    const second = await call('POST', '/api/auth/login/2fa', {
      body: { ticket: login.body.ticket, code: await codeFor(secret) },
    });
    expect(second.status).toBe(403);
    expect(second.body.error).toBe('account_disabled');
  });
});

describe('requiring two-factor sign-in of admins', () => {
  it('needs it on for yourself first, then sends an admin without it to enrol before anything else', async () => {
    const owner = await newAdmin('owner@leadrail.test');
    const early = await call('PUT', '/api/admin/security-settings', {
      token: owner,
      body: { require_admin_two_factor: true },
    });
    expect(early.status).toBe(409);
    await enrol('/api/auth', owner);
    const on = await call('PUT', '/api/admin/security-settings', {
      token: owner,
      body: { require_admin_two_factor: true },
    });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ require_admin_two_factor: true });

    // An admin without a second factor: the session opens, but only /api/auth/* answers it.
    const other = await newAdmin('no2fa@leadrail.test');
    const refused = await call('GET', '/api/admin/offers', { token: other });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('two_factor_enrolment_required');
    // Sessions opened before the setting too: the check is made on every request.
    expect((await call('GET', '/api/admin/offers', { token: adminToken })).status).toBe(403);
    const me = await call('GET', '/api/auth/me', { token: other });
    expect(me.body).toMatchObject({ two_factor_enabled: false, two_factor_required: true });
    const { secret } = await enrol('/api/auth', other);
    expect((await call('GET', '/api/admin/offers', { token: other })).status).toBe(200);

    // Required: an admin may not turn theirs off.
    const off = await call('POST', '/api/auth/2fa/disable', {
      token: other,
      body: { password: 'first-password', code: await codeFor(secret) },
    });
    expect(off.status).toBe(409);
    expect((await call('GET', '/api/auth/2fa', { token: other })).body).toMatchObject({
      enabled: true,
      required: true,
    });

    const offAgain = await call('PUT', '/api/admin/security-settings', {
      token: owner,
      body: { require_admin_two_factor: false },
    });
    expect(offAgain.body).toEqual({ require_admin_two_factor: false });
    expect((await call('GET', '/api/admin/offers', { token: adminToken })).status).toBe(200);
  });
});

describe('own password and sessions', () => {
  it('changes an admin password with the current one; other sessions end, this one stays', async () => {
    const email = 'pw@leadrail.test';
    const first = await newAdmin(email);
    const second = (await call('POST', '/api/auth/login', { body: { email, password: 'first-password' } }))
      .body.token as string;

    const wrong = await call('PUT', '/api/auth/password', {
      token: first,
      body: { current_password: 'guess-guess', new_password: 'second-password' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.field).toBe('current_password');
    const short = await call('PUT', '/api/auth/password', {
      token: first,
      body: { current_password: 'first-password', new_password: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.field).toBe('new_password');

    const changed = await call('PUT', '/api/auth/password', {
      token: first,
      body: { current_password: 'first-password', new_password: 'second-password' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.sessions_ended).toBe(1);
    expect((await call('GET', '/api/auth/me', { token: second })).status).toBe(401);
    expect((await call('GET', '/api/auth/me', { token: first })).status).toBe(200);
    expect(
      (await call('POST', '/api/auth/login', { body: { email, password: 'first-password' } })).status,
    ).toBe(401);
    expect(
      (await call('POST', '/api/auth/login', { body: { email, password: 'second-password' } })).status,
    ).toBe(200);
  });

  it('changes a publisher password the same way', async () => {
    const publisher = await makePublisher(t, adminToken);
    const other = await call('POST', '/api/publisher/login', {
      body: { email: publisher.email, password: publisher.password },
    });
    const changed = await call('PUT', '/api/publisher/password', {
      token: publisher.token,
      body: { current_password: publisher.password, new_password: 'a-new-publisher-password' },
    });
    expect(changed.status).toBe(200);
    expect((await call('GET', '/api/publisher/me', { token: other.body.token })).status).toBe(401);
    expect((await call('GET', '/api/publisher/me', { token: publisher.token })).status).toBe(200);
    const login = await call('POST', '/api/publisher/login', {
      body: { email: publisher.email, password: 'a-new-publisher-password' },
    });
    expect(login.status).toBe(200);
  });

  it('lists my sessions with when, where and which browser, and ends one or all others', async () => {
    const email = 'sessions@leadrail.test';
    await createAdmin(t.ctx, { email, password: 'first-password' });
    const signIn = async (ip: string, agent: string) =>
      (
        await t.call('POST', '/api/auth/login', {
          headers: { 'x-forwarded-for': ip, 'user-agent': agent },
          body: { email, password: 'first-password' },
        })
      ).body.token as string;
    const openedAt = t.clock.now().toISOString();
    const laptop = await signIn('203.0.113.10', 'Laptop Firefox');
    t.clock.advance(60_000);
    const phone = await signIn('203.0.113.20', 'Phone Safari');
    t.clock.advance(60_000);
    const tablet = await signIn('203.0.113.30', 'Tablet Chrome');

    const list = await call('GET', '/api/auth/sessions', { token: laptop });
    expect(list.status).toBe(200);
    expect(list.body.data.map((s: { user_agent: string }) => s.user_agent)).toEqual([
      'Tablet Chrome',
      'Phone Safari',
      'Laptop Firefox',
    ]);
    const mine = list.body.data.find((s: { current: boolean }) => s.current);
    expect(mine).toMatchObject({ ip: '203.0.113.10', user_agent: 'Laptop Firefox' });
    expect(mine.created_at).toBe(openedAt);
    // Seen again by this very request (two minutes after it opened).
    expect(mine.last_seen_at).toBe(t.clock.now().toISOString());
    const phoneRow = list.body.data.find((s: { user_agent: string }) => s.user_agent === 'Phone Safari');
    // Nothing in the list signs in.
    expect(JSON.stringify(list.body)).not.toContain(phone);

    // Another account cannot end my session by its id.
    expect((await call('DELETE', `/api/auth/sessions/${phoneRow.id}`, { token: adminToken })).status).toBe(
      404,
    );
    expect((await call('DELETE', `/api/auth/sessions/${phoneRow.id}`, { token: laptop })).status).toBe(204);
    expect((await call('GET', '/api/auth/me', { token: phone })).status).toBe(401);
    expect((await call('GET', '/api/auth/me', { token: tablet })).status).toBe(200);

    const others = await call('POST', '/api/auth/sessions/revoke-others', { token: laptop });
    expect(others.body.sessions_ended).toBe(1);
    expect((await call('GET', '/api/auth/me', { token: tablet })).status).toBe(401);
    const left = await call('GET', '/api/auth/sessions', { token: laptop });
    expect(left.body.data).toHaveLength(1);
    expect(left.body.data[0].current).toBe(true);
  });
});
