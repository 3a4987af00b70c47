import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postback } from './helpers/conversions.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 19 item 3: a publisher's smart link `/go/<code>` picks, per visitor, an offer the publisher
// may run that is active, open to the visitor's country and not capped, by recent EPC with
// exploration, and records an ordinary click of that offer (source 'smart').
let t: TestApp;
let token: string;
let advertiser: { id: string; postback_token: string };

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
// 49.36.x.x is Reliance Jio (IN); 23.24.x.x is Comcast (US) in the bundled country database; a
// private 10.x address has no country.
type Country = 'IN' | 'US' | 'unknown';
const PREFIX: Record<Country, string> = { IN: '49.36', US: '23.24', unknown: '10.9' };
let n = 0;
const nextIp = (country: Country) => {
  n += 1;
  return `${PREFIX[country]}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
};

const opened: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  advertiser = await makeAdvertiser(t, token);
});
afterAll(() => t.close());

async function offer(name: string, overrides: Record<string, unknown> = {}) {
  const o = await makeOffer(t, token, {
    advertiser_id: advertiser.id,
    name,
    geo: '',
    landing_url: `https://${name}.example/?click_id={click_id}&s1={sub1}`,
    ...overrides,
  });
  opened.push(o.id);
  return o as { id: string };
}

/** Each test starts from no active offer: the offers of earlier tests are paused. */
async function pauseAll() {
  for (const id of opened.splice(0)) {
    const r = await t.call('PATCH', `/api/admin/offers/${id}`, { token, body: { status: 'paused' } });
    expect(r.status).toBe(200);
  }
}

async function smartPublisher() {
  const pub = await makePublisher(t, token);
  const on = await t.call('PUT', `/api/admin/publishers/${pub.id}/smart-link`, {
    token,
    body: { enabled: true },
  });
  expect(on.status).toBe(200);
  expect(on.body).toMatchObject({ publisher_id: pub.id, enabled: true });
  expect(on.body.url).toBe(`http://leadrail.test/go/${on.body.code}`);
  return { ...pub, code: on.body.code as string };
}

async function visit(code: string, country: Country, query = '') {
  const r = await t.call('GET', `/go/${code}${query}`, {
    headers: { 'x-forwarded-for': nextIp(country), 'user-agent': ANDROID },
  });
  await t.ctx.clickWriter.flush();
  const row = await t.ctx.db
    .selectFrom('clicks')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return {
    status: r.status,
    location: r.headers.location as string | undefined,
    cookie: String(r.headers['set-cookie'] ?? ''),
    text: r.text,
    row,
  };
}

describe('smart link: eligibility', () => {
  it("sends a visitor only to active offers the publisher may run that accept the visitor's country", async () => {
    await pauseAll();
    const pub = await smartPublisher();
    const india = await offer('india', { geo: 'IN' });
    const world = await offer('world');
    const mine = await offer('mine', { visibility: 'private' });
    const notMine = await offer('notmine', { visibility: 'private' });
    const paused = await offer('paused');
    expect(
      (await t.call('PATCH', `/api/admin/offers/${paused.id}`, { token, body: { status: 'paused' } })).status,
    ).toBe(200);
    const assigned = await t.call('POST', `/api/admin/publishers/${pub.id}/offers`, {
      token,
      body: { offer_id: mine.id },
    });
    expect(assigned.status).toBe(201);

    const seen = { IN: new Set<number>(), US: new Set<number>(), unknown: new Set<number>() };
    for (const country of ['US', 'IN', 'unknown'] as const) {
      // 30 each: missing one of three equally likely offers has a chance of 3 × (2/3)^30 ≈ 2e-5.
      for (let i = 0; i < 30; i++) {
        const r = await visit(pub.code, country, '?sub1=camp7&sub2=x&url=https://evil.example/');
        expect(r.status).toBe(302);
        expect(r.row).toMatchObject({
          source: 'smart',
          status: 'accepted',
          publisher_id: Number(pub.id),
          flow_id: null,
          sub1: 'camp7',
          sub2: 'x',
          destination: r.location,
        });
        // The offer's own landing with its macros, never a URL from the query.
        const offerId = Number(r.row.offer_id);
        const name = { [india.id]: 'india', [world.id]: 'world', [mine.id]: 'mine' }[String(offerId)];
        expect(name).toBeDefined();
        expect(r.location).toBe(`https://${name}.example/?click_id=${r.row.id}&s1=camp7`);
        expect(r.cookie).toContain(`lr_click=${r.row.id}`);
        seen[country].add(offerId);
      }
    }
    // A US visitor never gets the India-only offer; nobody gets the paused or the unassigned private one.
    expect([...seen.US].sort()).toEqual([Number(world.id), Number(mine.id)].sort());
    // A visitor without a known country only gets offers without GEO.
    expect([...seen.unknown].sort()).toEqual([Number(world.id), Number(mine.id)].sort());
    expect([...seen.IN].sort()).toEqual([Number(india.id), Number(world.id), Number(mine.id)].sort());
    for (const s of Object.values(seen)) {
      expect(s.has(Number(notMine.id))).toBe(false);
      expect(s.has(Number(paused.id))).toBe(false);
    }
  }, 90_000);

  it('refuses with the reference page when no offer fits, and the reference finds the click', async () => {
    await pauseAll();
    const pub = await smartPublisher();
    await offer('indiaonly', { geo: 'IN' });
    const r = await visit(pub.code, 'US', '?sub1=a');
    expect(r.status).toBe(403);
    expect(r.row).toMatchObject({
      source: 'smart',
      status: 'rejected',
      reject_reason: 'no_eligible_offer',
      offer_id: null,
      publisher_id: Number(pub.id),
      sub1: 'a',
      destination: null,
    });
    const ref = /Reference: <strong>([A-Z0-9-]+)<\/strong>/.exec(r.text)?.[1];
    expect(ref).toBeDefined();
    expect(r.text).not.toContain('no_eligible_offer');
    const found = await t.call('GET', `/api/admin/clicks?ref=${ref}`, { token });
    expect(found.body.data.map((c: { id: string }) => c.id)).toContain(r.row.id);
  });
});

describe('smart link: caps', () => {
  it('stops choosing an offer whose hard cap is reached; the cap is never exceeded', async () => {
    await pauseAll();
    const pub = await smartPublisher();
    const capped = await offer('capped');
    const cap = await t.call('POST', '/api/admin/caps', {
      token,
      body: { offer_id: capped.id, publisher_id: pub.id, period: 'daily', metric: 'clicks', limit: '3' },
    });
    expect(cap.status).toBe(201);
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await visit(pub.code, 'US'));
    expect(first.map((r) => [r.status, r.row.offer_id])).toEqual(Array(3).fill([302, Number(capped.id)]));
    // Full: the only offer is no longer eligible.
    for (let i = 0; i < 3; i++) {
      const r = await visit(pub.code, 'US');
      expect(r.status).toBe(403);
      expect(r.row).toMatchObject({ status: 'rejected', reject_reason: 'no_eligible_offer', offer_id: null });
    }
    const sim = await t.call('GET', `/api/admin/publishers/${pub.id}/smart-link/simulate?country=us`, {
      token,
    });
    expect(sim.status).toBe(200);
    expect(sim.body).toMatchObject({
      enabled: true,
      country: 'US',
      best_offer_id: null,
      offers: [{ offer_id: capped.id, eligible: false, reason: 'a cap is full', epc: null }],
    });
    // Another offer opens: every click goes there, none to the full one.
    const open = await offer('open');
    for (let i = 0; i < 20; i++) {
      const r = await visit(pub.code, 'US');
      expect(r.row).toMatchObject({ status: 'accepted', offer_id: Number(open.id) });
    }
    const accepted = await t.ctx.db
      .selectFrom('clicks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('offer_id', '=', Number(capped.id))
      .where('status', '=', 'accepted')
      .executeTakeFirstOrThrow();
    expect(Number(accepted.n)).toBe(3);
  });
});

describe('smart link: EPC', () => {
  it('sends most visitors to the offer with the best recent EPC and still explores the other', async () => {
    await pauseAll();
    const pub = await smartPublisher();
    const low = await offer('low');
    const high = await offer('high');
    // 60 clicks each (over the 50-click minimum) for this publisher; 6 approved conversions on "high".
    for (const o of [low, high]) {
      for (let i = 0; i < 60; i++) {
        const r = await t.call('GET', `/click?offer_id=${o.id}&pub_id=${pub.id}`, {
          headers: { 'x-forwarded-for': nextIp('US'), 'user-agent': ANDROID },
        });
        expect(r.status).toBe(302);
        if (o === high && i < 6) {
          const clickId = new URL(String(r.headers.location)).searchParams.get('click_id');
          const pb = await postback(t, {
            click_id: clickId ?? '',
            status: 'approved',
            token: advertiser.postback_token,
          });
          expect(pb.status).toBe(200);
        }
      }
    }
    await t.ctx.clickWriter.flush();
    t.ctx.caches.clear(); // the EPC table is cached for a minute: read it fresh now
    const counts = new Map<number, number>();
    const VISITS = 200;
    for (let i = 0; i < VISITS; i++) {
      const r = await visit(pub.code, 'US');
      expect(r.status).toBe(302);
      const id = Number(r.row.offer_id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // The simulator names the same winner and records nothing.
    const before = await t.ctx.db
      .selectFrom('clicks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const sim = await t.call('GET', `/api/admin/publishers/${pub.id}/smart-link/simulate?ip=23.24.0.9`, {
      token,
    });
    expect(sim.body.country).toBe('US');
    expect(sim.body.best_offer_id).toBe(high.id);
    const byId = Object.fromEntries(sim.body.offers.map((o: { offer_id: string }) => [o.offer_id, o]));
    expect(byId[low.id]).toMatchObject({ eligible: true, reason: null, epc: '0.00' });
    expect(byId[high.id]).toMatchObject({ eligible: true, reason: null });
    expect(Number(byId[high.id].epc)).toBeGreaterThan(0);
    await t.ctx.clickWriter.flush();
    const after = await t.ctx.db
      .selectFrom('clicks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Expected: high 90 % (80 % exploit + half of the 20 % explored), low 10 %. Binomial sd ≈ 4.2 clicks.
    const highShare = counts.get(Number(high.id)) ?? 0;
    const lowShare = counts.get(Number(low.id)) ?? 0;
    expect(highShare + lowShare).toBe(VISITS);
    expect(highShare).toBeGreaterThan(160);
    expect(lowShare).toBeGreaterThan(5);
  }, 90_000);
});

describe('smart link: admin, portal and abuse', () => {
  it('is off until switched on; off again answers "link does not exist"; unknown and junk codes too', async () => {
    await pauseAll();
    const pub = await makePublisher(t, token);
    const before = await t.call('GET', `/api/admin/publishers/${pub.id}/smart-link`, { token });
    expect(before.body).toEqual({
      publisher_id: pub.id,
      enabled: false,
      code: null,
      url: null,
      network_enabled: true,
    });
    const mineBefore = await t.call('GET', '/api/publisher/smart-link', { token: pub.token });
    expect(mineBefore.body).toMatchObject({ enabled: false, url: null });

    const on = await t.call('PUT', `/api/admin/publishers/${pub.id}/smart-link`, {
      token,
      body: { enabled: true },
    });
    const o = await offer('portal');
    const mine = await t.call('GET', '/api/publisher/smart-link', { token: pub.token });
    expect(mine.body).toEqual({
      publisher_id: pub.id,
      enabled: true,
      code: on.body.code,
      url: on.body.url,
      network_enabled: true,
    });
    expect((await visit(on.body.code, 'IN')).row).toMatchObject({
      offer_id: Number(o.id),
      status: 'accepted',
    });

    const off = await t.call('PUT', `/api/admin/publishers/${pub.id}/smart-link`, {
      token,
      body: { enabled: false },
    });
    expect(off.body).toMatchObject({ enabled: false, code: on.body.code, url: null });
    expect((await t.call('GET', `/go/${on.body.code}`)).status).toBe(404);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['route', 'object_type', 'object_id'])
      .where('route', '=', 'PUT /api/admin/publishers/:id/smart-link')
      .where('object_id', '=', pub.id)
      .execute();
    expect(audit).toHaveLength(2);
    // Switched on again: the same code.
    const again = await t.call('PUT', `/api/admin/publishers/${pub.id}/smart-link`, {
      token,
      body: { enabled: true },
    });
    expect(again.body.code).toBe(on.body.code);

    for (const path of ['/go/nosuchcode99', '/go/%00', '/go/' + 'a'.repeat(64), '/go/%E0%A4%A']) {
      const r = await t.call('GET', path);
      expect([400, 404]).toContain(r.status);
    }
    expect(
      (await t.call('PUT', `/api/admin/publishers/999999/smart-link`, { token, body: { enabled: true } }))
        .status,
    ).toBe(404);
    expect(
      (await t.call('PUT', `/api/admin/publishers/${pub.id}/smart-link`, { token, body: {} })).status,
    ).toBe(400);
    // A publisher cannot switch links or read the report.
    const asPublisher = { token: pub.token, body: { enabled: true } };
    expect((await t.call('PUT', `/api/admin/publishers/${pub.id}/smart-link`, asPublisher)).status).toBe(403);
    expect((await t.call('GET', '/api/admin/smart-links/report', { token: pub.token })).status).toBe(403);
  });

  it('refuses the clicks of a suspended publisher', async () => {
    await pauseAll();
    const pub = await smartPublisher();
    await offer('suspended');
    expect(
      (await t.call('PATCH', `/api/admin/publishers/${pub.id}`, { token, body: { status: 'suspended' } }))
        .status,
    ).toBe(200);
    const r = await visit(pub.code, 'US');
    expect(r.status).toBe(403);
    expect(r.row).toMatchObject({
      reject_reason: 'publisher_not_approved',
      offer_id: null,
      status: 'rejected',
    });
  });

  it('reports which offers the smart link chose', async () => {
    await pauseAll();
    const pub = await smartPublisher();
    const a = await offer('repa');
    for (let i = 0; i < 4; i++) await visit(pub.code, 'US');
    await pauseAll();
    for (let i = 0; i < 2; i++) await visit(pub.code, 'US');
    const report = await t.call('GET', `/api/admin/smart-links/report?publisher_id=${pub.id}`, { token });
    expect(report.status).toBe(200);
    expect(report.body.rows).toEqual([
      { publisher_id: pub.id, offer_id: a.id, clicks: 4, accepted: 4, rejected: 0 },
      { publisher_id: pub.id, offer_id: null, clicks: 2, accepted: 0, rejected: 2 },
    ]);
  });
});
