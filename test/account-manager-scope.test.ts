import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let owner: string;
let am: string;
let amId: string;
const ids: Record<string, string> = {};

const ids$ = (r: { body: { data: { id: string }[] } }) => r.body.data.map((row) => row.id).sort();

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  owner = await t.adminToken();
  const advA = await makeAdvertiser(t, owner, { name: 'Adv A' });
  const advB = await makeAdvertiser(t, owner, { name: 'Adv B' });
  const offerA = await makeOffer(t, owner, { advertiser_id: advA.id, name: 'Offer A' });
  const offerB = await makeOffer(t, owner, { advertiser_id: advB.id, name: 'Offer B' });
  const pubX = await makePublisher(t, owner, { name: 'Pub X' });
  const pubY = await makePublisher(t, owner, { name: 'Pub Y' });
  Object.assign(ids, { advA: advA.id, advB: advB.id, pubX: pubX.id, pubY: pubY.id });
  const lead = async (offerId: string, pubId: string) =>
    (await submitLead(t, { offer_id: offerId, pub_id: pubId, name: 'Visitor', phone: nextPhone() })).body
      .id as string;
  ids.leadAX = await lead(offerA.id, pubX.id);
  ids.leadBY = await lead(offerB.id, pubY.id);
  ids.leadBX = await lead(offerB.id, pubX.id);
  const created = await t.call('POST', '/api/admin/users', {
    token: owner,
    body: { email: 'am@scope.test', password: 'manager-password', role: 'account_manager' },
  });
  expect(created.status).toBe(201);
  amId = created.body.id;
  const assigned = await t.call('PUT', `/api/admin/users/${amId}/assignments`, {
    token: owner,
    body: { advertiser_ids: [], publisher_ids: [pubX.id] },
  });
  expect(assigned.body.publisher_ids).toEqual([pubX.id]);
  am = (await createSession(t.ctx, 'admin', Number(amId))).token;
});
afterAll(() => t.close());

const get = (url: string, token = am) => t.call('GET', url, { token });

describe('an account manager', () => {
  it('sees only their publishers, and no advertiser until one is assigned', async () => {
    expect(ids$(await get('/api/admin/publishers'))).toEqual([ids.pubX]);
    expect((await get('/api/admin/publishers')).body.total).toBe(1);
    expect(ids$(await get('/api/admin/advertisers'))).toEqual([]);
    expect((await get(`/api/admin/publishers/${ids.pubX}`)).status).toBe(200);
    expect((await get(`/api/admin/publishers/${ids.pubY}`)).status).toBe(404);
    expect((await get(`/api/admin/advertisers/${ids.advA}`)).status).toBe(404);
    expect(ids$(await get('/api/admin/publishers', owner))).toEqual([ids.pubX, ids.pubY].sort());
  });

  it("sees and changes their publishers' leads only; others' are 404", async () => {
    expect(ids$(await get('/api/admin/leads'))).toEqual([ids.leadAX, ids.leadBX].sort());
    expect((await get('/api/admin/leads')).body.counts.total).toBe(2);
    expect((await get(`/api/admin/leads/${ids.leadBY}`)).status).toBe(404);
    expect((await get(`/api/admin/leads/${ids.leadAX}`)).status).toBe(200);
    const others = await t.call('POST', `/api/admin/leads/${ids.leadBY}/status`, {
      token: am,
      body: { status: 'approved', reason: 'not mine' },
    });
    expect(others.status).toBe(404);
    const row = await t.ctx.db
      .selectFrom('leads')
      .select('status')
      .where('id', '=', ids.leadBY as string)
      .executeTakeFirst();
    expect(row?.status).not.toBe('approved');
    const mine = await t.call('POST', `/api/admin/leads/${ids.leadAX}/status`, {
      token: am,
      body: { status: 'approved', reason: 'confirmed by the advertiser' },
    });
    expect(mine.status, mine.text).toBe(200);
    const patched = await t.call('PATCH', `/api/admin/publishers/${ids.pubY}`, {
      token: am,
      body: { name: 'Taken over' },
    });
    expect(patched.status).toBe(404);
  });

  it('sees conversions and reports of their publishers only', async () => {
    const owners = await t.call('POST', `/api/admin/leads/${ids.leadBY}/status`, {
      token: owner,
      body: { status: 'approved', reason: 'confirmed' },
    });
    expect(owners.status).toBe(200);
    const all = await get('/api/admin/conversions', owner);
    expect(all.body.total).toBe(2);
    const mine = await get('/api/admin/conversions');
    expect(mine.body.data.map((c: { lead_id: string }) => c.lead_id)).toEqual([ids.leadAX]);
    const other = all.body.data.find((c: { lead_id: string }) => c.lead_id === ids.leadBY);
    expect((await get(`/api/admin/conversions/${other.id}`)).status).toBe(404);
    const report = await get('/api/admin/reports/custom?from=2026-06-01&to=2026-06-01&group_by=publisher');
    expect(report.status, report.text).toBe(200);
    expect(report.body.data.map((r: { key: string }) => r.key)).toEqual([ids.pubX]);
    const ownerReport = await get(
      '/api/admin/reports/custom?from=2026-06-01&to=2026-06-01&group_by=publisher',
      owner,
    );
    expect(ownerReport.body.data.map((r: { key: string }) => r.key).sort()).toEqual(
      [ids.pubX, ids.pubY].sort(),
    );
    const stats = await get(
      '/api/admin/reports/conversion-stats?from=2026-06-01&to=2026-06-01&group_by=publisher',
    );
    expect(stats.status, stats.text).toBe(200);
    expect(stats.body.data.map((r: { key: string }) => r.key)).toEqual([ids.pubX]);
  });

  it("sees an assigned advertiser's leads whatever their publisher", async () => {
    await t.call('PUT', `/api/admin/users/${amId}/assignments`, {
      token: owner,
      body: { advertiser_ids: [ids.advB], publisher_ids: [ids.pubX] },
    });
    expect(ids$(await get('/api/admin/advertisers'))).toEqual([ids.advB]);
    expect(ids$(await get('/api/admin/leads'))).toEqual([ids.leadAX, ids.leadBX, ids.leadBY].sort());
    expect((await get(`/api/admin/advertisers/${ids.advB}`)).status).toBe(200);
    expect((await get(`/api/admin/advertisers/${ids.advA}`)).status).toBe(404);
  });

  it('may not reach network-wide data (clicks, payouts, users, audit log)', async () => {
    for (const url of [
      '/api/admin/clicks',
      '/api/admin/payouts',
      '/api/admin/users',
      '/api/admin/audit-log',
    ]) {
      expect((await get(url)).status, url).toBe(403);
    }
  });
});
