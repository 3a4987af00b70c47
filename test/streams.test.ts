import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebalanceStreams } from '../src/modules/streams/rebalance.js';
import { seededRandom } from '../src/modules/streams/rotation.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, PUBLIC_URL, type TestApp } from './helpers/test-app.js';

// Issue 19: streams on a flow — routing through real HTTP, the admin and portal API, simulate, split tests.
let t: TestApp;
let base: string;
let token: string;
let advertiser: { id: string; postback_token: string };
let offerA: { id: string };
let offerB: { id: string };
let pub: { id: string; token: string };
let other: { id: string; token: string };
let siteA: string;
let siteB: string;

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0';
const HEADLESS =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36';

let ipCounter = 0;
const indianIp = () => {
  ipCounter += 1;
  return `49.36.${Math.floor(ipCounter / 250) + 1}.${(ipCounter % 250) + 1}`;
};
const usIp = () => {
  ipCounter += 1;
  return `8.8.${Math.floor(ipCounter / 250) + 1}.${(ipCounter % 250) + 1}`;
};

async function makeFlow(publisherId: string, offerId = offerA.id): Promise<{ id: string; code: string }> {
  const r = await t.call('POST', '/api/admin/flows', {
    token,
    body: { publisher_id: publisherId, offer_id: offerId },
  });
  expect(r.status).toBe(201);
  return r.body;
}

function putStreams(flowId: string, streams: unknown[], asToken = token, scope = 'admin') {
  return t.call('PUT', `/api/${scope}/flows/${flowId}/streams`, { token: asToken, body: { streams } });
}

/** A click over a real socket (the raw fast path), like a visitor's browser. */
async function visit(
  code: string,
  ip: string,
  userAgent: string,
  query = '',
  headers: Record<string, string> = {},
) {
  const r = await fetch(`${base}/f/${code}${query}`, {
    redirect: 'manual',
    headers: { 'x-forwarded-for': ip, 'user-agent': userAgent, ...headers },
  });
  await t.ctx.clickWriter.flush();
  const row = await t.ctx.db
    .selectFrom('clicks')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { status: r.status, location: r.headers.get('location'), row };
}

async function counts() {
  await t.ctx.clickWriter.flush();
  const out: Record<string, number> = {};
  for (const table of [
    'clicks',
    'leads',
    'conversions',
    'jobs',
    'offer_cap_usage',
    'flow_streams',
    'stream_arms',
    'stream_weight_shifts',
  ] as const) {
    const row = await t.ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  advertiser = await makeAdvertiser(t, token);
  offerA = await makeOffer(t, token, {
    advertiser_id: advertiser.id,
    geo: '',
    landing_url: 'https://a.example/land?cid={click_id}&s={sub1}',
    trafficback_url: 'https://tb.example/?c={click_id}',
  });
  offerB = await makeOffer(t, token, {
    advertiser_id: advertiser.id,
    geo: '',
    name: 'Offer B',
    landing_url: 'https://b.example/?c={click_id}&o={offer_id}',
  });
  pub = await makePublisher(t, token);
  other = await makePublisher(t, token);
  for (const slug of ['keto-a', 'keto-b']) {
    const r = await t.call('POST', '/api/admin/sites', {
      token,
      body: { offer_id: offerA.id, name: slug, slug, template: 'empty' },
    });
    expect(r.status).toBe(201);
    if (slug === 'keto-a') siteA = r.body.id;
    else siteB = r.body.id;
  }
});
afterAll(() => t.close());

function routingStreams() {
  return [
    {
      name: 'India Android: landing A/B',
      filters: {
        type: 'and',
        filters: [
          { type: 'country', values: ['IN'] },
          { type: 'os', values: ['Android'] },
        ],
      },
      arms: [
        { type: 'landing', site_id: siteA, weight: 50 },
        { type: 'landing', site_id: siteB, weight: 50 },
      ],
    },
    {
      name: 'iPhones: offer B',
      filters: {
        type: 'and',
        filters: [
          { type: 'device', values: ['mobile'] },
          { type: 'os', values: ['iOS'] },
        ],
      },
      arms: [{ type: 'offer', offer_id: offerB.id }],
    },
    { name: 'Everyone else', arms: [{ type: 'trafficback' }] },
  ];
}

describe('routing clicks by streams', () => {
  it('a flow without streams sends the visitor to the offer as before and records no stream', async () => {
    const flow = await makeFlow(pub.id);
    const r = await visit(flow.code, usIp(), WINDOWS, '?sub1=x');
    expect(r.status).toBe(302);
    expect(r.location).toBe(`https://a.example/land?cid=${r.row.id}&s=x`);
    expect(r.row).toMatchObject({
      status: 'accepted',
      stream_id: null,
      arm_id: null,
      offer_id: Number(offerA.id),
    });
  });

  it('sends Indian Android to landing A/B, iPhones to offer B and the rest to trafficback, recording stream and arm', async () => {
    const flow = await makeFlow(pub.id);
    const saved = await putStreams(flow.id, routingStreams());
    expect(saved.status).toBe(200);
    const [s1, s2, s3] = saved.body.streams;
    const landings = new Set<string>();
    for (let i = 0; i < 16; i++) {
      const r = await visit(flow.code, indianIp(), ANDROID);
      expect(r.status).toBe(302);
      expect(r.row).toMatchObject({
        stream_id: Number(s1.id),
        offer_id: Number(offerA.id),
        status: 'accepted',
      });
      const arm = s1.arms.find((a: { id: string }) => Number(a.id) === r.row.arm_id);
      const slug = arm.site_id === siteA ? 'keto-a' : 'keto-b';
      expect(r.location).toBe(`${PUBLIC_URL}/s/${slug}/?click_id=${r.row.id}`);
      expect(r.row.destination).toBe(r.location);
      landings.add(slug);
    }
    expect(landings).toEqual(new Set(['keto-a', 'keto-b']));

    const iphone = await visit(flow.code, usIp(), IPHONE);
    expect(iphone.location).toBe(`https://b.example/?c=${iphone.row.id}&o=${offerB.id}`);
    expect(iphone.row).toMatchObject({
      stream_id: Number(s2.id),
      arm_id: Number(s2.arms[0].id),
      offer_id: Number(offerB.id),
    });

    const rest = await visit(flow.code, usIp(), WINDOWS);
    expect(rest.location).toBe(`https://tb.example/?c=${rest.row.id}`);
    expect(rest.row).toMatchObject({ stream_id: Number(s3.id), offer_id: Number(offerA.id) });

    // The clicks list can be read by stream (reports group by these columns).
    const byStream = await t.ctx.db
      .selectFrom('clicks')
      .select(['stream_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('flow_id', '=', Number(flow.id))
      .groupBy('stream_id')
      .execute();
    expect(byStream.map((r) => [r.stream_id, Number(r.n)]).sort()).toEqual(
      [
        [Number(s1.id), 16],
        [Number(s2.id), 1],
        [Number(s3.id), 1],
      ].sort(),
    );
  });

  it('passes over a disabled stream and a rejected click never reaches the streams', async () => {
    const flow = await makeFlow(pub.id);
    const streams: Record<string, unknown>[] = routingStreams();
    streams[0] = { ...streams[0], enabled: false };
    const saved = await putStreams(flow.id, streams);
    const android = await visit(flow.code, indianIp(), ANDROID);
    expect(android.row.stream_id).toBe(Number(saved.body.streams[2].id));
    const bot = await visit(flow.code, usIp(), HEADLESS);
    expect(bot.row).toMatchObject({
      status: 'rejected',
      reject_reason: 'bot_ua',
      stream_id: null,
      arm_id: null,
    });
  });

  it('skips an offer arm the publisher may not run any more and falls through to the next stream', async () => {
    const flow = await makeFlow(pub.id);
    const saved = await putStreams(flow.id, routingStreams());
    expect(saved.status).toBe(200);
    expect(
      (await t.call('PATCH', `/api/admin/offers/${offerB.id}`, { token, body: { status: 'paused' } })).status,
    ).toBe(200);
    try {
      const iphone = await visit(flow.code, usIp(), IPHONE);
      expect(iphone.row.stream_id).toBe(Number(saved.body.streams[2].id));
      expect(iphone.location).toBe(`https://tb.example/?c=${iphone.row.id}`);
    } finally {
      await t.call('PATCH', `/api/admin/offers/${offerB.id}`, { token, body: { status: 'active' } });
    }
  });

  it('filters on sub ids, query parameters, language and referrer from the real request', async () => {
    const flow = await makeFlow(pub.id);
    const saved = await putStreams(flow.id, [
      {
        name: 'campaign 7 in Hindi from Facebook',
        filters: {
          type: 'and',
          filters: [
            { type: 'param', name: 'sub2', match: 'equals', values: ['c7'] },
            { type: 'param', name: 'utm_source', match: 'starts_with', values: ['face'] },
            { type: 'language', values: ['hi'] },
            { type: 'referrer', match: 'domain', values: ['facebook.com'] },
          ],
        },
        arms: [{ type: 'url', url: 'https://c7.example/?id={click_id}&s2={sub2}' }],
      },
    ]);
    expect(saved.status).toBe(200);
    const headers = { 'accept-language': 'en;q=0.3, hi-IN', referer: 'https://l.facebook.com/x' };
    const hit = await visit(flow.code, usIp(), WINDOWS, '?s2=c7&utm_source=facebook', headers);
    expect(hit.location).toBe(`https://c7.example/?id=${hit.row.id}&s2=c7`);
    expect(hit.row.stream_id).toBe(Number(saved.body.streams[0].id));
    const miss = await visit(flow.code, usIp(), WINDOWS, '?s2=c7&utm_source=facebook', {
      ...headers,
      'accept-language': 'en, hi;q=0.5',
    });
    expect(miss.row.stream_id).toBeNull();
    expect(miss.location).toBe(`https://a.example/land?cid=${miss.row.id}&s=`);
  });
});

describe('PUT /api/admin/flows/:id/streams', () => {
  it('keeps stream and arm ids that are sent back, and reorders', async () => {
    const flow = await makeFlow(pub.id);
    const first = await putStreams(flow.id, routingStreams());
    const [s1, s2, s3] = first.body.streams;
    const again = await putStreams(flow.id, [
      {
        id: s2.id,
        name: s2.name,
        filters: s2.filters,
        arms: [{ id: s2.arms[0].id, type: 'offer', offer_id: offerB.id }],
      },
      {
        id: s1.id,
        name: 'renamed',
        filters: s1.filters,
        arms: s1.arms.map((a: { id: string; site_id: string }) => ({
          id: a.id,
          type: 'landing',
          site_id: a.site_id,
          weight: 10,
        })),
      },
    ]);
    expect(again.status).toBe(200);
    expect(again.body.streams.map((s: { id: string; position: number }) => [s.id, s.position])).toEqual([
      [s2.id, 0],
      [s1.id, 1],
    ]);
    expect(again.body.streams[1].arms.map((a: { id: string; weight: number }) => [a.id, a.weight])).toEqual(
      s1.arms.map((a: { id: string }) => [a.id, 10]),
    );
    const read = await t.call('GET', `/api/admin/flows/${flow.id}/streams`, { token });
    expect(read.body).toEqual(again.body);
    expect(read.body.streams.some((s: { id: string }) => s.id === s3.id)).toBe(false);
    // The change is in the audit log.
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      route: 'PUT /api/admin/flows/:id/streams',
      object_type: 'flow',
      object_id: flow.id,
    });
    expect(JSON.parse(audit.before_json ?? '{}').streams).toHaveLength(3);
    expect(JSON.parse(audit.after_json ?? '{}').streams.map((s: { name: string }) => s.name)).toEqual([
      s2.name,
      'renamed',
    ]);
  });

  it('refuses bad filters, hostile URLs, foreign ids, offers the publisher may not run and all-zero weights', async () => {
    const flow = await makeFlow(pub.id);
    const otherFlow = await makeFlow(pub.id);
    const foreign = (await putStreams(otherFlow.id, routingStreams())).body.streams[0];
    const privateOffer = await makeOffer(t, token, {
      advertiser_id: advertiser.id,
      visibility: 'private',
      geo: '',
    });
    const cases: [unknown, RegExp][] = [
      [
        { name: 'x', filters: { type: 'country', values: ['India'] }, arms: [{ type: 'trafficback' }] },
        /streams\[0\]\.filters/,
      ],
      [
        { name: 'x', filters: { type: 'ip', values: ['10.0.0.0/99'] }, arms: [{ type: 'trafficback' }] },
        /not an IP/,
      ],
      [
        {
          name: 'x',
          filters: {
            type: 'schedule',
            time_zone: 'Nowhere/City',
            slots: [{ days: ['mon'], from: '09:00', to: '10:00' }],
          },
          arms: [{ type: 'trafficback' }],
        },
        /IANA/,
      ],
      [
        { name: 'x', filters: { type: 'regex', pattern: '(a+)+$' }, arms: [{ type: 'trafficback' }] },
        /unknown filter type/,
      ],
      [{ name: 'x', arms: [{ type: 'url', url: 'https://{sub1}.evil.example/' }] }, /host/],
      [{ name: 'x', arms: [{ type: 'url', url: 'javascript:alert(1)' }] }, /http/],
      [{ name: 'x', arms: [{ type: 'offer', offer_id: privateOffer.id }] }, /may not run/],
      [{ name: 'x', arms: [{ type: 'landing', site_id: '999999' }] }, /hosted site/],
      [{ name: 'x', arms: [{ type: 'trafficback', weight: 0 }] }, /weight above 0/],
      [{ id: foreign.id, name: 'x', arms: [{ type: 'trafficback' }] }, /not one of this flow/],
    ];
    for (const [stream, message] of cases) {
      const r = await putStreams(flow.id, [stream]);
      expect(r.status, JSON.stringify(stream)).toBe(422);
      expect(r.body.message).toMatch(message);
    }
    expect((await putStreams('999999', [])).status).toBe(404);
    expect((await t.call('GET', `/api/admin/flows/${flow.id}/streams`, { token })).body.streams).toEqual([]);
  });
});

describe('POST /api/admin/flows/:id/simulate', () => {
  it('shows every check and stream with each filter, the target and the final URL, and records nothing', async () => {
    const flow = await makeFlow(pub.id);
    const saved = (await putStreams(flow.id, routingStreams())).body;
    const before = await counts();
    const r = await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, {
      token,
      body: {
        ip: '49.36.0.10',
        user_agent: ANDROID,
        accept_language: 'hi-IN,en;q=0.5',
        subs: { sub1: 'camp' },
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(true);
    expect(r.body.visitor).toMatchObject({
      country: 'IN',
      device: 'mobile',
      os: 'Android',
      browser: 'Chrome',
    });
    expect(r.body.checks.map((c: { check: string }) => c.check)).toEqual([
      'target',
      'ip_blocked',
      'bot_ua',
      'ip_velocity',
      'datacenter_ip',
      'geo_mismatch',
      'daily_cap',
      'cap',
    ]);
    expect(r.body.checks.every((c: { passed: boolean }) => c.passed)).toBe(true);
    expect(r.body.streams.map((s: { matched: boolean }) => s.matched)).toEqual([true, false, true]);
    expect(r.body.streams[1].filters.filters).toEqual([
      { type: 'device', matched: true, seen: 'mobile' },
      { type: 'os', matched: false, seen: 'Android' },
    ]);
    expect(r.body.stream_id).toBe(saved.streams[0].id);
    expect(r.body.location).toMatch(/^http:\/\/leadrail\.test\/s\/keto-[ab]\/\?click_id=SIMULATED$/);
    expect(await counts()).toEqual(before);

    // A country alone is enough to test GEO rules; an iPhone goes to offer B.
    const iphone = await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, {
      token,
      body: { country: 'us', user_agent: IPHONE },
    });
    expect(iphone.body).toMatchObject({
      accepted: true,
      stream_id: saved.streams[1].id,
      offer_id: offerB.id,
      target: `offer ${offerB.id}`,
      location: `https://b.example/?c=SIMULATED&o=${offerB.id}`,
    });

    // Headless Chromium is refused as a bot: the simulation says which check failed and where the visitor goes.
    const bot = await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, {
      token,
      body: { ip: '49.36.0.10', user_agent: HEADLESS },
    });
    expect(bot.body).toMatchObject({
      accepted: false,
      reason: 'bot_ua',
      stream_id: null,
      location: 'https://tb.example/?c=SIMULATED',
    });
    expect(bot.body.checks.find((c: { check: string }) => c.check === 'bot_ua').passed).toBe(false);
    expect(await counts()).toEqual(before);

    expect(
      (await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, { token, body: { ip: 'nope' } })).status,
    ).toBe(422);
  });

  it('evaluates a schedule at the time asked for', async () => {
    const flow = await makeFlow(pub.id);
    await putStreams(flow.id, [
      {
        name: 'office hours in Kolkata',
        filters: {
          type: 'schedule',
          time_zone: 'Asia/Kolkata',
          slots: [{ days: ['mon'], from: '09:00', to: '18:00' }],
        },
        arms: [{ type: 'url', url: 'https://day.example/' }],
      },
    ]);
    const at = async (time: string) =>
      (
        await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, {
          token,
          body: { country: 'IN', user_agent: WINDOWS, time },
        })
      ).body;
    expect((await at('2026-06-01T03:30:00Z')).location).toBe('https://day.example/');
    expect((await at('2026-06-01T03:29:00Z')).streams[0].filters).toEqual({
      type: 'schedule',
      matched: false,
      seen: 'mon 08:59 Asia/Kolkata',
    });
  });
});

describe('publisher portal', () => {
  it("lets a publisher manage and simulate their own flow's streams, and not another's", async () => {
    const own = await makeFlow(pub.id);
    const theirs = await makeFlow(other.id);
    await putStreams(theirs.id, routingStreams());
    for (const [method, path, body] of [
      ['GET', 'streams', undefined],
      ['PUT', 'streams', { streams: [] }],
      ['GET', 'split-test', undefined],
      ['POST', 'simulate', { country: 'IN' }],
    ] as const) {
      const r = await t.call(method, `/api/publisher/flows/${theirs.id}/${path}`, { token: pub.token, body });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect(
      (await t.call('GET', `/api/admin/flows/${theirs.id}/streams`, { token })).body.streams,
    ).toHaveLength(3);

    const url = await putStreams(
      own.id,
      [{ name: 'x', arms: [{ type: 'url', url: 'https://mine.example/' }] }],
      pub.token,
      'publisher',
    );
    expect(url.status).toBe(422);
    const saved = await putStreams(
      own.id,
      [
        {
          name: 'iPhones',
          filters: { type: 'os', values: ['iOS'] },
          arms: [{ type: 'offer', offer_id: offerB.id }],
        },
      ],
      pub.token,
      'publisher',
    );
    expect(saved.status).toBe(200);
    const sim = await t.call('POST', `/api/publisher/flows/${own.id}/simulate`, {
      token: pub.token,
      body: { ip: '49.36.0.10', user_agent: HEADLESS },
    });
    expect(sim.status).toBe(200);
    // No fraud oracle for publishers: the fraud checks are left out.
    expect(sim.body.checks.map((c: { check: string }) => c.check)).toEqual([
      'target',
      'geo_mismatch',
      'daily_cap',
      'cap',
    ]);
    expect(sim.body.accepted).toBe(true);
  });
});

describe('split tests', () => {
  async function approve(clickId: string) {
    const r = await t.call(
      'GET',
      `/postback?click_id=${clickId}&status=approved&payout=10.00&token=${advertiser.postback_token}`,
    );
    expect(r.status).toBe(200);
  }

  it("reports each arm's clicks, leads, CR with a Wilson interval and EPC, and the bandit shifts traffic with a logged shift", async () => {
    const flow = await makeFlow(pub.id);
    const saved = await putStreams(flow.id, [
      {
        name: 'A/B',
        arms: [
          { type: 'url', url: 'https://one.example/?c={click_id}', weight: 50 },
          { type: 'url', url: 'https://two.example/?c={click_id}', weight: 50 },
        ],
        auto: { enabled: true, metric: 'cr', min_share_pct: 10, min_sample: 4 },
      },
      {
        name: 'waits for its sample',
        filters: { type: 'country', values: ['unknown'] },
        arms: [
          { type: 'url', url: 'https://three.example/', weight: 50 },
          { type: 'url', url: 'https://four.example/', weight: 50 },
        ],
        auto: { enabled: true, min_sample: 1000 },
      },
    ]);
    const [armOne, armTwo] = saved.body.streams[0].arms;
    const byArm = new Map<number, string[]>();
    for (let i = 0; i < 24; i++) {
      const r = await visit(flow.code, usIp(), WINDOWS);
      byArm.set(r.row.arm_id as number, [...(byArm.get(r.row.arm_id as number) ?? []), r.row.id]);
    }
    const one = byArm.get(Number(armOne.id)) ?? [];
    const two = byArm.get(Number(armTwo.id)) ?? [];
    expect(one.length).toBeGreaterThanOrEqual(4);
    expect(two.length).toBeGreaterThanOrEqual(4);
    for (const id of one) await approve(id);
    await approve(two[0] as string);

    const results = await t.call('GET', `/api/admin/flows/${flow.id}/split-test`, { token });
    expect(results.status).toBe(200);
    const [first] = results.body.streams;
    const statsOne = first.arms[0];
    expect(statsOne).toMatchObject({ id: armOne.id, clicks: one.length, leads: one.length, cr: 1 });
    expect(statsOne.epc).toEqual([{ currency: 'USD', value: '10.00', low: '10.00', high: '10.00' }]);
    const statsTwo = first.arms[1];
    expect(statsTwo).toMatchObject({ clicks: two.length, leads: 1 });
    expect(statsTwo.cr).toBeCloseTo(1 / two.length);
    expect(statsTwo.cr_ci.low).toBeGreaterThan(0);
    expect(statsTwo.cr_ci.high).toBeLessThan(1);
    expect(statsTwo.cr_ci.low).toBeLessThan(statsTwo.cr);
    expect(first.shifts).toEqual([]);

    const shifted = await rebalanceStreams(t.ctx, seededRandom(19));
    expect(shifted).toEqual([Number(saved.body.streams[0].id)]);
    const after = (await t.call('GET', `/api/admin/flows/${flow.id}/split-test`, { token })).body.streams;
    const [w1, w2] = after[0].arms.map((a: { weight: number }) => a.weight);
    expect(w1 + w2).toBe(10_000);
    expect(w1).toBeGreaterThan(w2);
    expect(w2).toBeGreaterThanOrEqual(1000);
    expect(after[0].shifts).toHaveLength(1);
    expect(after[0].shifts[0].before).toEqual([
      { arm_id: armOne.id, weight: 50 },
      { arm_id: armTwo.id, weight: 50 },
    ]);
    expect(after[0].shifts[0].after).toEqual([
      { arm_id: armOne.id, weight: w1 },
      { arm_id: armTwo.id, weight: w2 },
    ]);
    // The stream below its minimum sample kept its weights and logged nothing.
    expect(after[1].arms.map((a: { weight: number }) => a.weight)).toEqual([50, 50]);
    expect(after[1].shifts).toEqual([]);
  });
});
