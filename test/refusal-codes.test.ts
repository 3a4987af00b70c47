import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSAL_CODES } from '../src/lib/refusal-codes.js';
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

describe('refusals people see carry their own stable code (the web app translates it)', () => {
  it('answers email_taken for a second publisher with the same email, the message still in English', async () => {
    const first = await makePublisher(t, token);
    const again = await t.call('POST', '/api/admin/publishers', {
      token,
      body: { name: 'Twice', email: first.email, password: 'long-enough-pw' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'email_taken', field: 'email' });
    expect(again.body.message).toContain('already exists');
  });

  it('answers flow_code_taken and publisher_not_approved when a flow cannot be made', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId });
    const pub = await makePublisher(t, token);
    const body = { publisher_id: pub.id, offer_id: offer.id, code: 'codes-1' };
    expect((await t.call('POST', '/api/admin/flows', { token, body })).status).toBe(201);
    const taken = await t.call('POST', '/api/admin/flows', { token, body });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: 'flow_code_taken', field: 'code' });
    const pending = await makePublisher(t, token, { status: 'pending' });
    const refused = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pending.id, offer_id: offer.id },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: 'publisher_not_approved', field: 'publisher_id' });
  });

  it('answers wrong_password for a wrong current password and cannot_disable_self for oneself', async () => {
    const changed = await t.call('PUT', '/api/auth/password', {
      token,
      body: { current_password: 'not-the-password', new_password: 'a-new-password' },
    });
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ error: 'wrong_password', field: 'current_password' });
    const me = await t.call('GET', '/api/auth/me', { token });
    const self = await t.call('POST', `/api/admin/users/${me.body.id}/disable`, { token });
    expect(self.status).toBe(409);
    expect(self.body).toMatchObject({ error: 'cannot_disable_self' });
  });

  it('answers already_blocked, reason_required and offer_public', async () => {
    const block = () =>
      t.call('POST', '/api/admin/fraud/blocked-ips', { token, body: { ip: '203.0.113.7' } });
    expect((await block()).status).toBe(201);
    const again = await block();
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'already_blocked', field: 'ip' });

    const bulk = await t.call('POST', '/api/admin/leads/bulk', {
      token,
      body: { ids: ['1'], action: 'status', status: 'approved' },
    });
    expect(bulk.status).toBe(422);
    expect(bulk.body).toMatchObject({ error: 'reason_required', field: 'reason' });

    const pub = await makePublisher(t, token);
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, marketplace: true });
    const asked = await t.call('POST', `/api/publisher/marketplace/${offer.id}/request`, {
      token: pub.token,
    });
    expect(asked.status).toBe(409);
    expect(asked.body).toMatchObject({ error: 'offer_public', field: 'offer_id' });
  });

  it('gives the stream editor, automation, fraud rule, site, cap and payout checks their own codes', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId });
    const pub = await makePublisher(t, token);
    const flow = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id },
    });
    const streams = (body: unknown) =>
      t.call('PUT', `/api/admin/flows/${flow.body.id}/streams`, { token, body: { streams: [body] } });
    const filter = await streams({
      name: 'Odd',
      filters: { type: 'no_such_filter' },
      arms: [{ type: 'offer', offer_id: offer.id }],
    });
    expect(filter.body).toMatchObject({ error: 'filter_type_unknown' });
    const weights = await streams({ name: 'Zero', arms: [{ type: 'offer', offer_id: offer.id, weight: 0 }] });
    expect(weights.body).toMatchObject({ error: 'no_weighted_arm' });

    const rule = await t.call('POST', '/api/admin/automation/rules', {
      token,
      body: {
        name: 'Twice',
        metric: 'approval_rate',
        scope: 'offer',
        operator: 'lt',
        threshold: '50',
        window_hours: 24,
        min_volume: 4,
        actions: [{ type: 'alert_admin' }, { type: 'alert_admin' }],
      },
    });
    expect(rule.status).toBe(422);
    expect(rule.body).toMatchObject({ error: 'action_twice', field: 'actions' });

    const fraud = await t.call('PUT', '/api/admin/fraud/rules/bot_ua', { token, body: { threshold: 3 } });
    expect(fraud.body).toMatchObject({ error: 'fraud_rule_setting', message: 'bot_ua has no threshold' });

    const site = await t.call('POST', '/api/admin/sites', {
      token,
      body: {
        offer_id: offer.id,
        name: 'Up',
        slug: 'codes-up',
        files: [{ path: '../index.html', content_base64: Buffer.from('<p>').toString('base64') }],
      },
    });
    expect(site.status).toBe(422);
    expect(site.body).toMatchObject({ error: 'site_path_invalid' });

    const cap = await t.call('POST', '/api/admin/caps', {
      token,
      body: { offer_id: offer.id, metric: 'leads', period: 'daily', limit: '5', time_zone: 'Mars/Olympus' },
    });
    expect(cap.status).toBe(422);
    expect(cap.body).toMatchObject({ error: 'time_zone_invalid', field: 'time_zone' });

    const method = (body: Record<string, string>) =>
      t.call('PUT', '/api/publisher/payout-method', { token: pub.token, body });
    expect((await method({ method: 'eth', address: '0x5290' })).body).toMatchObject({
      error: 'destination_invalid',
      field: 'destination',
    });
    expect((await method({ method: 'eth', account: 'a@b.example' })).body).toMatchObject({
      error: 'destination_wrong_field',
      field: 'account',
    });
  });

  it('has a sentence in the web app and a row in docs/api.md for every code', () => {
    const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
    const sentences = JSON.parse(read('web/src/i18n/en/errors.json')) as { errors: Record<string, string> };
    expect(Object.keys(sentences.errors).sort()).toEqual([...REFUSAL_CODES].sort());
    const docs = read('docs/api.md');
    expect(docs).toContain('## Refusal codes');
    const section = docs.slice(docs.indexOf('## Refusal codes'));
    expect(REFUSAL_CODES.filter((code) => !section.includes(`| \`${code}\``))).toEqual([]);
  });
});
