import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER, indianIp, makeClick, nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let advertiserId: string;
let pub: { id: string; token: string };

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  advertiserId = (await makeAdvertiser(t, token)).id;
  pub = await makePublisher(t, token);
});
afterAll(() => t.close());

const newOffer = () => makeOffer(t, token, { advertiser_id: advertiserId });
const putRule = (rule: string, body: unknown) =>
  t.call('PUT', `/api/admin/fraud/rules/${rule}`, { token, body });
const click = (offerId: string, ip: string, userAgent = BROWSER) =>
  t.call('GET', `/click?offer_id=${offerId}&pub_id=${pub.id}`, {
    headers: { 'x-forwarded-for': ip, 'user-agent': userAgent },
  });

async function lastClick() {
  await t.ctx.clickWriter.flush();
  return t.ctx.db.selectFrom('clicks').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

describe('fraud rule settings', () => {
  it("lists every rule with seed 000's defaults", async () => {
    const response = await t.call('GET', '/api/admin/fraud/rules', { token });
    expect(response.status).toBe(200);
    const byRule = Object.fromEntries(response.body.map((r: { rule: string }) => [r.rule, r]));
    expect(Object.keys(byRule).sort()).toEqual([
      'bot_ua',
      'datacenter_ip',
      'duplicate_email',
      'duplicate_phone',
      'ip_blocked',
      'ip_velocity',
    ]);
    expect(byRule.ip_velocity).toMatchObject({ enabled: true, threshold: 10, window_minutes: 60 });
    expect(byRule.duplicate_phone).toMatchObject({ enabled: true, threshold: null, window_minutes: 60 });
    expect(byRule.bot_ua).toMatchObject({ enabled: true, threshold: null, window_minutes: null });
  });

  it('refuses unknown rules, nonsense thresholds and unknown fields', async () => {
    expect((await putRule('ip_speed', { threshold: 5 })).status).toBe(404);
    const zero = await putRule('ip_velocity', { threshold: 0 });
    expect(zero.status).toBe(422);
    expect(zero.body).toMatchObject({ field: 'threshold' });
    expect((await putRule('ip_velocity', { window_minutes: 100_000 })).status).toBe(422);
    expect((await putRule('bot_ua', { threshold: 3 })).body).toMatchObject({
      error: 'fraud_rule_setting',
      message: 'bot_ua has no threshold',
    });
    expect((await putRule('ip_velocity', { threshold: '5' })).status).toBe(400);
    expect((await putRule('ip_velocity', { limit: 5 })).status).toBe(400);
    expect((await putRule('ip_velocity', { threshold: 2.5 })).status).toBe(400);
    const unchanged = await t.call('GET', '/api/admin/fraud/rules', { token });
    expect(unchanged.body.find((r: { rule: string }) => r.rule === 'ip_velocity')).toMatchObject({
      threshold: 10,
    });
  });

  it('rejects clicks at a changed velocity threshold and window', async () => {
    const offer = await newOffer();
    const update = await putRule('ip_velocity', { threshold: 3, window_minutes: 10 });
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ rule: 'ip_velocity', threshold: 3, window_minutes: 10 });
    const ip = indianIp();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await click(offer.id, ip)).status);
    expect(statuses).toEqual([302, 302, 302, 403]);
    expect(await lastClick()).toMatchObject({ reject_reason: 'ip_velocity' });
    // The 10-minute window has passed: the address may click again.
    t.clock.advance(10 * 60_000 + 1000);
    expect((await click(offer.id, ip)).status).toBe(302);

    await putRule('ip_velocity', { enabled: false });
    const other = indianIp();
    for (let i = 0; i < 5; i++) expect((await click(offer.id, other)).status).toBe(302);
    await putRule('ip_velocity', { enabled: true, threshold: 10, window_minutes: 60 });
    expect((await click(offer.id, other)).status).toBe(302);
  });

  it('accepts a bot click while bot_ua is off, and rejects it again when it is back on', async () => {
    const offer = await newOffer();
    expect((await click(offer.id, indianIp(), GOOGLEBOT)).status).toBe(403);
    expect(await lastClick()).toMatchObject({ reject_reason: 'bot_ua' });
    expect((await putRule('bot_ua', { enabled: false })).body).toMatchObject({ enabled: false });
    expect((await click(offer.id, indianIp(), GOOGLEBOT)).status).toBe(302);
    expect(await lastClick()).toMatchObject({ status: 'accepted', reject_reason: null });
    const lead = await submitLead(
      t,
      { offer_id: offer.id, pub_id: pub.id, phone: nextPhone() },
      { 'user-agent': GOOGLEBOT, 'x-forwarded-for': indianIp() },
    );
    expect(lead.body.status).toBe('processing');
    await putRule('bot_ua', { enabled: true });
    expect((await click(offer.id, indianIp(), GOOGLEBOT)).status).toBe(403);
  });

  it('lets a blocked address through while ip_blocked is off', async () => {
    const offer = await newOffer();
    const ip = indianIp();
    expect((await t.call('POST', '/api/admin/fraud/blocked-ips', { token, body: { ip } })).status).toBe(201);
    expect((await click(offer.id, ip)).status).toBe(403);
    await putRule('ip_blocked', { enabled: false });
    expect((await click(offer.id, ip)).status).toBe(302);
    await putRule('ip_blocked', { enabled: true });
    expect((await click(offer.id, ip)).status).toBe(403);
  });

  it('marks duplicates within the configured window only', async () => {
    const offer = await newOffer();
    const lead = async (phone: string) => {
      const clickId = await makeClick(t, offer.id, pub.id);
      const response = await submitLead(t, { click_id: clickId, phone });
      expect(response.status).toBe(201);
      return response.body.status as string;
    };
    const phone = nextPhone();
    expect(await lead(phone)).toBe('processing');
    t.clock.advance(90 * 60_000);
    // Default window is an hour: 90 minutes later the same phone is a new lead.
    expect(await lead(phone)).toBe('processing');

    expect((await putRule('duplicate_phone', { window_minutes: 180 })).status).toBe(200);
    t.clock.advance(90 * 60_000);
    expect(await lead(phone)).toBe('duplicate');
    const row = await t.ctx.db
      .selectFrom('leads')
      .select(['fraud_rule'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(row.fraud_rule).toBe('duplicate_phone');

    await putRule('duplicate_phone', { window_minutes: 5 });
    t.clock.advance(6 * 60_000);
    expect(await lead(phone)).toBe('processing');
    expect(await lead(phone)).toBe('duplicate');
    await putRule('duplicate_phone', { enabled: false });
    expect(await lead(phone)).toBe('processing');
    await putRule('duplicate_phone', { enabled: true, window_minutes: 60 });
  });
});
