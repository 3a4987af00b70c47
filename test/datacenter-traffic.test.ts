import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHostingAddress } from '../src/modules/fraud/hosting.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Addresses from the bundled AS data: DigitalOcean (AS14061), Amazon (AS16509), Reliance Jio (AS55836).
const DIGITALOCEAN = '5.101.96.10';
const AMAZON_V6 = '2001:4f8:b::10';
const JIO = '49.36.77.1';

let t: TestApp;
let token: string;
let offerId: string;
let pubId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  const advertiser = await makeAdvertiser(t, token);
  offerId = (await makeOffer(t, token, { advertiser_id: advertiser.id, geo: '' })).id;
  pubId = (await makePublisher(t, token)).id;
});
afterAll(() => t.close());

const putRule = (body: unknown) => t.call('PUT', '/api/admin/fraud/rules/datacenter_ip', { token, body });
const click = (ip: string) =>
  t.call('GET', `/click?offer_id=${offerId}&pub_id=${pubId}`, {
    headers: { 'x-forwarded-for': ip, 'user-agent': BROWSER },
  });

async function lastClick() {
  await t.ctx.clickWriter.flush();
  const list = await t.call('GET', '/api/admin/clicks?per_page=1', { token });
  return list.body.data[0];
}

describe('hosting and datacenter addresses', () => {
  it('knows hosting networks from home and mobile ones, IPv4 and IPv6', () => {
    expect(isHostingAddress(DIGITALOCEAN)).toBe(true);
    expect(isHostingAddress(AMAZON_V6)).toBe(true);
    expect(isHostingAddress(`::ffff:${DIGITALOCEAN}`)).toBe(true);
    expect(isHostingAddress(JIO)).toBe(false);
    expect(isHostingAddress('127.0.0.1')).toBe(false);
    expect(isHostingAddress('not an address')).toBe(false);
  });

  it('flags a click from a datacenter by default and shows it in Clicks', async () => {
    const rules = await t.call('GET', '/api/admin/fraud/rules', { token });
    expect(rules.body.find((r: { rule: string }) => r.rule === 'datacenter_ip')).toMatchObject({
      enabled: true,
      action: 'flag',
    });
    expect((await click(DIGITALOCEAN)).status).toBe(302);
    expect(await lastClick()).toMatchObject({ status: 'accepted', hosting: true });
    expect((await click(JIO)).status).toBe(302);
    expect(await lastClick()).toMatchObject({ status: 'accepted', hosting: false });
    const flagged = await t.call('GET', '/api/admin/clicks?hosting=true', { token });
    expect(flagged.body.total).toBe(1);
    expect(flagged.body.data[0].ip).toBe(DIGITALOCEAN);
  });

  it('rejects with its own reason when set to reject, and does nothing when off', async () => {
    expect((await putRule({ action: 'reject' })).body).toMatchObject({ enabled: true, action: 'reject' });
    expect((await click(AMAZON_V6)).status).toBe(403);
    expect(await lastClick()).toMatchObject({
      status: 'rejected',
      reject_reason: 'datacenter_ip',
      hosting: true,
    });
    expect((await click(JIO)).status).toBe(302);

    expect((await putRule({ enabled: false })).status).toBe(200);
    expect((await click('5.101.96.11')).status).toBe(302);
    expect(await lastClick()).toMatchObject({ status: 'accepted', hosting: false });
  });

  it('refuses an action on rules that have none', async () => {
    const response = await t.call('PUT', '/api/admin/fraud/rules/bot_ua', {
      token,
      body: { action: 'flag' },
    });
    expect(response.status).toBe(422);
    expect((await putRule({ action: 'block' })).status).toBe(400);
  });
});
