import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let advertiserId: string;

beforeAll(async () => {
  t = await createTestApp();
  token = await t.adminToken();
  advertiserId = (await makeAdvertiser(t, token)).id;
});
afterAll(() => t.close());

describe('publishers admin API', () => {
  it('creates, reads, updates, approves and lists publishers', async () => {
    const created = await t.call('POST', '/api/admin/publishers', {
      token,
      body: { name: 'Lucía Performance', email: 'Lucia@Example.com', password: 'long-enough-pw' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Lucía Performance',
      email: 'lucia@example.com',
      status: 'pending',
      postback_url: null,
    });
    const id = created.body.id;

    const updated = await t.call('PATCH', `/api/admin/publishers/${id}`, {
      token,
      body: { postback_url: 'https://keitaro.example/postback?subid={click_id}&status={status}' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.postback_url).toContain('keitaro.example');

    const approved = await t.call('POST', `/api/admin/publishers/${id}/approve`, { token });
    expect(approved.body.status).toBe('approved');
    expect((await t.call('GET', `/api/admin/publishers/${id}`, { token })).body.status).toBe('approved');

    await makePublisher(t, token, { name: 'Waiting Co', status: 'pending' });
    const pending = await t.call('GET', '/api/admin/publishers?status=pending', { token });
    expect(pending.body.data.map((p: any) => p.name)).toContain('Waiting Co');
    expect(pending.body.data.every((p: any) => p.status === 'pending')).toBe(true);
    const search = await t.call('GET', '/api/admin/publishers?q=lucia%40', { token });
    expect(search.body.total).toBe(1);
  });

  it('rejects a bad status and a non-http postback URL', async () => {
    const pub = await makePublisher(t, token);
    const badStatus = await t.call('PATCH', `/api/admin/publishers/${pub.id}`, {
      token,
      body: { status: 'vip' },
    });
    expect(badStatus.status).toBe(400);
    const badUrl = await t.call('PATCH', `/api/admin/publishers/${pub.id}`, {
      token,
      body: { postback_url: 'gopher://tracker' },
    });
    expect(badUrl.status).toBe(422);
    expect(badUrl.body.field).toBe('postback_url');
    expect((await t.call('POST', '/api/admin/publishers/99999/approve', { token })).status).toBe(404);
  });

  it('assigns a private offer with a custom payout that only that publisher sees', async () => {
    const privateOffer = await makeOffer(t, token, {
      advertiser_id: advertiserId,
      name: 'Private casino',
      visibility: 'private',
      pub_payout: '30.00',
      adv_payout: '40.00',
    });
    await makeOffer(t, token, { advertiser_id: advertiserId, name: 'Public keto' });
    const insider = await makePublisher(t, token);
    const outsider = await makePublisher(t, token);

    const assigned = await t.call('POST', `/api/admin/publishers/${insider.id}/offers`, {
      token,
      body: { offer_id: privateOffer.id, payout: '33.50' },
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ offer_id: privateOffer.id, payout: '33.50', currency: 'USD' });
    const list = await t.call('GET', `/api/admin/publishers/${insider.id}/offers`, { token });
    expect(list.body.data).toHaveLength(1);

    const insiderOffers = await t.call('GET', '/api/publisher/offers', { token: insider.token });
    const seen = Object.fromEntries(insiderOffers.body.data.map((o: any) => [o.name, o]));
    expect(seen['Private casino'].payout).toBe('33.50');
    expect(seen['Private casino'].tracking_url).toBe(
      `http://leadrail.test/click?offer_id=${privateOffer.id}&pub_id=${insider.id}`,
    );
    expect(seen['Public keto'].payout).toBe('7.50');
    expect(seen['Private casino']).not.toHaveProperty('adv_payout');

    const outsiderOffers = await t.call('GET', '/api/publisher/offers', { token: outsider.token });
    expect(outsiderOffers.body.data.map((o: any) => o.name)).not.toContain('Private casino');
    expect(outsiderOffers.body.data.map((o: any) => o.name)).toContain('Public keto');

    // The outsider cannot open a flow on the private offer; the insider can.
    const refused = await t.call('POST', '/api/publisher/flows', {
      token: outsider.token,
      body: { offer_id: privateOffer.id },
    });
    expect(refused.status).toBe(422);
    const allowed = await t.call('POST', '/api/publisher/flows', {
      token: insider.token,
      body: { offer_id: privateOffer.id },
    });
    expect(allowed.status).toBe(201);

    // Assigning again updates the payout; unassigning removes it.
    const again = await t.call('POST', `/api/admin/publishers/${insider.id}/offers`, {
      token,
      body: { offer_id: privateOffer.id },
    });
    expect(again.body.payout).toBeNull();
    expect(
      (await t.call('DELETE', `/api/admin/publishers/${insider.id}/offers/${privateOffer.id}`, { token }))
        .status,
    ).toBe(204);
    expect((await t.call('GET', `/api/admin/publishers/${insider.id}/offers`, { token })).body.data).toEqual(
      [],
    );
  });

  it('refuses to assign an offer that does not exist', async () => {
    const pub = await makePublisher(t, token);
    const r = await t.call('POST', `/api/admin/publishers/${pub.id}/offers`, {
      token,
      body: { offer_id: '777777' },
    });
    expect(r.status).toBe(422);
    expect(r.body.field).toBe('offer_id');
  });
});

describe('flows admin API', () => {
  it('creates a flow with a unique short code and a tracking URL, then updates and lists it', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId });
    const pub = await makePublisher(t, token);
    const created = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, name: 'FB India' },
    });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[a-z0-9]{8}$/);
    expect(created.body.tracking_url).toBe(`http://leadrail.test/f/${created.body.code}`);
    expect(created.body).toMatchObject({
      publisher_id: pub.id,
      offer_id: offer.id,
      status: 'active',
      name: 'FB India',
    });

    const paused = await t.call('PATCH', `/api/admin/flows/${created.body.id}`, {
      token,
      body: { status: 'paused' },
    });
    expect(paused.body.status).toBe('paused');

    const byPublisher = await t.call('GET', `/api/admin/flows?publisher_id=${pub.id}`, { token });
    expect(byPublisher.body.data.map((f: any) => f.id)).toEqual([created.body.id]);
    const byStatus = await t.call('GET', `/api/admin/flows?offer_id=${offer.id}&status=active`, { token });
    expect(byStatus.body.total).toBe(0);
    expect((await t.call('GET', `/api/admin/flows/${created.body.id}`, { token })).body.code).toBe(
      created.body.code,
    );
  });

  it('answers 409 for a code that is taken and 422 for a pending publisher or unknown offer', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId });
    const pub = await makePublisher(t, token);
    const first = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, code: 'promo-1' },
    });
    expect(first.status).toBe(201);
    const taken = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, code: 'promo-1' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.field).toBe('code');

    const pending = await makePublisher(t, token, { status: 'pending' });
    const notApproved = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pending.id, offer_id: offer.id },
    });
    expect(notApproved.status).toBe(422);
    expect(notApproved.body.field).toBe('publisher_id');

    const noOffer = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: '55555' },
    });
    expect(noOffer.status).toBe(422);
    expect(noOffer.body.field).toBe('offer_id');

    const badCode = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, code: 'Bad Code!' },
    });
    expect(badCode.status).toBe(400);
  });
});
