import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  token = await t.adminToken();
});
afterAll(() => t.close());

describe('advertisers admin API', () => {
  it('creates an advertiser with seed 000 defaults and a generated postback token', async () => {
    const response = await t.call('POST', '/api/admin/advertisers', {
      token,
      body: { name: 'HasOffers', endpoint_url: 'https://api.advertiser.com/leads', auth_key: 'their_key' },
    });
    expect(response.status).toBe(201);
    const adv = response.body;
    expect(adv).toMatchObject({
      name: 'HasOffers',
      integration_type: 'api_post',
      post_encoding: 'json',
      auth_location: 'header',
      auth_header_name: 'X-API-Key',
      auth_field_name: 'api_key',
      payload_template: null,
      extra_params: {},
      status: 'active',
    });
    expect(typeof adv.id).toBe('string');
    expect(adv.postback_token).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(adv.postback_url).toBe(
      `http://leadrail.test/postback?click_id={click_id}&status={status}&payout={payout}&comment={comment}&token=${adv.postback_token}`,
    );
  });

  it('stores every seed 000 field, reads it back and updates it', async () => {
    const template = { api_key: '{auth_key}', phone: '{phone}', name: '{name}', aff_id: '1033667789' };
    const adv = await makeAdvertiser(t, token, {
      payload_template: template,
      extra_params: { aff_id: '1033667789', flag: true },
      auth_field_name: 'key',
    });
    const read = await t.call('GET', `/api/admin/advertisers/${adv.id}`, { token });
    expect(read.status).toBe(200);
    expect(read.body.payload_template).toEqual(template);
    expect(read.body.extra_params).toEqual({ aff_id: '1033667789', flag: true });
    expect(read.body.auth_location).toBe('body');

    const updated = await t.call('PATCH', `/api/admin/advertisers/${adv.id}`, {
      token,
      body: { integration_type: 's2s_get', auth_location: 'query', name: 'Cake' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ integration_type: 's2s_get', auth_location: 'query', name: 'Cake' });
    expect(updated.body.postback_token).toBe(adv.postback_token);
  });

  it('lists with filters and pagination', async () => {
    await makeAdvertiser(t, token, { name: 'Paused Net', status: 'paused' });
    const paused = await t.call('GET', '/api/admin/advertisers?status=paused', { token });
    expect(paused.status).toBe(200);
    expect(paused.body.data.every((a: any) => a.status === 'paused')).toBe(true);
    expect(paused.body.data.map((a: any) => a.name)).toContain('Paused Net');

    const search = await t.call('GET', '/api/admin/advertisers?q=paused%20n', { token });
    expect(search.body.total).toBe(1);

    const page = await t.call('GET', '/api/admin/advertisers?per_page=1&page=2', { token });
    expect(page.body.per_page).toBe(1);
    expect(page.body.page).toBe(2);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
  });

  it('answers 404 for an unknown advertiser and 400 for a non-numeric id', async () => {
    expect((await t.call('GET', '/api/admin/advertisers/999999', { token })).status).toBe(404);
    expect((await t.call('GET', '/api/admin/advertisers/abc', { token })).status).toBe(400);
  });

  describe('bad input', () => {
    it('rejects an advertiser without endpoint, naming the field', async () => {
      const r = await t.call('POST', '/api/admin/advertisers', { token, body: { name: 'No endpoint' } });
      expect(r.status).toBe(400);
      expect(r.body.message).toContain('endpoint_url');
    });

    it('rejects unknown fields by name', async () => {
      const r = await t.call('POST', '/api/admin/advertisers', {
        token,
        body: { name: 'X', endpoint_url: 'https://x.example', colour: 'red' },
      });
      expect(r.status).toBe(400);
      expect(r.body.message).toContain('colour');
    });

    it('rejects wrong types and values outside the enums', async () => {
      const wrongType = await t.call('POST', '/api/admin/advertisers', {
        token,
        body: { name: 42, endpoint_url: 'https://x.example' },
      });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.message).toContain('name');
      const badEnum = await t.call('POST', '/api/admin/advertisers', {
        token,
        body: { name: 'X', endpoint_url: 'https://x.example', auth_location: 'cookie' },
      });
      expect(badEnum.status).toBe(400);
      expect(badEnum.body.message).toContain('auth_location');
    });

    it('rejects an endpoint that is not an http(s) URL', async () => {
      const r = await t.call('POST', '/api/admin/advertisers', {
        token,
        body: { name: 'X', endpoint_url: 'ftp://files.example/leads' },
      });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: 'url_invalid', field: 'endpoint_url' });
    });

    it('rejects a payload template with an unknown variable when saved', async () => {
      const before = await t.call('GET', '/api/admin/advertisers', { token });
      const r = await t.call('POST', '/api/admin/advertisers', {
        token,
        body: {
          name: 'X',
          endpoint_url: 'https://x.example',
          payload_template: { phone: '{phone}', who: '{nmae}' },
        },
      });
      expect(r.status).toBe(422);
      expect(r.body.message).toContain('{nmae}');
      const after = await t.call('GET', '/api/admin/advertisers', { token });
      expect(after.body.total).toBe(before.body.total);
    });

    it('answers broken JSON with 400, not 500', async () => {
      const r = await t.call('POST', '/api/admin/advertisers', {
        token,
        body: '{"name": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(r.status).toBe(400);
    });
  });
});
