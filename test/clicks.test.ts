import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTowardCap } from '../src/modules/offers/caps.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let advertiserId: string;
let pub: { id: string; token: string };

const IN_IP = '49.36.0.10';
const US_IP = '8.8.8.8';
const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

let ipCounter = 0;
/** A fresh US address per test, so velocity and uniqueness do not leak between tests. */
function usIp(): string {
  ipCounter += 1;
  return `8.8.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

function click(url: string, ip: string, headers: Record<string, string> = {}) {
  return t.call('GET', url, { headers: { 'x-forwarded-for': ip, 'user-agent': BROWSER, ...headers } });
}

async function clickRow(id: string) {
  await t.ctx.clickWriter.flush();
  return t.ctx.db.selectFrom('clicks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function lastClick() {
  await t.ctx.clickWriter.flush();
  return t.ctx.db.selectFrom('clicks').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  advertiserId = (await makeAdvertiser(t, token)).id;
  pub = await makePublisher(t, token);
});
afterAll(() => t.close());

describe('GET /click', () => {
  it('records the click and redirects with every macro filled', async () => {
    const offer = await makeOffer(t, token, {
      advertiser_id: advertiserId,
      geo: 'IN',
      landing_url:
        'https://lander.example/p?cid={click_id}&c={click}&o={offer_id}&p={pub_id}&s1={sub1}&s2={sub2}&s3={sub3}&s4={sub4}&s5={sub5}&geo={country}&fb={fbclid}&f={flow}',
    });
    const r = await click(
      `/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=camp%201&sub2=b&sub3=c&sub4=d&sub5=e&fbclid=IwAR0x&utm_source=fb&utm_campaign=spring`,
      IN_IP,
      { referer: 'https://news.example/article' },
    );
    expect(r.status).toBe(302);
    expect(r.headers['cache-control']).toBe('no-store');
    const location = new URL(String(r.headers.location));
    const clickId = location.searchParams.get('cid')!;
    expect(clickId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      cid: clickId,
      c: clickId,
      o: offer.id,
      p: pub.id,
      s1: 'camp 1',
      s2: 'b',
      s3: 'c',
      s4: 'd',
      s5: 'e',
      geo: 'IN',
      fb: 'IwAR0x',
      f: '',
    });
    const row = await clickRow(clickId);
    expect(row).toMatchObject({
      source: 'link',
      offer_id: Number(offer.id),
      publisher_id: Number(pub.id),
      status: 'accepted',
      reject_reason: null,
      is_unique: 1,
      ip: IN_IP,
      country: 'IN',
      user_agent: BROWSER,
      referer: 'https://news.example/article',
      sub1: 'camp 1',
      fbclid: 'IwAR0x',
      destination: String(r.headers.location),
    });
    expect(JSON.parse(row.params)).toEqual({ utm_source: 'fb', utm_campaign: 'spring' });
  });

  it('appends click_id when the offer asks and the landing URL has no macro', async () => {
    const offer = await makeOffer(t, token, {
      advertiser_id: advertiserId,
      geo: [],
      landing_url: 'https://lander.example/plain?x=1',
      append_click_id: true,
    });
    const r = await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, usIp());
    const location = new URL(String(r.headers.location));
    expect(location.searchParams.get('x')).toBe('1');
    const row = await lastClick();
    expect(location.searchParams.get('click_id')).toBe(row.id);
  });

  it('tells unique from repeat clicks: same address, user agent and offer within 24 hours', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [] });
    const ip = usIp();
    const url = `/click?offer_id=${offer.id}&pub_id=${pub.id}`;
    await click(url, ip);
    const first = await lastClick();
    await click(url, ip);
    const second = await lastClick();
    await click(url, ip, { 'user-agent': `${BROWSER} Other` });
    const otherAgent = await lastClick();
    t.clock.advance(24 * 3_600_000 + 1000);
    await click(url, ip);
    const nextDay = await lastClick();
    expect([first.is_unique, second.is_unique, otherAgent.is_unique, nextDay.is_unique]).toEqual([
      1, 0, 1, 1,
    ]);
  });
});

describe('the lr_click tracking cookie', () => {
  it('is set on accepted clicks of /click and /f for 60 days, never on a rejected one', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: 'US' });
    const accepted = await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, usIp());
    const id = new URL(String(accepted.headers.location)).searchParams.get('click_id');
    const cookie = String(accepted.headers['set-cookie']);
    // PUBLIC_URL is http in tests: browsers refuse SameSite=None without Secure, so Lax.
    expect(cookie).toBe(`lr_click=${id}; Max-Age=5184000; Path=/; HttpOnly; SameSite=Lax`);

    await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, code: 'cookie-flow' },
    });
    const viaFlow = await click('/f/cookie-flow', usIp());
    expect(String(viaFlow.headers['set-cookie'])).toMatch(/^lr_click=[0-9A-Z]{26}; Max-Age=5184000/);

    const rejected = await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, IN_IP);
    expect(rejected.status).toBe(403);
    expect(rejected.headers['set-cookie']).toBeUndefined();
  });

  it('is SameSite=None; Secure when PUBLIC_URL is https', async () => {
    const secure = await createTestApp({ env: { TRUST_PROXY: '1', PUBLIC_URL: 'https://net.example' } });
    try {
      const admin = await secure.adminToken();
      const adv = await makeAdvertiser(secure, admin);
      const publisher = await makePublisher(secure, admin);
      const offer = await makeOffer(secure, admin, { advertiser_id: adv.id, geo: '' });
      const r = await secure.call('GET', `/click?offer_id=${offer.id}&pub_id=${publisher.id}`, {
        headers: { 'x-forwarded-for': usIp(), 'user-agent': BROWSER },
      });
      expect(String(r.headers['set-cookie'])).toMatch(/; HttpOnly; SameSite=None; Secure$/);
    } finally {
      await secure.close();
    }
  });
});

describe('checks at every click', () => {
  it('rejects a click from outside the offer GEO, with real IP lookups', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: 'IN,PK' });
    const us = await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, US_IP);
    expect(us.status).toBe(403);
    expect(await lastClick()).toMatchObject({
      status: 'rejected',
      reject_reason: 'geo_mismatch',
      country: 'US',
      ip: US_IP,
    });
    const india = await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, IN_IP);
    expect(india.status).toBe(302);
    expect(await lastClick()).toMatchObject({ status: 'accepted', country: 'IN' });
  });

  it('sends a rejected click to the trafficback URL, else a plain 403 page; never to the landing', async () => {
    const withBack = await makeOffer(t, token, {
      advertiser_id: advertiserId,
      geo: [],
      status: 'paused',
      trafficback_url: 'https://fallback.example/tb?s={sub1}',
    });
    const r = await click(`/click?offer_id=${withBack.id}&pub_id=${pub.id}&sub1=abc`, usIp());
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe('https://fallback.example/tb?s=abc');
    expect(await lastClick()).toMatchObject({ status: 'rejected', reject_reason: 'offer_paused' });

    const noBack = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [], status: 'paused' });
    const plain = await click(`/click?offer_id=${noBack.id}&pub_id=${pub.id}`, usIp());
    expect(plain.status).toBe(403);
    expect(plain.headers.location).toBeUndefined();
    expect(plain.text).toContain('not available');
  });

  it('records a click for a missing offer or publisher with its reason and answers 404', async () => {
    const missing = await click(`/click?offer_id=987654&pub_id=${pub.id}`, usIp());
    expect(missing.status).toBe(404);
    expect(await lastClick()).toMatchObject({ reject_reason: 'offer_not_found', offer_id: 987654 });
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [] });
    const noPub = await click(`/click?offer_id=${offer.id}&pub_id=987654`, usIp());
    expect(noPub.status).toBe(404);
    expect(await lastClick()).toMatchObject({ reject_reason: 'publisher_not_found' });
  });

  it('rejects a publisher that is not approved', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [] });
    const pending = await makePublisher(t, token, { status: 'pending' });
    const r = await click(`/click?offer_id=${offer.id}&pub_id=${pending.id}`, usIp());
    expect(r.status).toBe(403);
    expect(await lastClick()).toMatchObject({ reject_reason: 'publisher_not_approved' });
    await t.call('POST', `/api/admin/publishers/${pending.id}/approve`, { token });
    expect((await click(`/click?offer_id=${offer.id}&pub_id=${pending.id}`, usIp())).status).toBe(302);
  });

  it('rejects a private offer until it is assigned to the publisher', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [], visibility: 'private' });
    const before = await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, usIp());
    expect(before.status).toBe(403);
    expect(await lastClick()).toMatchObject({ reject_reason: 'offer_not_assigned' });
    await t.call('POST', `/api/admin/publishers/${pub.id}/offers`, { token, body: { offer_id: offer.id } });
    expect((await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, usIp())).status).toBe(302);
  });

  it('rejects known bot user agents', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [] });
    const r = await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, usIp(), {
      'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    });
    expect(r.status).toBe(403);
    expect(await lastClick()).toMatchObject({ reject_reason: 'bot_ua' });
    await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, usIp(), { 'user-agent': 'curl/8.5.0' });
    expect(await lastClick()).toMatchObject({ reject_reason: 'bot_ua' });
  });

  it('rejects addresses on the manual blocklist, single or CIDR, until unblocked', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [] });
    const blocked = await t.call('POST', '/api/admin/fraud/blocked-ips', {
      token,
      body: { ip: '9.9.9.0/24', reason: 'click farm' },
    });
    expect(blocked.status).toBe(201);
    expect(blocked.body).toMatchObject({ ip: '9.9.9.0/24', reason: 'click farm' });
    const single = await t.call('POST', '/api/admin/fraud/blocked-ips', { token, body: { ip: '1.1.1.1' } });
    expect(single.status).toBe(201);
    expect(
      (await t.call('POST', '/api/admin/fraud/blocked-ips', { token, body: { ip: '1.1.1.1' } })).status,
    ).toBe(409);
    expect(
      (await t.call('POST', '/api/admin/fraud/blocked-ips', { token, body: { ip: '300.1.1.1' } })).status,
    ).toBe(422);

    expect((await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, '9.9.9.77')).status).toBe(403);
    expect(await lastClick()).toMatchObject({ reject_reason: 'ip_blocked' });
    expect((await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, '1.1.1.1')).status).toBe(403);

    const list = await t.call('GET', '/api/admin/fraud/blocked-ips', { token });
    expect(list.body.data.map((b: any) => b.ip)).toEqual(['1.1.1.1', '9.9.9.0/24']);
    expect(
      (await t.call('DELETE', `/api/admin/fraud/blocked-ips/${blocked.body.id}`, { token })).status,
    ).toBe(204);
    expect((await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, '9.9.9.78')).status).toBe(302);
  });

  it('rejects the 11th click within an hour from one address (ip_velocity)', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [] });
    const ip = usIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=${i}`, ip)).status);
    expect(statuses.slice(0, 10).every((s) => s === 302)).toBe(true);
    expect(statuses[10]).toBe(403);
    expect(await lastClick()).toMatchObject({ reject_reason: 'ip_velocity' });
    t.clock.advance(3_600_000 + 1000);
    expect((await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, ip)).status).toBe(302);
  });

  it("rejects clicks once the offer's daily lead cap is reached, until the next UTC day", async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [], daily_cap: 2 });
    const day = t.clock.now().toISOString().slice(0, 10);
    await countTowardCap(t.ctx.db, Number(offer.id), day);
    expect((await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, usIp())).status).toBe(302);
    await countTowardCap(t.ctx.db, Number(offer.id), day);
    expect((await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, usIp())).status).toBe(403);
    expect(await lastClick()).toMatchObject({ reject_reason: 'daily_cap' });
    t.clock.advance(24 * 3_600_000);
    expect((await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, usIp())).status).toBe(302);
  });
});

describe('GET /f/:flow_code', () => {
  it('records a click through the flow with the flow macro', async () => {
    const offer = await makeOffer(t, token, {
      advertiser_id: advertiserId,
      geo: [],
      landing_url: 'https://lander.example/?flow={flow}&id={click_id}&s={sub1}',
    });
    const flow = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, code: 'fb-india' },
    });
    const r = await click('/f/fb-india?sub1=adset7&gclid=G123', usIp());
    expect(r.status).toBe(302);
    const location = new URL(String(r.headers.location));
    expect(location.searchParams.get('flow')).toBe('fb-india');
    expect(location.searchParams.get('s')).toBe('adset7');
    expect(await lastClick()).toMatchObject({
      source: 'flow',
      flow_id: Number(flow.body.id),
      offer_id: Number(offer.id),
      publisher_id: Number(pub.id),
      gclid: 'G123',
    });
    await t.call('PATCH', `/api/admin/flows/${flow.body.id}`, { token, body: { status: 'paused' } });
    expect((await click('/f/fb-india', usIp())).status).toBe(403);
    expect(await lastClick()).toMatchObject({ reject_reason: 'flow_paused' });
  });

  it('answers an unknown flow code with 404', async () => {
    const r = await click('/f/no-such-flow', usIp());
    expect(r.status).toBe(404);
  });
});

describe('GET /r referral links', () => {
  it('sets a 60-day cookie, redirects with click_id, and keeps the first click for a returning visitor', async () => {
    const offer = await makeOffer(t, token, {
      advertiser_id: advertiserId,
      geo: [],
      landing_url: 'https://brand.example/signup',
    });
    await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, code: 'ref-alice' },
    });
    const other = await makePublisher(t, token);
    await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: other.id, offer_id: offer.id, code: 'ref-bob' },
    });

    const ip = usIp();
    const first = await click('/r?ref=ref-alice&s1=story&s2=reel&fbclid=FBX', ip);
    expect(first.status).toBe(302);
    const firstId = new URL(String(first.headers.location)).searchParams.get('click_id')!;
    expect(firstId).toMatch(/^[0-9A-Z]{26}$/);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toContain(`lr_ref_${offer.id}=${firstId}`);
    expect(setCookie).toContain('Max-Age=5184000');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toContain(`lr_click=${firstId}`);
    expect(await clickRow(firstId)).toMatchObject({
      source: 'ref',
      sub1: 'story',
      sub2: 'reel',
      fbclid: 'FBX',
      publisher_id: Number(pub.id),
    });

    await t.ctx.clickWriter.flush();
    const countBefore = (await t.call('GET', `/api/admin/clicks?offer_id=${offer.id}`, { token })).body.total;
    const cookie = `lr_ref_${offer.id}=${firstId}`;
    t.clock.advance(30 * 24 * 3_600_000);
    token = await t.adminToken({ fresh: true });
    const again = await click('/r?ref=ref-bob', ip, { cookie });
    expect(again.status).toBe(302);
    expect(new URL(String(again.headers.location)).searchParams.get('click_id')).toBe(firstId);
    await t.ctx.clickWriter.flush();
    expect((await t.call('GET', `/api/admin/clicks?offer_id=${offer.id}`, { token })).body.total).toBe(
      countBefore,
    );

    // After 60 days the cookie no longer holds: a new click, for the publisher whose link it is.
    t.clock.advance(31 * 24 * 3_600_000);
    const late = await click('/r?ref=ref-bob', ip, { cookie });
    const lateId = new URL(String(late.headers.location)).searchParams.get('click_id')!;
    expect(lateId).not.toBe(firstId);
    expect(await clickRow(lateId)).toMatchObject({ publisher_id: Number(other.id) });
    token = await t.adminToken({ fresh: true });
  });

  it('answers an unknown referral code with 404', async () => {
    expect((await click('/r?ref=nobody', usIp())).status).toBe(404);
    expect((await click('/r', usIp())).status).toBe(400);
  });
});

describe('bad input', () => {
  it('answers missing or non-numeric ids with 400 and records nothing', async () => {
    await t.ctx.clickWriter.flush();
    const before = (await t.call('GET', '/api/admin/clicks?per_page=1', { token })).body.total;
    for (const url of [
      '/click',
      '/click?offer_id=1',
      '/click?offer_id=abc&pub_id=1',
      '/click?offer_id=1&pub_id=1.5',
    ]) {
      const r = await click(url, usIp());
      expect(r.status, url).toBe(400);
    }
    await t.ctx.clickWriter.flush();
    expect((await t.call('GET', '/api/admin/clicks?per_page=1', { token })).body.total).toBe(before);
  });

  it('cuts overlong sub values and keeps CR/LF out of the Location header', async () => {
    const offer = await makeOffer(t, token, {
      advertiser_id: advertiserId,
      geo: [],
      landing_url: 'https://lander.example/?s={sub1}&t={sub2}',
    });
    const long = 'x'.repeat(5000);
    const r = await click(
      `/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=${long}&sub2=a%0d%0aSet-Cookie:%20evil=1`,
      usIp(),
    );
    expect(r.status).toBe(302);
    const location = String(r.headers.location);
    expect(location).not.toMatch(/[\r\n]/);
    // Only our own tracking cookie: no header was injected through a sub.
    expect(String(r.headers['set-cookie'])).toMatch(/^lr_click=[0-9A-Z]{26}; /);
    expect(String(r.headers['set-cookie'])).not.toContain('evil');
    expect(new URL(location).host).toBe('lander.example');
    const row = await lastClick();
    expect(row.sub1).toHaveLength(255);
    expect(row.sub2).toBe('aSet-Cookie: evil=1');
  });

  it('never redirects to a URL taken from the request', async () => {
    const offer = await makeOffer(t, token, {
      advertiser_id: advertiserId,
      geo: [],
      landing_url: 'https://lander.example/x',
    });
    const r = await click(
      `/click?offer_id=${offer.id}&pub_id=${pub.id}&url=https://evil.example&redirect=//evil.example`,
      usIp(),
    );
    expect(new URL(String(r.headers.location)).host).toBe('lander.example');
  });

  it('falls back to the socket address for a malformed X-Forwarded-For', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: [] });
    const r = await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, 'not-an-ip, <script>');
    expect(r.status).toBe(302);
    expect((await lastClick()).ip).toBe('127.0.0.1');
  });
});

describe('admin clicks API', () => {
  it('lists clicks with filters and 50 per page', async () => {
    const offer = await makeOffer(t, token, { advertiser_id: advertiserId, geo: 'IN' });
    await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, IN_IP);
    await click(`/click?offer_id=${offer.id}&pub_id=${pub.id}`, US_IP);
    await t.ctx.clickWriter.flush();

    const all = await t.call('GET', `/api/admin/clicks?offer_id=${offer.id}`, { token });
    expect(all.body.total).toBe(2);
    expect(all.body.per_page).toBe(50);
    const rejected = await t.call(
      'GET',
      `/api/admin/clicks?offer_id=${offer.id}&status=rejected&reject_reason=geo_mismatch`,
      { token },
    );
    expect(rejected.body.data.map((c: any) => c.country)).toEqual(['US']);
    const india = await t.call(
      'GET',
      `/api/admin/clicks?offer_id=${offer.id}&country=in&publisher_id=${pub.id}`,
      { token },
    );
    expect(india.body.total).toBe(1);
    expect(india.body.data[0]).toMatchObject({
      offer_id: offer.id,
      publisher_id: pub.id,
      is_unique: true,
      status: 'accepted',
    });
    const day = t.clock.now().toISOString().slice(0, 10);
    const today = await t.call('GET', `/api/admin/clicks?offer_id=${offer.id}&from=${day}&to=${day}`, {
      token,
    });
    expect(today.body.total).toBe(2);
    const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(
      (await t.call('GET', `/api/admin/clicks?offer_id=${offer.id}&from=${tomorrow}`, { token })).body.total,
    ).toBe(0);
    expect((await t.call('GET', '/api/admin/clicks/NOPE', { token })).status).toBe(404);
  });
});
