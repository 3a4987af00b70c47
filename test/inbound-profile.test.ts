import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recogniseStatus } from '../src/modules/conversions/recognise-status.js';
import {
  conversionsOfLead,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
  postback,
  query,
  trackPostback,
} from './helpers/conversions.js';
import { makeAdvertiser } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * An advertiser's inbound profile (issue 16): the names its network's postbacks use win over the
 * built-in aliases on both endpoints; what a call without a status means; how a reversal is sent.
 */

let t: TestApp;
let net: Network;
let token: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
  token = net.advertiser.postback_token;
});
afterAll(() => t.close());

type Endpoint = 'postback' | 'postback.json';
const ENDPOINTS: Endpoint[] = ['postback', 'postback.json'];

function send(endpoint: Endpoint, params: Record<string, string | undefined>) {
  return endpoint === 'postback'
    ? postback(t, { ...params, token })
    : trackPostback(t, { auto: '1', ...params, id: token });
}

async function setProfile(profile: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const r = await t.call('PATCH', `/api/admin/advertisers/${net.advertiser.id}`, {
    token: net.token,
    body: { inbound_profile: profile, ...extra },
  });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

async function landed(clickId: string) {
  const [lead] = await leadsOfClick(t, clickId);
  if (!lead) return undefined;
  const [conversion] = await conversionsOfLead(t, lead.id);
  return {
    status: lead.status,
    adv_payout: conversion?.adv_payout,
    currency: conversion?.currency,
    goal: conversion?.goal,
  };
}

describe('the inbound profile on the admin API', () => {
  it('is saved normalised, read back, and a reversal by parameter must name it', async () => {
    const saved = await setProfile({
      click_params: ['aff_sub', 'aff_sub'],
      payout_param: 'commission',
      reversal: 'status',
    });
    expect(saved.inbound_profile).toEqual({ click_params: ['aff_sub'], payout_param: 'commission' });
    const read = await t.call('GET', `/api/admin/advertisers/${net.advertiser.id}`, { token: net.token });
    expect(read.body.inbound_profile).toEqual({ click_params: ['aff_sub'], payout_param: 'commission' });
    const bad = await t.call('PATCH', `/api/admin/advertisers/${net.advertiser.id}`, {
      token: net.token,
      body: { inbound_profile: { reversal: 'param' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('reversal_param');
    const odd = await t.call('PATCH', `/api/admin/advertisers/${net.advertiser.id}`, {
      token: net.token,
      body: { inbound_profile: { status_param: 'a b' } },
    });
    expect(odd.status).toBe(400);
    const secret = await t.call('PATCH', `/api/admin/advertisers/${net.advertiser.id}`, {
      token: net.token,
      body: { inbound_profile: { txid_param: 'token' } },
    });
    expect(secret.status).toBe(422);
    expect(secret.text).toContain('postback token');
    await setProfile({});
  });
});

describe('configured names win over the aliases, on both endpoints', () => {
  for (const endpoint of ENDPOINTS) {
    it(`${endpoint}: click, status, payout, currency, txid and goal under the network's names`, async () => {
      await setProfile({
        click_params: ['aff_sub'],
        status_param: 'conversion_state',
        payout_param: 'commission_amount',
        currency_param: 'cur_code',
        txid_param: 'conversion',
        goal_param: 'event',
      });
      const clickId = await makeClick(t, net);
      // subid is an alias but names no click; the configured aff_sub does.
      const r = await send(endpoint, {
        subid: 'NOT-A-CLICK',
        aff_sub: clickId,
        conversion_state: 'approved',
        commission_amount: '12.34',
        cur_code: 'USD',
        conversion: 'TX-9',
        event: 'deposit',
      });
      expect(r.status, r.text).toBe(200);
      expect(r.body.txid).toBe('TX-9');
      expect(r.body.warnings).toBeUndefined();
      expect(await landed(clickId)).toMatchObject({
        status: 'approved',
        adv_payout: 1234,
        currency: 'USD',
        goal: 'dep',
      });
    });

    it(`${endpoint}: a configured payout name wins over a payout alias sent with another amount`, async () => {
      await setProfile({ payout_param: 'commission_amount' });
      const clickId = await makeClick(t, net);
      const r = await send(endpoint, {
        click_id: clickId,
        status: 'approved',
        commission_amount: '5.00',
        payout: '99.00',
      });
      expect(r.status, r.text).toBe(200);
      expect(r.body.warnings).toEqual(['payout=99.00 looks like a payout but was not used']);
      expect(await landed(clickId)).toMatchObject({ adv_payout: 500 });
    });
  }

  it("finds a lead by the network's own id under the configured name", async () => {
    await setProfile({ lead_id_param: 'order' });
    const clickId = await makeClick(t, net);
    const first = await trackPostback(t, { id: token, click: clickId, exto: 'ORD-77', status: 'new' });
    expect(first.status, first.text).toBe(200);
    const r = await postback(t, { order: 'ORD-77', status: 'approved', token });
    expect(r.status, r.text).toBe(200);
    expect(await landed(clickId)).toMatchObject({ status: 'approved' });
  });
});

describe('a call without a status, and reversals', () => {
  it('without_status: refuse answers 422 and changes nothing; new-lead makes /postback create a processing lead', async () => {
    await setProfile({ without_status: 'refuse' });
    const clickId = await makeClick(t, net);
    const refused = await postback(t, { click_id: clickId, payout: '3.00', token });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('bad-status');
    expect(await landed(clickId)).toBeUndefined();
    await setProfile({ without_status: 'new-lead' });
    const r = await postback(t, { click_id: clickId, token });
    expect(r.status, r.text).toBe(200);
    expect(await landed(clickId)).toMatchObject({ status: 'processing' });
  });

  it('a status sent blank (an unfilled macro) is refused on both endpoints, never taken for the approving default', async () => {
    await setProfile({});
    for (const endpoint of ENDPOINTS) {
      for (const word of ['', ' ', '\t']) {
        const clickId = await makeClick(t, net);
        const r = await send(endpoint, { click_id: clickId, status: word, payout: '9.00' });
        expect(r.status, `${endpoint} status=${JSON.stringify(word)} ${r.text}`).toBe(422);
        expect(r.body.error).toBe('bad-status');
        expect(await landed(clickId)).toBeUndefined();
      }
    }
    // Left out entirely, the default still applies.
    const clickId = await makeClick(t, net);
    expect((await postback(t, { click_id: clickId, payout: '9.00', token })).status).toBe(200);
    expect(await landed(clickId)).toMatchObject({ status: 'approved' });
  });

  it('reversal by parameter cancels an approved conversion whatever its status word says', async () => {
    await setProfile({ reversal: 'param', reversal_param: 'is_reversal' });
    const clickId = await makeClick(t, net);
    expect((await postback(t, { click_id: clickId, status: 'approved', token })).status).toBe(200);
    const zero = await postback(t, { click_id: clickId, status: 'approved', is_reversal: '0', token });
    expect(zero.status).toBe(200);
    expect(await landed(clickId)).toMatchObject({ status: 'approved' });
    const r = await postback(t, { click_id: clickId, status: 'approved', is_reversal: '1', token });
    expect(r.status, r.text).toBe(200);
    expect(await landed(clickId)).toMatchObject({ status: 'cancelled' });
  });

  it('reversal by a negative payout cancels instead of approving', async () => {
    await setProfile({ reversal: 'negative-payout', payout_param: 'amount' });
    const clickId = await makeClick(t, net);
    expect((await postback(t, { click_id: clickId, amount: '10.00', token })).status).toBe(200);
    expect(await landed(clickId)).toMatchObject({ status: 'approved', adv_payout: 1000 });
    const r = await postback(t, { click_id: clickId, amount: '-10.00', token });
    expect(r.status, r.text).toBe(200);
    expect(await landed(clickId)).toMatchObject({ status: 'cancelled' });
  });
});

describe('properties: money and statuses as sent', () => {
  const amount = fc.tuple(fc.nat(400), fc.nat(99)).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`);
  const name = fc.stringMatching(/^[a-z][a-z0-9_]{2,20}$/);

  it('a payout under the configured name is recorded at exactly its amount', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        name,
        amount,
        fc.constantFrom('approved', 'hold', 'sale', 'Upsell'),
        fc.option(fc.constantFrom('payout', 'sum', 'revenue', 'amount'), { nil: undefined }),
        amount,
        async (endpoint, payoutName, value, status, aliasName, aliasValue) => {
          fc.pre(
            !['status', 'token', 'id', 'auto', 'click_id', 'currency', 'goal', 'wm'].includes(payoutName),
          );
          await setProfile({ payout_param: payoutName });
          const clickId = await makeClick(t, net);
          const params: Record<string, string | undefined> = { click_id: clickId, status };
          if (aliasName && aliasName !== payoutName) params[aliasName] = aliasValue;
          params[payoutName] = value;
          const r = await send(endpoint, params);
          expect(r.status, `${query(params)} ${r.text}`).toBe(200);
          const [whole, cents] = value.split('.');
          expect((await landed(clickId))?.adv_payout, query(params)).toBe(
            Number(whole) * 100 + Number(cents),
          );
        },
      ),
      { numRuns: 25 },
    );
    await setProfile({});
  });

  it('a status word nothing recognises never approves: refused, nothing recorded', async () => {
    await setProfile({});
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        fc.string({ minLength: 1, maxLength: 12 }),
        async (endpoint, word) => {
          const clickId = await makeClick(t, net);
          const r = await send(endpoint, { click_id: clickId, status: word, payout: '9.00' });
          const recognised = recogniseStatus(word);
          const result = await landed(clickId);
          if (recognised?.status === 'approved') return;
          expect(result?.status, `status=${JSON.stringify(word)} → ${r.status}`).not.toBe('approved');
          if (!recognised) {
            expect(r.status).toBe(422);
            expect(result).toBeUndefined();
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('an integration template may carry an inbound profile', () => {
  it('is saved on the advertiser by apply', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadrail-profile-templates-'));
    const template = {
      key: 'sumnet',
      name: 'Sum Net',
      kind: 'cpa_network',
      website: 'https://sumnet.example',
      docs_url: 'https://sumnet.example/docs/postbacks',
      verification: 'unverified',
      notes: 'Sends our click in aff_sub, the money in commission.',
      push: {
        integration_type: 'api_post',
        post_encoding: 'json',
        auth_location: 'header',
        endpoint_url_hint: 'https://api.sumnet.example/leads',
        payload_template: { phone: '{phone}', aff_sub: '{click_id}' },
      },
      click_param: 'aff_sub',
      postback: { click: '{aff_sub}', status: '{status}' },
      status_map: { done: 'approved' },
      inbound_profile: { click_params: ['aff_sub'], payout_param: 'commission' },
      sample_values: {},
      sample_statuses: [{ word: 'done', lands_as: 'approved' }],
    };
    writeFileSync(join(dir, 'sumnet.json'), JSON.stringify(template));
    const own = await createTestApp({ env: { TRUST_PROXY: '1', INTEGRATION_TEMPLATES_DIR: dir } });
    try {
      const admin = await own.adminToken();
      const advertiser = await makeAdvertiser(own, admin);
      const r = await own.call('POST', '/api/admin/integrations/sumnet/apply', {
        token: admin,
        body: { advertiser_id: advertiser.id },
      });
      expect(r.status, r.text).toBe(200);
      expect(r.body.advertiser.inbound_profile).toEqual({
        click_params: ['aff_sub'],
        payout_param: 'commission',
      });
    } finally {
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
