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

describe('offer marketplace', () => {
  it('shows public offers as open and listed private ones as available, with payouts, GEO, traffic and creatives', async () => {
    const pub = await makePublisher(t, token);
    await makeOffer(t, token, {
      name: 'Open keto',
      geo: 'IN',
      allowed_traffic: 'Facebook, native',
      creatives: 'Banners 300x250',
    });
    await makeOffer(t, token, {
      name: 'Listed casino',
      visibility: 'private',
      marketplace: true,
      pub_payout: '30.00',
      adv_payout: '40.00',
    });
    await makeOffer(t, token, { name: 'Hidden deal', visibility: 'private' });
    const r = await t.call('GET', '/api/publisher/marketplace', { token: pub.token });
    const byName = Object.fromEntries(r.body.data.map((o: any) => [o.name, o]));
    expect(byName['Hidden deal']).toBeUndefined();
    expect(byName['Open keto']).toMatchObject({
      access: 'open',
      geo: ['IN'],
      payout: '7.50',
      allowed_traffic: 'Facebook, native',
      creatives: 'Banners 300x250',
    });
    expect(byName['Open keto'].tracking_url).toContain(`pub_id=${pub.id}`);
    expect(byName['Listed casino']).toMatchObject({
      access: 'available',
      payout: '30.00',
      tracking_url: null,
      ref_code: null,
    });
    expect(byName['Listed casino']).not.toHaveProperty('adv_payout');
  });

  it('runs the request → approve flow, giving a tracking link and a refCode that works', async () => {
    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, {
      name: 'VIP offer',
      visibility: 'private',
      marketplace: true,
      geo: [],
    });
    const asked = await t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, {
      token: pub.token,
      body: { message: 'Push traffic, 5k clicks a day' },
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      status: 'pending',
      offer_name: 'VIP offer',
      message: 'Push traffic, 5k clicks a day',
    });
    const again = await t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, {
      token: pub.token,
    });
    expect(again.status).toBe(409);
    const seen = await t.call('GET', '/api/publisher/marketplace', { token: pub.token });
    expect(seen.body.data.find((o: any) => o.id === offer.id).access).toBe('pending');

    const queue = await t.call('GET', '/api/admin/access-requests?status=pending', { token });
    expect(queue.body.data.map((r: any) => r.id)).toContain(asked.body.id);
    const approved = await t.call('POST', `/api/admin/access-requests/${asked.body.id}/approve`, { token });
    expect(approved.status).toBe(200);
    expect(approved.body.request.status).toBe('approved');
    expect(approved.body.ref_code).toMatch(/^[a-z0-9]{8}$/);
    expect(approved.body.referral_url).toBe(`http://leadrail.test/r?ref=${approved.body.ref_code}`);

    const after = await t.call('GET', '/api/publisher/marketplace', { token: pub.token });
    expect(after.body.data.find((o: any) => o.id === offer.id)).toMatchObject({
      access: 'granted',
      ref_code: approved.body.ref_code,
    });
    const click = await t.call('GET', `/r?ref=${approved.body.ref_code}`, {
      headers: { 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
    });
    expect(click.status).toBe(302);
    expect(
      (await t.call('POST', `/api/admin/access-requests/${asked.body.id}/approve`, { token })).status,
    ).toBe(409);
    expect(
      (await t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, { token: pub.token })).status,
    ).toBe(409);
  });

  it('rejects with a reason, and refuses requests for public, paused or unlisted offers', async () => {
    const pub = await makePublisher(t, token);
    const listed = await makeOffer(t, token, { visibility: 'private', marketplace: true });
    const asked = await t.call('POST', `/api/publisher/marketplace/${listed.id}/request`, {
      token: pub.token,
    });
    const rejected = await t.call('POST', `/api/admin/access-requests/${asked.body.id}/reject`, {
      token,
      body: { reason: 'GEO mismatch' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'GEO mismatch' });
    const view = await t.call('GET', '/api/publisher/marketplace', { token: pub.token });
    expect(view.body.data.find((o: any) => o.id === listed.id).access).toBe('rejected');

    const open = await makeOffer(t, token);
    expect(
      (await t.call('POST', `/api/publisher/marketplace/${open.id}/request`, { token: pub.token })).status,
    ).toBe(409);
    const paused = await makeOffer(t, token, { visibility: 'private', marketplace: true, status: 'paused' });
    expect(
      (await t.call('POST', `/api/publisher/marketplace/${paused.id}/request`, { token: pub.token })).status,
    ).toBe(422);
    const hidden = await makeOffer(t, token, { visibility: 'private' });
    expect(
      (await t.call('POST', `/api/publisher/marketplace/${hidden.id}/request`, { token: pub.token })).status,
    ).toBe(404);
    const pending = await makePublisher(t, token, { status: 'pending' });
    expect(
      (await t.call('POST', `/api/publisher/marketplace/${listed.id}/request`, { token: pending.token }))
        .status,
    ).toBe(422);
  });

  it('keeps one pending request per publisher and offer, even when two arrive at once', async () => {
    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, { visibility: 'private', marketplace: true });
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, { token: pub.token }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(answers.find((a) => a.status === 409)?.body).toMatchObject({
      error: 'request_waiting',
      field: 'offer_id',
    });
    expect(await requestsOf(pub.id, offer.id)).toEqual(['pending']);
    // The database itself refuses a second pending row (migration 0016), whatever the code does.
    await expect(
      t.ctx.db
        .insertInto('offer_access_requests')
        .values({
          publisher_id: Number(pub.id),
          offer_id: Number(offer.id),
          status: 'pending',
          message: '',
          reason: '',
          created_at: t.clock.now().toISOString(),
        })
        .execute(),
    ).rejects.toThrow();
    // Decided requests are history: after a rejection the publisher may ask again.
    const pending = answers.find((a) => a.status === 201)!.body;
    await t.call('POST', `/api/admin/access-requests/${pending.id}/reject`, {
      token,
      body: { reason: 'no' },
    });
    const again = await t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, {
      token: pub.token,
    });
    expect(again.status).toBe(201);
    expect(await requestsOf(pub.id, offer.id)).toEqual(['rejected', 'pending']);
  });

  it('approves a request once when two admins approve it at the same moment', async () => {
    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, { visibility: 'private', marketplace: true });
    const asked = await t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, {
      token: pub.token,
    });
    const answers = await Promise.all(
      [1, 2].map(() => t.call('POST', `/api/admin/access-requests/${asked.body.id}/approve`, { token })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body.message).toBe('this request is already approved');
    expect(await assignmentsOf(pub.id, offer.id)).toHaveLength(1);
    const flows = await t.ctx.db
      .selectFrom('flows')
      .select('code')
      .where('publisher_id', '=', Number(pub.id))
      .where('offer_id', '=', Number(offer.id))
      .execute();
    expect(flows.map((f) => f.code)).toEqual([answers.find((a) => a.status === 200)?.body.ref_code]);
  });

  it('lets only one of an approval and a rejection at the same moment decide', async () => {
    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, { visibility: 'private', marketplace: true });
    const asked = await t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, {
      token: pub.token,
    });
    const [approve, reject] = await Promise.all([
      t.call('POST', `/api/admin/access-requests/${asked.body.id}/approve`, { token }),
      t.call('POST', `/api/admin/access-requests/${asked.body.id}/reject`, { token, body: { reason: 'x' } }),
    ]);
    expect([approve!.status, reject!.status].sort()).toEqual([200, 409]);
    const [status] = await requestsOf(pub.id, offer.id);
    expect(status).toBe(approve!.status === 200 ? 'approved' : 'rejected');
    expect(await assignmentsOf(pub.id, offer.id)).toHaveLength(approve!.status === 200 ? 1 : 0);
    const missing = await t.call('POST', '/api/admin/access-requests/999999/approve', { token });
    expect(missing.status).toBe(404);
  });

  it('refuses to approve a request for an offer paused since, leaving it pending until the offer runs again', async () => {
    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, { visibility: 'private', marketplace: true });
    const asked = await t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, {
      token: pub.token,
    });
    await t.call('PATCH', `/api/admin/offers/${offer.id}`, { token, body: { status: 'paused' } });
    const refused = await t.call('POST', `/api/admin/access-requests/${asked.body.id}/approve`, { token });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: 'offer_not_active', field: 'offer_id' });
    expect(refused.body.message).toContain('paused');
    expect(await requestsOf(pub.id, offer.id)).toEqual(['pending']);
    expect(await assignmentsOf(pub.id, offer.id)).toHaveLength(0);
    await t.call('PATCH', `/api/admin/offers/${offer.id}`, { token, body: { status: 'active' } });
    const approved = await t.call('POST', `/api/admin/access-requests/${asked.body.id}/approve`, { token });
    expect(approved.status).toBe(200);
  });

  it('keeps the custom payout the admin assigned while the request waited', async () => {
    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, { visibility: 'private', marketplace: true, pub_payout: '7.50' });
    const asked = await t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, {
      token: pub.token,
    });
    const assigned = await t.call('POST', `/api/admin/publishers/${pub.id}/offers`, {
      token,
      body: { offer_id: offer.id, payout: '12.00' },
    });
    expect(assigned.status).toBeLessThan(300);
    const approved = await t.call('POST', `/api/admin/access-requests/${asked.body.id}/approve`, { token });
    expect(approved.status).toBe(200);
    const [assignment] = await assignmentsOf(pub.id, offer.id);
    expect(Number(assignment?.pub_payout)).toBe(1200);
    const view = await t.call('GET', '/api/publisher/marketplace', { token: pub.token });
    expect(view.body.data.find((o: any) => o.id === offer.id)).toMatchObject({
      access: 'granted',
      payout: '12.00',
    });
  });
});

async function requestsOf(publisherId: string, offerId: string) {
  const rows = await t.ctx.db
    .selectFrom('offer_access_requests')
    .select('status')
    .where('publisher_id', '=', Number(publisherId))
    .where('offer_id', '=', Number(offerId))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.status);
}

function assignmentsOf(publisherId: string, offerId: string) {
  return t.ctx.db
    .selectFrom('publisher_offers')
    .selectAll()
    .where('publisher_id', '=', Number(publisherId))
    .where('offer_id', '=', Number(offerId))
    .execute();
}
