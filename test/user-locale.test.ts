import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  token = await t.adminToken();
});
afterAll(() => t.close());

describe('each person keeps their language on their account', () => {
  it('an admin chooses a language, reads it back, and may return to the browser default', async () => {
    const first = await t.call('GET', '/api/auth/locale', { token });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ locale: null, locales: ['en', 'es', 'ru', 'hi'] });

    const set = await t.call('PUT', '/api/auth/locale', { token, body: { locale: 'ru' } });
    expect(set.status).toBe(200);
    expect((await t.call('GET', '/api/auth/locale', { token })).body.locale).toBe('ru');

    await t.call('PUT', '/api/auth/locale', { token, body: { locale: null } });
    expect((await t.call('GET', '/api/auth/locale', { token })).body.locale).toBeNull();
  });

  it('a publisher keeps their own language, apart from the admin', async () => {
    const publisher = await makePublisher(t, token);
    const set = await t.call('PUT', '/api/publisher/locale', {
      token: publisher.token,
      body: { locale: 'es' },
    });
    expect(set.status).toBe(200);
    expect((await t.call('GET', '/api/publisher/locale', { token: publisher.token })).body.locale).toBe('es');
    expect((await t.call('GET', '/api/auth/locale', { token })).body.locale).toBeNull();
    // Hindi, for the portal of publishers in India.
    await t.call('PUT', '/api/publisher/locale', { token: publisher.token, body: { locale: 'hi' } });
    expect((await t.call('GET', '/api/publisher/locale', { token: publisher.token })).body.locale).toBe('hi');
    // Each role's path takes only its own session.
    expect((await t.call('GET', '/api/auth/locale', { token: publisher.token })).status).toBe(403);
  });

  it('refuses a language the app does not speak, anonymous callers, and says which field and rule failed', async () => {
    const bad = await t.call('PUT', '/api/auth/locale', { token, body: { locale: 'xx' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('validation');
    expect(bad.body.field).toBe('locale');
    expect(typeof bad.body.rule).toBe('string');
    const missing = await t.call('PUT', '/api/auth/locale', { token, body: {} });
    expect(missing.body).toMatchObject({ error: 'validation', field: 'locale', rule: 'required' });
    expect((await t.call('GET', '/api/publisher/locale')).status).toBe(401);
  });
});
