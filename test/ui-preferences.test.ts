import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.js';
import { MAX_PREFERENCES } from '../src/modules/ui-preferences/queries.js';
import { makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let owner: string;
let analyst: string;
let publisher: string;
let otherPublisher: string;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.adminToken();
  const created = await t.call('POST', '/api/admin/users', {
    token: owner,
    body: { email: 'analyst@prefs.test', password: 'analyst-password', role: 'analyst' },
  });
  expect(created.status).toBe(201);
  analyst = (await createSession(t.ctx, 'admin', Number(created.body.id))).token;
  publisher = (await makePublisher(t, owner, { name: 'Prefs Pub' })).token;
  otherPublisher = (await makePublisher(t, owner, { name: 'Other Pub' })).token;
});
afterAll(() => t.close());

const LEADS = '/api/auth/ui-preferences/tables/admin%2Fleads:select';

describe("each person's table settings are kept on the server, apart from everyone else's", () => {
  it('an admin hides and reorders columns, chooses a density, reads both back, and may reset', async () => {
    const empty = await t.call('GET', '/api/auth/ui-preferences', { token: owner });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ density: null, tables: {} });

    const saved = await t.call('PUT', LEADS, {
      token: owner,
      body: { order: ['id', 'phone', 'status', 'phone'], hidden: ['sub1', 'sub2'] },
    });
    expect(saved.status).toBe(200);
    // A repeated key is kept once.
    expect(saved.body.tables['admin/leads:select']).toEqual({
      order: ['id', 'phone', 'status'],
      hidden: ['sub1', 'sub2'],
    });
    expect(
      (
        await t.call('PUT', '/api/auth/ui-preferences/density', {
          token: owner,
          body: { density: 'compact' },
        })
      ).status,
    ).toBe(200);

    const read = await t.call('GET', '/api/auth/ui-preferences', { token: owner });
    expect(read.body).toEqual({
      density: 'compact',
      tables: { 'admin/leads:select': { order: ['id', 'phone', 'status'], hidden: ['sub1', 'sub2'] } },
    });

    // Saving again replaces, not appends.
    await t.call('PUT', LEADS, { token: owner, body: { order: [], hidden: ['sub3'] } });
    expect(
      (await t.call('GET', '/api/auth/ui-preferences', { token: owner })).body.tables['admin/leads:select'],
    ).toEqual({
      order: [],
      hidden: ['sub3'],
    });

    const reset = await t.call('DELETE', LEADS, { token: owner });
    expect(reset.status).toBe(200);
    expect(reset.body.tables).toEqual({});
  });

  it('another admin, a publisher with the same numeric id, and another publisher see none of it and cannot change it', async () => {
    await t.call('PUT', LEADS, { token: owner, body: { order: ['phone'], hidden: ['email'] } });
    await t.call('PUT', '/api/auth/ui-preferences/density', { token: owner, body: { density: 'compact' } });

    // The analyst writes their own, under the same table id.
    await t.call('PUT', LEADS, { token: analyst, body: { order: [], hidden: ['phone'] } });
    expect((await t.call('GET', '/api/auth/ui-preferences', { token: analyst })).body).toEqual({
      density: null,
      tables: { 'admin/leads:select': { order: [], hidden: ['phone'] } },
    });
    // The owner's are untouched by the analyst's write.
    expect((await t.call('GET', '/api/auth/ui-preferences', { token: owner })).body).toEqual({
      density: 'compact',
      tables: { 'admin/leads:select': { order: ['phone'], hidden: ['email'] } },
    });

    // The first publisher has id 1 like the owner: their settings are still their own.
    expect((await t.call('GET', '/api/publisher/ui-preferences', { token: publisher })).body).toEqual({
      density: null,
      tables: {},
    });
    await t.call('PUT', '/api/publisher/ui-preferences/tables/webmaster%2Foffers:name', {
      token: publisher,
      body: { order: [], hidden: ['payout'] },
    });
    expect(
      (await t.call('GET', '/api/publisher/ui-preferences', { token: otherPublisher })).body.tables,
    ).toEqual({});
    expect(
      Object.keys((await t.call('GET', '/api/auth/ui-preferences', { token: owner })).body.tables),
    ).toEqual(['admin/leads:select']);

    // Each role's path takes only its own session; nothing in a request can name another person.
    expect((await t.call('GET', '/api/auth/ui-preferences', { token: publisher })).status).toBe(403);
    expect((await t.call('PUT', LEADS, { token: publisher, body: { order: [], hidden: [] } })).status).toBe(
      403,
    );
    expect((await t.call('GET', '/api/publisher/ui-preferences', { token: owner })).status).toBe(403);
    const smuggled = await t.call('PUT', LEADS, {
      token: analyst,
      body: { order: [], hidden: [], subject_id: 1 },
    });
    expect(smuggled.status).toBe(400);
    expect((await t.call('GET', '/api/auth/ui-preferences')).status).toBe(401);
  });

  it('refuses malformed settings with a clear 400, and caps how many a person keeps', async () => {
    const badDensity = await t.call('PUT', '/api/auth/ui-preferences/density', {
      token: owner,
      body: { density: 'tiny' },
    });
    expect(badDensity.status).toBe(400);
    expect(badDensity.body).toMatchObject({ error: 'validation', field: 'density' });
    const badTable = await t.call('PUT', '/api/auth/ui-preferences/tables/..%2F..%2Fetc', {
      token: owner,
      body: { order: [], hidden: [] },
    });
    expect(badTable.status).toBe(400);
    const badColumn = await t.call('PUT', LEADS, { token: owner, body: { order: ['<script>'], hidden: [] } });
    expect(badColumn.status).toBe(400);
    const tooMany = await t.call('PUT', LEADS, {
      token: owner,
      body: { order: Array.from({ length: 81 }, (_, i) => `c${i}`), hidden: [] },
    });
    expect(tooMany.status).toBe(400);

    for (let i = 0; i < MAX_PREFERENCES; i++) {
      const r = await t.call('PUT', `/api/publisher/ui-preferences/tables/t${i}`, {
        token: otherPublisher,
        body: { order: [], hidden: [] },
      });
      if (r.status !== 200) {
        expect(r.status).toBe(409);
        expect(i).toBe(MAX_PREFERENCES);
      }
    }
    const over = await t.call('PUT', '/api/publisher/ui-preferences/tables/one-more', {
      token: otherPublisher,
      body: { order: [], hidden: [] },
    });
    expect(over.status).toBe(409);
    // An existing one may still be changed.
    expect(
      (
        await t.call('PUT', '/api/publisher/ui-preferences/tables/t0', {
          token: otherPublisher,
          body: { order: [], hidden: ['a'] },
        })
      ).status,
    ).toBe(200);
  });
});
