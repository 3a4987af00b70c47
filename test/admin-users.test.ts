import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;

beforeAll(async () => {
  // Each login comes from an address of its own, under the 10-a-minute login limit.
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
});
afterAll(() => t.close());

let logins = 0;
const login = (email: string, password: string) =>
  t.call('POST', '/api/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': `10.0.0.${++logins}` },
  });

async function loginToken(email: string, password: string): Promise<string> {
  const r = await login(email, password);
  expect(r.status).toBe(200);
  return r.body.token as string;
}

describe('admin users', () => {
  it('lists admins and creates one who can log in', async () => {
    const created = await t.call('POST', '/api/admin/users', {
      token,
      body: { email: ' Ops@Example.com ', password: 'ops-password-1', name: 'Ops' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'ops@example.com',
      name: 'Ops',
      role: 'admin',
      disabled: false,
    });
    expect(created.body).not.toHaveProperty('password_hash');
    const list = await t.call('GET', '/api/admin/users', { token });
    expect(list.body.data.map((u: { email: string }) => u.email)).toEqual([
      'admin@leadrail.test',
      'ops@example.com',
    ]);
    expect((await login('ops@example.com', 'ops-password-1')).status).toBe(200);
  });

  it('refuses a duplicate email (409), a short password or a bad email (422)', async () => {
    const again = await t.call('POST', '/api/admin/users', {
      token,
      body: { email: 'ops@example.com', password: 'another-password' },
    });
    expect(again.status).toBe(409);
    const short = await t.call('POST', '/api/admin/users', {
      token,
      body: { email: 'x@example.com', password: 'short' },
    });
    expect(short.status).toBe(422);
    expect(short.body.field).toBe('password');
    const bad = await t.call('POST', '/api/admin/users', {
      token,
      body: { email: 'nobody', password: 'long-enough-1' },
    });
    expect(bad.status).toBe(422);
  });

  it('disables an admin: their session ends and login is refused; enabling lets them back', async () => {
    const list = await t.call('GET', '/api/admin/users', { token });
    const ops = list.body.data.find((u: { email: string }) => u.email === 'ops@example.com');
    const opsToken = await loginToken('ops@example.com', 'ops-password-1');
    expect((await t.call('GET', '/api/auth/me', { token: opsToken })).status).toBe(200);
    const disabled = await t.call('POST', `/api/admin/users/${ops.id}/disable`, { token });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ disabled: true, disabled_at: expect.any(String) });
    expect((await t.call('GET', '/api/auth/me', { token: opsToken })).status).toBe(401);
    const refused = await login('ops@example.com', 'ops-password-1');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'account_disabled', message: 'admin account is disabled' });
    const enabled = await t.call('POST', `/api/admin/users/${ops.id}/enable`, { token });
    expect(enabled.body).toMatchObject({ disabled: false, disabled_at: null });
    expect((await login('ops@example.com', 'ops-password-1')).status).toBe(200);
  });

  it('never disables yourself nor the last active owner', async () => {
    const me = await t.call('GET', '/api/auth/me', { token });
    const self = await t.call('POST', `/api/admin/users/${me.body.id}/disable`, { token });
    expect(self.status).toBe(409);
    expect(self.body.message).toMatch(/yourself/);
    const list = await t.call('GET', '/api/admin/users', { token });
    const ops = list.body.data.find((u: { email: string }) => u.email === 'ops@example.com');
    // Only owners manage users: ops becomes one.
    const promoted = await t.call('PUT', `/api/admin/users/${ops.id}/role`, {
      token,
      body: { role: 'owner' },
    });
    expect(promoted.body.role).toBe('owner');
    const opsToken = await loginToken('ops@example.com', 'ops-password-1');
    // ops disables the first admin; then the first admin is gone and ops is the last active one.
    expect((await t.call('POST', `/api/admin/users/${me.body.id}/disable`, { token: opsToken })).status).toBe(
      200,
    );
    const third = await t.call('POST', '/api/admin/users', {
      token: opsToken,
      body: { email: 'third@example.com', password: 'third-password' },
    });
    const thirdToken = await loginToken('third@example.com', 'third-password');
    expect(
      (await t.call('POST', `/api/admin/users/${third.body.id}/disable`, { token: opsToken })).status,
    ).toBe(200);
    // Third's session ended; ops alone is active and cannot be disabled by anyone (nor by themselves).
    expect((await t.call('GET', '/api/admin/users', { token: thirdToken })).status).toBe(401);
    const last = await t.call('POST', `/api/admin/users/${ops.id}/disable`, { token: opsToken });
    expect(last.status).toBe(409);
    expect((await t.call('POST', `/api/admin/users/${me.body.id}/enable`, { token: opsToken })).status).toBe(
      200,
    );
    token = await loginToken('admin@leadrail.test', 'admin-password');
    expect((await t.call('POST', '/api/admin/users/999999/disable', { token })).status).toBe(404);
  });

  it('changes a password: the old one stops working, other sessions end, yours stays', async () => {
    const list = await t.call('GET', '/api/admin/users', { token });
    const ops = list.body.data.find((u: { email: string }) => u.email === 'ops@example.com');
    const opsToken = await loginToken('ops@example.com', 'ops-password-1');
    const changed = await t.call('PUT', `/api/admin/users/${ops.id}/password`, {
      token,
      body: { password: 'new-ops-password' },
    });
    expect(changed.status).toBe(204);
    expect((await t.call('GET', '/api/auth/me', { token: opsToken })).status).toBe(401);
    expect((await login('ops@example.com', 'ops-password-1')).status).toBe(401);
    expect((await login('ops@example.com', 'new-ops-password')).status).toBe(200);
    const me = await t.call('GET', '/api/auth/me', { token });
    const own = await t.call('PUT', `/api/admin/users/${me.body.id}/password`, {
      token,
      body: { password: 'admin-password-2' },
    });
    expect(own.status).toBe(204);
    expect((await t.call('GET', '/api/auth/me', { token })).status).toBe(200);
    const short = await t.call('PUT', `/api/admin/users/${ops.id}/password`, {
      token,
      body: { password: 'short' },
    });
    expect(short.status).toBe(422);
  });

  it('is for admins only', async () => {
    expect((await t.call('GET', '/api/admin/users')).status).toBe(401);
  });
});
