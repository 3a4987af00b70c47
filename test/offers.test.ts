import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer } from './helpers/fixtures.js';
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

const base = () => ({
  name: 'Keto Slim',
  advertiser_id: advertiserId,
  adv_offer_id: '6411',
  landing_url: 'https://lander.example/keto?click_id={click_id}&s={sub1}',
  adv_payout: '10.00',
  pub_payout: '7.5',
});

async function offerCount(): Promise<number> {
  return (await t.call('GET', '/api/admin/offers?per_page=1', { token })).body.total;
}

describe('offers admin API', () => {
  it('creates an offer with payouts as decimal strings, GEO, goals and a tracking URL', async () => {
    const r = await t.call('POST', '/api/admin/offers', {
      token,
      body: {
        ...base(),
        currency: 'eur',
        geo: 'in, pk,BD',
        daily_cap: 100,
        visibility: 'private',
        goals: [
          { key: 'reg', aliases: ['Registration', 'signup'], adv_payout: '1', pub_payout: '0.50' },
          {
            key: 'dep',
            name: 'First deposit',
            adv_payout: '40.00',
            pub_payout: '30.00',
            revshare_percent: '25',
          },
        ],
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      advertiser_id: advertiserId,
      adv_offer_id: '6411',
      adv_payout: '10.00',
      pub_payout: '7.50',
      currency: 'EUR',
      geo: ['IN', 'PK', 'BD'],
      visibility: 'private',
      status: 'active',
      daily_cap: 100,
      append_click_id: false,
    });
    expect(r.body.goals).toEqual([
      {
        key: 'reg',
        name: 'reg',
        aliases: ['registration', 'signup'],
        adv_payout: '1.00',
        pub_payout: '0.50',
        revshare_percent: null,
      },
      {
        key: 'dep',
        name: 'First deposit',
        aliases: [],
        adv_payout: '40.00',
        pub_payout: '30.00',
        revshare_percent: '25.00',
      },
    ]);
    expect(r.body.ingest_key).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(r.body.tracking_url).toBe(`http://leadrail.test/click?offer_id=${r.body.id}&pub_id={pub_id}`);

    // Stored in minor units, never as a float.
    const row = await t.ctx.db
      .selectFrom('offers')
      .select(['adv_payout', 'pub_payout'])
      .where('id', '=', Number(r.body.id))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ adv_payout: 1000, pub_payout: 750 });
  });

  it('respects the currency exponent (JPY has no minor unit)', async () => {
    const ok = await t.call('POST', '/api/admin/offers', {
      token,
      body: { ...base(), currency: 'JPY', adv_payout: '1500', pub_payout: '1000' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.adv_payout).toBe('1500');
    const bad = await t.call('POST', '/api/admin/offers', {
      token,
      body: { ...base(), currency: 'JPY', adv_payout: '15.5', pub_payout: '10' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.field).toBe('adv_payout');
  });

  it('updates fields and replaces goals as a set', async () => {
    const offer = await makeOffer(t, token, {
      advertiser_id: advertiserId,
      goals: [
        { key: 'lead', adv_payout: '10', pub_payout: '7' },
        { key: 'upsell', adv_payout: '3', pub_payout: '2' },
      ],
    });
    const r = await t.call('PATCH', `/api/admin/offers/${offer.id}`, {
      token,
      body: {
        status: 'paused',
        geo: ['US'],
        pub_payout: '8.00',
        trafficback_url: 'https://fallback.example/',
        goals: [
          { key: 'lead', adv_payout: '11', pub_payout: '8' },
          { key: 'sale', adv_payout: '50', pub_payout: '35' },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'paused',
      geo: ['US'],
      pub_payout: '8.00',
      trafficback_url: 'https://fallback.example/',
    });
    expect(r.body.goals.map((g: any) => [g.key, g.adv_payout])).toEqual([
      ['lead', '11.00'],
      ['sale', '50.00'],
    ]);
    const read = await t.call('GET', `/api/admin/offers/${offer.id}`, { token });
    expect(read.body.goals).toHaveLength(2);
  });

  it('lists with filters and pagination', async () => {
    const other = await makeAdvertiser(t, token, { name: 'Other' });
    await makeOffer(t, token, {
      advertiser_id: other.id,
      name: 'Brazil Casino',
      geo: ['BR'],
      visibility: 'private',
    });
    const byAdvertiser = await t.call('GET', `/api/admin/offers?advertiser_id=${other.id}`, { token });
    expect(byAdvertiser.body.data.map((o: any) => o.name)).toEqual(['Brazil Casino']);
    const byGeo = await t.call('GET', '/api/admin/offers?geo=br', { token });
    expect(byGeo.body.data.every((o: any) => o.geo.includes('BR'))).toBe(true);
    expect(byGeo.body.total).toBe(1);
    const bySearch = await t.call('GET', '/api/admin/offers?q=casino&visibility=private', { token });
    expect(bySearch.body.total).toBe(1);
    const paged = await t.call('GET', '/api/admin/offers?per_page=2', { token });
    expect(paged.body.data).toHaveLength(2);
    expect(paged.body.total).toBeGreaterThan(2);
  });

  describe('bad input, nothing written', () => {
    it('rejects a negative payout naming the field', async () => {
      const before = await offerCount();
      const r = await t.call('POST', '/api/admin/offers', {
        token,
        body: { ...base(), adv_payout: '-5.00' },
      });
      expect(r.status).toBe(422);
      expect(r.body.field).toBe('adv_payout');
      expect(await offerCount()).toBe(before);
    });

    it('rejects a payout sent as a float number', async () => {
      const r = await t.call('POST', '/api/admin/offers', { token, body: { ...base(), pub_payout: 7.5 } });
      expect(r.status).toBe(400);
      expect(r.body.message).toContain('pub_payout');
    });

    it('rejects an offer pointing to a missing advertiser', async () => {
      const before = await offerCount();
      const r = await t.call('POST', '/api/admin/offers', {
        token,
        body: { ...base(), advertiser_id: '987654' },
      });
      expect(r.status).toBe(422);
      expect(r.body.field).toBe('advertiser_id');
      expect(await offerCount()).toBe(before);
    });

    it('rejects a GEO that is not an ISO country code', async () => {
      for (const geo of ['IN,XX', ['UK'], 'India']) {
        const r = await t.call('POST', '/api/admin/offers', { token, body: { ...base(), geo } });
        expect(r.status, JSON.stringify(geo)).toBe(422);
        expect(r.body.field).toBe('geo');
      }
    });

    it('rejects a currency that is not ISO 4217', async () => {
      const r = await t.call('POST', '/api/admin/offers', { token, body: { ...base(), currency: 'XYZ' } });
      expect(r.status).toBe(422);
      expect(r.body.field).toBe('currency');
    });

    it('rejects two goals sharing a key or alias, writing nothing', async () => {
      const before = await offerCount();
      const r = await t.call('POST', '/api/admin/offers', {
        token,
        body: {
          ...base(),
          goals: [
            { key: 'reg', aliases: ['signup'], adv_payout: '1', pub_payout: '1' },
            { key: 'signup', adv_payout: '1', pub_payout: '1' },
          ],
        },
      });
      expect(r.status).toBe(422);
      expect(r.body.message).toContain('signup');
      expect(await offerCount()).toBe(before);
      const goals = await t.ctx.db
        .selectFrom('offer_goals')
        .select('key')
        .where('key', '=', 'signup')
        .execute();
      expect(goals).toEqual([]);
    });

    it('rejects a landing URL that is not http(s)', async () => {
      const r = await t.call('POST', '/api/admin/offers', {
        token,
        body: { ...base(), landing_url: 'javascript:alert(1)' },
      });
      expect(r.status).toBe(422);
      expect(r.body.field).toBe('landing_url');
    });

    it('answers 404 when updating an unknown offer', async () => {
      const r = await t.call('PATCH', '/api/admin/offers/424242', { token, body: { status: 'paused' } });
      expect(r.status).toBe(404);
    });
  });
});
