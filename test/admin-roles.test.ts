import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, type Role } from '../src/modules/auth/permissions.js';
import { createSession } from '../src/modules/auth/sessions.js';
import { createAdmin } from '../src/modules/users/create-admin.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) {
    const user = await createAdmin(t.ctx, { email: `${role}@roles.test`, password: 'role-password', role });
    tokens[role] = (await createSession(t.ctx, 'admin', user.id)).token;
  }
});
afterAll(() => t.close());

interface Route {
  method: string;
  key: string;
  url: string;
}

/** Every admin route the OpenAPI document names, with `{param}` turned into Fastify's `:param`. */
async function adminRoutes(): Promise<Route[]> {
  const doc = await t.call('GET', '/docs/json');
  expect(doc.status).toBe(200);
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.body.paths as Record<string, object>)) {
    if (!path.startsWith('/api/admin/')) continue;
    for (const method of Object.keys(operations)) {
      const upper = method.toUpperCase();
      const pattern = path.replace(/\{([a-z_]+)\}/g, ':$1');
      // Ids nobody has: an allowed role meets 404 (or 400/422 for the empty body), never 403.
      const url = path.replace(/\{([a-z_]+)\}/g, (_, name: string) =>
        name === 'rule' ? 'ip_velocity' : '999999',
      );
      routes.push({ method: upper, key: `${upper} ${pattern}`, url });
    }
  }
  return routes;
}

describe('admin roles', () => {
  it('lists every admin route of the OpenAPI document in the permission table, and nothing else', async () => {
    const routes = await adminRoutes();
    expect(routes.length).toBeGreaterThan(90);
    expect(routes.map((r) => r.key).filter((key) => !(key in PERMISSIONS))).toEqual([]);
    const documented = new Set(routes.map((r) => r.key));
    expect(Object.keys(PERMISSIONS).filter((key) => !documented.has(key))).toEqual([]);
  });

  it('answers every admin route for every role as the permission table says (403 or not)', async () => {
    const routes = await adminRoutes();
    // Owners last: their changes succeed for real and must not change what other roles are asked.
    const mismatches: string[] = [];
    for (const role of [...ROLES].reverse()) {
      for (const route of routes) {
        const allowed = PERMISSIONS[route.key]?.roles.includes(role) ?? false;
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const r = await t.call(route.method as 'GET', route.url, { token: tokens[role], body });
        if (r.status >= 500) mismatches.push(`${role} ${route.key}: ${r.status} ${r.text.slice(0, 120)}`);
        if ((r.status === 403) === allowed) {
          mismatches.push(`${role} ${route.key}: ${r.status}, table says ${allowed ? 'allowed' : 'refused'}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);

  it('refuses a forbidden role before looking at the body, and names the role', async () => {
    const r = await t.call('POST', '/api/admin/offers', { token: tokens.analyst, body: { nonsense: true } });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/analyst/);
  });

  it('lets only owners manage users, roles and assignments; finance pays, analysts only read', async () => {
    const created = await t.call('POST', '/api/admin/users', {
      token: tokens.admin,
      body: { email: 'x@roles.test', password: 'long-enough-1' },
    });
    expect(created.status).toBe(403);
    const me = await t.call('GET', '/api/admin/me', { token: tokens.finance });
    expect(me.body).toMatchObject({ email: 'finance@roles.test', role: 'finance' });
    // Quick Start and the publishers' screen give out links on PUBLIC_URL, as the server does.
    expect(me.body.public_url).toBe(t.ctx.config.publicUrl.replace(/\/+$/, ''));
    const rate = await t.call('POST', '/api/admin/currency-rates', {
      token: tokens.finance,
      body: { currency: 'EUR', day: '2026-06-01', rate: '1.1' },
    });
    expect(rate.status).not.toBe(403);
    expect((await t.call('GET', '/api/admin/leads', { token: tokens.analyst })).status).toBe(200);
  });

  it('keeps the last active owner an owner', async () => {
    const owner = await t.call('GET', '/api/admin/me', { token: tokens.owner });
    const demoted = await t.call('PUT', `/api/admin/users/${owner.body.id}/role`, {
      token: tokens.owner,
      body: { role: 'analyst' },
    });
    expect(demoted.status).toBe(409);
    const other = await t.call('POST', '/api/admin/users', {
      token: tokens.owner,
      body: { email: 'am2@roles.test', password: 'long-enough-1', role: 'account_manager' },
    });
    expect(other.status).toBe(201);
    expect(other.body).toMatchObject({ role: 'account_manager', advertiser_ids: [], publisher_ids: [] });
    const refused = await t.call('PUT', `/api/admin/users/${owner.body.id}/assignments`, {
      token: tokens.owner,
      body: { advertiser_ids: [], publisher_ids: [] },
    });
    expect(refused.status).toBe(422);
  });
});
