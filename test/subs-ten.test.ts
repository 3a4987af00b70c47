import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { postback } from './helpers/conversions.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 22, item 2: seed 004's {sub6}…{sub10} are kept on clicks (and their leads), filled in the
// landing URL and the publisher's postbacks, pulled by the stats API and grouped and filtered in
// reports.
let t: TestApp;
let token: string;
let tracker: FakeServer;
let worker: Worker;
let offer: { id: string };
let advertiser: { id: string; postback_token: string };
let pub: { id: string; token: string };
const T0 = '2026-06-01T10:00:00.000Z';
const DAY = '2026-06-01';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36';
let ip = 0;

const TEN = Array.from({ length: 10 }, (_, i) => `sub${i + 1}`);
/** sub1=v1 … sub10=v10 with a given prefix, as a query string. */
const subsQuery = (prefix: string, name = (i: number) => `sub${i}`) =>
  TEN.map((_, i) => `${name(i + 1)}=${prefix}${i + 1}`).join('&');

async function visit(path: string) {
  ip += 1;
  const r = await t.call('GET', path, {
    headers: { 'x-forwarded-for': `9.9.${Math.floor(ip / 200)}.${(ip % 200) + 1}`, 'user-agent': BROWSER },
  });
  expect(r.status, r.text).toBe(302);
  const location = new URL(String(r.headers.location));
  return { location, clickId: location.searchParams.get('cid') ?? location.searchParams.get('click_id') };
}

async function clickApi(id: string) {
  await t.ctx.clickWriter.flush();
  const r = await t.call('GET', `/api/admin/clicks/${id}`, { token });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

const expectedSubs = (prefix: string) => Object.fromEntries(TEN.map((k, i) => [k, `${prefix}${i + 1}`]));

beforeAll(async () => {
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1', TRUST_PROXY: '1' } });
  t.clock.set(T0);
  token = await t.adminToken();
  tracker = await startFakeServer();
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
  advertiser = await makeAdvertiser(t, token);
  offer = await makeOffer(t, token, {
    advertiser_id: advertiser.id,
    geo: '',
    landing_url: 'https://lander.example/p?cid={click_id}&a={sub1}&f={sub6}&j={sub10}',
  });
  pub = await makePublisher(t, token);
});
afterAll(async () => {
  await worker.stop();
  await tracker.close();
  await t.close();
});

describe('sub1…sub10 on clicks', () => {
  it('keeps all ten from /click, fills {sub6} and {sub10} in the landing URL and shows them in the API', async () => {
    const { location, clickId } = await visit(
      `/click?offer_id=${offer.id}&pub_id=${pub.id}&${subsQuery('c')}`,
    );
    expect(location.searchParams.get('a')).toBe('c1');
    expect(location.searchParams.get('f')).toBe('c6');
    expect(location.searchParams.get('j')).toBe('c10');
    const click = await clickApi(clickId as string);
    expect(click).toMatchObject(expectedSubs('c'));
    // Not kept twice as "other parameters".
    expect(click.params).toEqual({});
  });

  it('reads s1…s10 on /r and sub1…sub10 on /f/:code', async () => {
    const flow = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offer.id, code: 'ten-subs' },
    });
    expect(flow.status, flow.text).toBe(201);
    const ref = await visit(`/r?ref=ten-subs&${subsQuery('r', (i) => `s${i}`)}`);
    expect(await clickApi(ref.clickId as string)).toMatchObject({ source: 'ref', ...expectedSubs('r') });
    const viaFlow = await visit(`/f/ten-subs?${subsQuery('f')}`);
    expect(await clickApi(viaFlow.clickId as string)).toMatchObject({ source: 'flow', ...expectedSubs('f') });
  });
});

describe('sub6…sub10 downstream of the click', () => {
  let clickId: string;

  beforeAll(async () => {
    const postbackUrl = `${tracker.url}/pb?s1={sub1}&s6={sub6}&s7={sub7}&s8={sub8}&s9={sub9}&s10={sub10}&st={status}`;
    const saved = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { url: postbackUrl, events: ['approved'] },
    });
    expect(saved.status, saved.text).toBe(201);
    clickId = (await visit(`/click?offer_id=${offer.id}&pub_id=${pub.id}&${subsQuery('d')}`))
      .clickId as string;
    // A second click with other subs and no sub6…sub10, for grouping and filtering.
    const other = (await visit(`/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=other`)).clickId as string;
    for (const [i, id] of [clickId, other].entries()) {
      const lead = await t.call('POST', '/api/lead', {
        body: { click_id: id, name: 'Asha Iyer', phone: `+91987650000${i + 1}` },
      });
      expect(lead.status, lead.text).toBe(201);
    }
    const approved = await postback(t, {
      click_id: clickId,
      status: 'approved',
      token: advertiser.postback_token,
    });
    expect(approved.status, approved.text).toBe(200);
  });

  it('copies them to the lead and sends them in the publisher’s postback', async () => {
    const lead = await t.ctx.db
      .selectFrom('leads')
      .selectAll()
      .where('click_id', '=', clickId)
      .executeTakeFirstOrThrow();
    expect(lead).toMatchObject(expectedSubs('d'));
    const before = tracker.requests.length;
    while ((await worker.runOnce()) > 0) {}
    const sent = tracker.requests.slice(before).map((r) => r.url);
    expect(sent).toEqual(['/pb?s1=d1&s6=d6&s7=d7&s8=d8&s9=d9&s10=d10&st=approved']);
  });

  it('fills sub6…sub10 in the stats API’s conversion rows (JSON and CSV)', async () => {
    const stats = await t.call('POST', '/api/publisher/stats-token', { token: pub.token });
    t.clock.advance(11_000);
    const url = `/api/affiliate/stats-api/conversions?token=${stats.body.token}`;
    const json = await t.call('GET', url);
    expect(json.status, json.text).toBe(200);
    expect(json.body.data).toHaveLength(1);
    expect(json.body.data[0]).toMatchObject({ click_id: clickId, ...expectedSubs('d') });
    const csv = await t.call('GET', `${url}&format=csv`);
    const [header, row] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    const cells = Object.fromEntries(
      (header as string).split(',').map((name, i) => [name, (row as string).split(',')[i]]),
    );
    expect(cells).toMatchObject({ sub6: 'd6', sub10: 'd10' });
  });

  it('groups and filters the custom report by sub6…sub10, in JSON and CSV', async () => {
    const report = (query: string) =>
      t.call('GET', `/api/admin/reports/custom?from=${DAY}&to=${DAY}&offer_id=${offer.id}&${query}`, {
        token,
      });
    const bySub7 = await report('group_by=sub7');
    expect(bySub7.status, bySub7.text).toBe(200);
    const rows = bySub7.body.data.map(
      (r: {
        key: string;
        label: string;
        clicks: number;
        leads: number;
        approved: number;
        revenue: string;
      }) => ({
        key: r.key,
        label: r.label,
        clicks: r.clicks,
        leads: r.leads,
        approved: r.approved,
        revenue: r.revenue,
      }),
    );
    // Clicks from the first tests (c7, r7, f7) have leads of none.
    expect(rows).toEqual([
      { key: '', label: '(no sub7)', clicks: 1, leads: 1, approved: 0, revenue: '0.00' },
      { key: 'c7', label: 'c7', clicks: 1, leads: 0, approved: 0, revenue: '0.00' },
      { key: 'd7', label: 'd7', clicks: 1, leads: 1, approved: 1, revenue: '10.00' },
      { key: 'f7', label: 'f7', clicks: 1, leads: 0, approved: 0, revenue: '0.00' },
      { key: 'r7', label: 'r7', clicks: 1, leads: 0, approved: 0, revenue: '0.00' },
    ]);
    const filtered = await report('group_by=offer&sub9=d9');
    expect(filtered.body.data).toEqual([
      expect.objectContaining({ key: offer.id, clicks: 1, leads: 1, approved: 1, revenue: '10.00' }),
    ]);
    const csv = await report('group_by=sub10&sub9=d9&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[1]).toMatch(/^d10,d10,USD,1,1,1,0,0,10\.00,/);
    expect((await report('sub11=x')).status).toBe(400);
  });

  it('groups the publisher’s own statistics by sub8', async () => {
    const r = await t.call(
      'GET',
      `/api/publisher/stats?from=${DAY}&to=${DAY}&group=sub8&offer_id=${offer.id}`,
      {
        token: pub.token,
      },
    );
    expect(r.status, r.text).toBe(200);
    expect(
      r.body.data.map((row: { key: string; clicks: number; approved: number }) => [
        row.key,
        row.clicks,
        row.approved,
      ]),
    ).toEqual([
      ['', 1, 0],
      ['c8', 1, 0],
      ['d8', 1, 1],
      ['f8', 1, 0],
      ['r8', 1, 0],
    ]);
  });
});

describe('sub6…sub10 for leads, pages and pushes', () => {
  it('takes sub6…sub10 on the lead API and the CSV import', async () => {
    const plain = await makeOffer(t, token, { advertiser_id: advertiser.id, geo: '' });
    const lead = await t.call('POST', '/api/lead', {
      body: { offer_id: plain.id, pub_id: pub.id, name: 'Ravi', phone: '+919876500011', sub8: 'api-8' },
    });
    expect(lead.status, lead.text).toBe(201);
    const imported = await t.call('POST', '/api/admin/leads/import', {
      token,
      query: { offer_id: plain.id, push: 'false' },
      body: 'Full Name,Phone,Sub1,Sub7\r\nPriya,+919876500012,csv-1,csv-7\r\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.body).toMatchObject({ imported: 1, failed: 0 });
    const rows = await t.ctx.db
      .selectFrom('leads')
      .select(['source', 'sub1', 'sub7', 'sub8'])
      .where('offer_id', '=', Number(plain.id))
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { source: 'api', sub1: null, sub7: null, sub8: 'api-8' },
      { source: 'import', sub1: 'csv-1', sub7: 'csv-7', sub8: null },
    ]);
  });

  it('fills {sub6} and {sub10} in a hosted page and {sub9} in the advertiser push template', async () => {
    const pushing = await makeAdvertiser(t, token, {
      endpoint_url: `${tracker.url}/lead/add`,
      post_encoding: 'json',
      auth_location: 'header',
      payload_template: { name: '{name}', phone: '{phone}', s9: '{sub9}' },
    });
    expect(pushing.id).toBeDefined();
    const hosted = await makeOffer(t, token, { advertiser_id: pushing.id, geo: '' });
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const site = await t.call('POST', '/api/admin/sites', {
      token,
      body: {
        offer_id: hosted.id,
        name: 'Ten subs',
        files: [{ path: 'index.html', content_base64: b64('<p>{sub6}|{sub10}</p>') }],
      },
    });
    expect(site.status, site.text).toBe(201);
    await t.call('PATCH', `/api/admin/offers/${hosted.id}`, {
      token,
      body: { landing_url: site.body.landing_url },
    });
    const { location, clickId } = await visit(
      `/click?offer_id=${hosted.id}&pub_id=${pub.id}&${subsQuery('h')}`,
    );
    const page = await t.call('GET', `${location.pathname}${location.search}`);
    expect(page.text).toContain('<p>h6|h10</p>');

    const lead = await t.call('POST', '/api/lead', {
      body: { click_id: clickId, name: 'Meera', phone: '+919876500013' },
    });
    expect(lead.status, lead.text).toBe(201);
    const before = tracker.requests.length;
    while ((await worker.runOnce()) > 0) {}
    const pushes = tracker.requests.slice(before).filter((r) => r.url === '/lead/add');
    expect(pushes.map((r) => JSON.parse(r.body))).toEqual([
      { name: 'Meera', phone: '+919876500013', s9: 'h9' },
    ]);
  });
});
