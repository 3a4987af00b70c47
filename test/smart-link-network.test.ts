import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.js';
import { createAdmin } from '../src/modules/users/create-admin.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 19, smart link leftovers: an operator switches smart links off (and back on) for the whole
// network; every publisher's /go/ link then answers like a missing link, the portal stops showing
// it, and the simulate says so.
let t: TestApp;
let token: string;
let analyst: string;

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  const user = await createAdmin(t.ctx, {
    email: 'analyst@smart.test',
    password: 'role-password',
    role: 'analyst',
  });
  analyst = (await createSession(t.ctx, 'admin', user.id)).token;
});
afterAll(() => t.close());

const setNetwork = (enabled: boolean, as = token) =>
  t.call('PUT', '/api/admin/smart-links/settings', { token: as, body: { enabled } });

describe('smart links network switch', () => {
  it('switches every smart link off and back on for the whole network', { timeout: 60_000 }, async () => {
    const advertiser = await makeAdvertiser(t, token);
    const offer = await makeOffer(t, token, {
      advertiser_id: advertiser.id,
      name: 'net',
      geo: '',
      landing_url: 'https://net.example/?c={click_id}',
    });
    const pub = await makePublisher(t, token);
    const on = await t.call('PUT', `/api/admin/publishers/${pub.id}/smart-link`, {
      token,
      body: { enabled: true },
    });
    expect(on.body).toMatchObject({ enabled: true, network_enabled: true });
    const code = on.body.code as string;
    const go = () =>
      t.call('GET', `/go/${code}`, { headers: { 'x-forwarded-for': '49.36.1.2', 'user-agent': ANDROID } });

    expect((await t.call('GET', '/api/admin/smart-links/settings', { token })).body).toEqual({
      enabled: true,
    });
    expect((await go()).status).toBe(302);

    const off = await setNetwork(false);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ enabled: false });
    const missing = await go();
    expect(missing.status).toBe(404);
    expect(missing.headers.location).toBeUndefined();
    // The publisher's own switch is kept; the portal shows no link while the network is off.
    const mine = await t.call('GET', '/api/publisher/smart-link', { token: pub.token });
    expect(mine.body).toMatchObject({ enabled: true, url: null, network_enabled: false });
    const admin = await t.call('GET', `/api/admin/publishers/${pub.id}/smart-link`, { token });
    expect(admin.body).toMatchObject({ enabled: true, url: null, network_enabled: false });
    const sim = await t.call('GET', `/api/admin/publishers/${pub.id}/smart-link/simulate?country=IN`, {
      token,
    });
    expect(sim.body).toMatchObject({ enabled: true, network_enabled: false });
    expect(sim.body.offers).toContainEqual(expect.objectContaining({ offer_id: offer.id, eligible: true }));

    expect((await setNetwork(true)).body).toEqual({ enabled: true });
    const back = await go();
    expect(back.status).toBe(302);
    expect(back.headers.location).toMatch(/^https:\/\/net\.example\//);
    expect((await t.call('GET', '/api/publisher/smart-link', { token: pub.token })).body.url).toBe(
      on.body.url,
    );
  });

  it('lets an analyst read the switch but not change it, and audits a change', async () => {
    expect((await t.call('GET', '/api/admin/smart-links/settings', { token: analyst })).status).toBe(200);
    expect((await setNetwork(false, analyst)).status).toBe(403);
    expect((await t.call('GET', '/api/admin/smart-links/settings', { token })).body).toEqual({
      enabled: true,
    });
    expect((await setNetwork(true, token)).status).toBe(200);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('route', '=', 'PUT /api/admin/smart-links/settings')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses a body that is not a boolean switch', async () => {
    const r = await t.call('PUT', '/api/admin/smart-links/settings', { token, body: { enabled: 'yes' } });
    expect(r.status).toBe(400);
  });
});
