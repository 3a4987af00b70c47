import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillSamplePostback, INTEGRATION_TEMPLATES } from '../src/modules/integrations/registry.js';
import { lastLog, leadsOfClick, makeClick, trackPostback } from './helpers/conversions.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let publisher: { id: string; token: string };

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  publisher = await makePublisher(t, token);
});
afterAll(() => t.close());

/** A sample postback URL as the network sends it, reduced to the path and query our app serves. */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

describe('integration catalogue API', () => {
  it('lists the templates with the postback URL in each network macros', async () => {
    const r = await t.call('GET', '/api/admin/integrations', { token });
    expect(r.status).toBe(200);
    expect(r.body.data.length).toBeGreaterThanOrEqual(10);
    const one = await t.call('GET', '/api/admin/integrations/kma', { token });
    expect(one.body.postback_url).toBe(
      'http://leadrail.test/api/track/postback.json?id=TOKEN&click={data1}&exto={order}&status={status}&pay={payout}',
    );
    expect(one.body.sample_postbacks[1]).toMatchObject({ status: 'A', lands_as: 'approved' });
    expect((await t.call('GET', '/api/admin/integrations/nope', { token })).status).toBe(404);
    expect((await t.call('GET', '/api/admin/integrations')).status).toBe(401);
  });

  it('applies a template to an advertiser: push settings, status map, postback URL with its token', async () => {
    const advertiser = await makeAdvertiser(t, token);
    const r = await t.call('POST', '/api/admin/integrations/affise/apply', {
      token,
      body: { advertiser_id: advertiser.id },
    });
    expect(r.status).toBe(200);
    expect(r.body.advertiser).toMatchObject({
      integration_type: 'api_post',
      post_encoding: 'form',
      auth_location: 'body',
      endpoint_url: 'https://api2.whocpa.asia/lead/add',
      status_map: { '1': 'approved', '2': 'new', '3': 'cancelled', '5': 'hold' },
    });
    expect(r.body.postback_url).toBe(
      `http://leadrail.test/api/track/postback.json?id=${advertiser.postback_token}&click={sub1}&exto={transactionid}&status={status}&pay={sum}`,
    );
    const again = await t.call('GET', `/api/admin/advertisers/${advertiser.id}`, { token });
    expect(again.body.status_map).toEqual(r.body.advertiser.status_map);
    const missing = await t.call('POST', '/api/admin/integrations/affise/apply', {
      token,
      body: { advertiser_id: '999999' },
    });
    expect(missing.status).toBe(404);
    const bad = await t.call('POST', '/api/admin/integrations/affise/apply', { token, body: {} });
    expect(bad.status).toBe(400);
  });

  it("saves and validates an advertiser's status map through the advertisers API", async () => {
    const advertiser = await makeAdvertiser(t, token, { status_map: { 'On-Hold': 'hold', OK2: 'approved' } });
    expect(advertiser.status_map).toEqual({ onhold: 'hold', ok2: 'approved' });
    const bad = await t.call('PATCH', `/api/admin/advertisers/${advertiser.id}`, {
      token,
      body: { status_map: { a: 'paid' } },
    });
    expect(bad.status).toBe(400);
  });

  it('lets per-request lists win over the saved map', async () => {
    const advertiser = await makeAdvertiser(t, token, { status_map: { a: 'approved', p: 'new' } });
    const offer = await makeOffer(t, token, { advertiser_id: advertiser.id, geo: '' });
    const clickId = await makeClick(t, { offer, publisher });
    await trackPostback(t, { id: advertiser.postback_token, click: clickId, status: 'p' });
    const r = await trackPostback(t, {
      id: advertiser.postback_token,
      click: clickId,
      status: 'a',
      stc: 'a',
    });
    expect(r.status).toBe(200);
    expect((await leadsOfClick(t, clickId))[0]?.status).toBe('cancelled');
  });
});

describe('every template, with its sample postbacks filled as the network fills them', () => {
  for (const template of INTEGRATION_TEMPLATES) {
    it(`${template.key}: each status word lands as intended`, async () => {
      const advertiser = await makeAdvertiser(t, token);
      const applied = await t.call('POST', `/api/admin/integrations/${template.key}/apply`, {
        token,
        body: { advertiser_id: advertiser.id },
      });
      expect(applied.status).toBe(200);
      const offer = await makeOffer(t, token, { advertiser_id: advertiser.id, geo: '' });
      const url: string = applied.body.postback_url;
      const newWord = template.sample_statuses.find((s) => s.lands_as === 'new')?.word;
      for (const { word, lands_as } of template.sample_statuses) {
        const clickId = await makeClick(t, { offer, publisher });
        // The network's first postback for an order is its new-lead one; then the status under test.
        if (newWord && lands_as !== 'new') {
          const created = await t.call('GET', pathOf(fillSamplePostback(url, template, clickId, newWord)));
          expect(created.status, `${template.key} ${newWord}`).toBe(200);
        }
        const sent = await t.call('GET', pathOf(fillSamplePostback(url, template, clickId, word)));
        expect(sent.status, `${template.key} ${word}: ${sent.text}`).toBe(200);
        const leads = await leadsOfClick(t, clickId);
        expect(leads).toHaveLength(1);
        expect(leads[0]?.external_id).toBe(Object.values(template.sample_values)[0]);
        expect(leads[0]?.status, `${template.key} ${word}`).toBe(
          lands_as === 'new' ? 'processing' : lands_as,
        );
        if (lands_as === 'new') expect(sent.body.lead_created).toBe(true);
        expect((await lastLog(t)).answer_code).toBe('ok');
      }
    });
  }
});
