import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Seed 004 "let your tracker pull conversions" (issue 22, item 1): one row per conversion, paged
// by (last change, id), by the same token, limits and isolation as the aggregate stats API.
let t: TestApp;
let net: Network;
let statsToken: string;
const T0 = '2026-06-01T10:00:00.000Z';
const SETTLE_MS = 10_000;

const pull = (query: string, token = statsToken) =>
  t.call('GET', `/api/affiliate/stats-api/conversions?token=${token}${query ? `&${query}` : ''}`);

/** Every row from `query` on, page by page; the pages' sizes and the ids in order. */
async function walk(query: string, limit: number) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const r = await pull(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status, r.text).toBe(200);
    ids.push(...r.body.data.map((row: { id: string }) => row.id));
    sizes.push(r.body.data.length);
    cursor = r.body.next_cursor;
    if (!r.body.has_more) return { ids, sizes, cursor };
  }
  throw new Error('paging never ended');
}

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  t.clock.set(T0);
  net = await makeNetwork(t);
  const generated = await t.call('POST', '/api/publisher/stats-token', { token: net.publisher.token });
  statsToken = generated.body.token;
  expect(generated.body.conversions_url).toContain(
    `/api/affiliate/stats-api/conversions?token=${statsToken}`,
  );
});
afterAll(() => t.close());

describe('GET /api/affiliate/stats-api/conversions', () => {
  it('answers one row per conversion with click id, subs, offer, status, payout, txid and times', async () => {
    const click = await makeClick(t, net, '-a&sub2=adset%202');
    const token = net.advertiser.postback_token;
    await postback(t, { click_id: click, status: 'approved', token });
    // Another publisher's conversion on the same offer never shows.
    const other = await makePublisher(t, net.token);
    await postback(t, {
      click_id: await makeClick(t, { offer: net.offer, publisher: other }),
      status: 'approved',
      token,
    });
    const saas = await makeOffer(t, net.token, {
      advertiser_id: net.advertiser.id,
      geo: '',
      goals: [{ key: 'sale', adv_payout: '10.00', pub_payout: '6.00' }],
    });
    const sale = await t.call('POST', '/api/ingest/conversion', {
      headers: { 'x-offer-key': saas.ingest_key },
      body: {
        click_id: await makeClick(t, { offer: saas, publisher: net.publisher }, '-b'),
        event: 'sale',
        external_payment_id: 'pi_row_1',
        gross_amount: 20,
      },
    });
    expect(sale.status, sale.text).toBe(200);

    // A change is served once it is 10 seconds old (a transaction still committing is never skipped).
    expect((await pull('')).body.data).toEqual([]);
    t.clock.advance(SETTLE_MS + 1000);
    const r = await pull('');
    expect(r.status).toBe(200);
    const [approved, paid] = r.body.data;
    expect(r.body.data).toHaveLength(2);
    const lead = await t.ctx.db
      .selectFrom('leads')
      .select('id')
      .where('click_id', '=', click)
      .executeTakeFirstOrThrow();
    expect(approved).toEqual({
      id: expect.any(String),
      click_id: click,
      offer_id: net.offer.id,
      goal: null,
      event: null,
      status: 'approved',
      payout: '7.50',
      currency: 'USD',
      txid: lead.id,
      payment_id: null,
      sub1: 'camp-a',
      sub2: 'adset 2',
      sub3: null,
      sub4: null,
      sub5: null,
      sub6: null,
      sub7: null,
      sub8: null,
      sub9: null,
      sub10: null,
      created_at: T0,
      updated_at: T0,
    });
    expect(paid).toMatchObject({
      offer_id: saas.id,
      goal: 'sale',
      event: 'sale',
      status: 'approved',
      payout: '6.00',
      txid: 'pi_row_1',
      payment_id: 'pi_row_1',
      sub1: 'camp-b',
    });
    expect(r.body).toMatchObject({ has_more: false, since: null, until: '2026-06-01T10:00:01.000Z' });
    expect(typeof r.body.next_cursor).toBe('string');

    // By offer; and the other publisher's own token sees only its own row.
    expect((await pull(`offer=${saas.id}`)).body.data.map((x: { id: string }) => x.id)).toEqual([paid.id]);
    const otherToken = (await t.call('POST', '/api/publisher/stats-token', { token: other.token })).body
      .token;
    const theirs = (await pull('', otherToken)).body.data;
    expect(theirs).toHaveLength(1);
    expect(theirs[0].id).not.toBe(approved.id);
    expect(theirs[0].id).not.toBe(paid.id);
  });

  it('pages across equal times by id, each row once, and brings a changed row again at the end', async () => {
    t.clock.set('2026-06-02T08:00:00.000Z');
    const token = net.advertiser.postback_token;
    const clicks: string[] = [];
    for (let i = 0; i < 5; i++) {
      const click = await makeClick(t, net, `-same${i}`);
      clicks.push(click);
      await postback(t, { click_id: click, status: 'pending', token });
    }
    t.clock.advance(SETTLE_MS + 1000);
    const since = 'since=2026-06-02';
    const all = (await pull(`${since}&limit=1000`)).body.data;
    expect(all).toHaveLength(5);
    expect(new Set(all.map((r: { updated_at: string }) => r.updated_at))).toEqual(
      new Set(['2026-06-02T08:00:00.000Z']),
    );
    const inOrder = all.map((r: { id: string }) => r.id);
    expect([...inOrder].sort()).toEqual(inOrder);

    const first = await walk(since, 2);
    expect(first.sizes).toEqual([2, 2, 1]);
    expect(first.ids).toEqual(inOrder);

    // Nothing new: the kept cursor answers nothing, and gives itself back.
    const idle = await pull(`cursor=${first.cursor}`);
    expect(idle.body).toMatchObject({ data: [], has_more: false, next_cursor: first.cursor });

    // The second lead is approved later: its row comes again after the cursor, with its new status.
    t.clock.advance(60_000);
    await postback(t, { click_id: clicks[1], status: 'approved', token });
    t.clock.advance(SETTLE_MS + 1000);
    const next = await pull(`cursor=${first.cursor}`);
    expect(next.body.data.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [inOrder[1], 'approved'],
    ]);

    // since / until bound the last change: until is exclusive.
    expect((await pull(`${since}&until=2026-06-02T08:00:00Z`)).body.data).toEqual([]);
    expect((await pull(`${since}&until=2026-06-02T08:00:00.001Z`)).body.data).toHaveLength(4);
  });

  it('answers CSV with a fixed header, the cursor in headers, and no cell a spreadsheet would run', async () => {
    t.clock.set('2026-06-03T09:00:00.000Z');
    const evil = `&sub2=${encodeURIComponent('=HYPERLINK("http://evil.example","x")')}&sub3=${encodeURIComponent("-2+3+cmd|' /C calc'!A0")}&sub4=${encodeURIComponent('@SUM(A1)')}&sub5=${encodeURIComponent('+1,"quoted"')}`;
    const click = await makeClick(t, net, evil);
    await postback(t, { click_id: click, status: 'approved', token: net.advertiser.postback_token });
    t.clock.advance(SETTLE_MS + 1000);
    const r = await pull('since=2026-06-03&format=csv&limit=1');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['x-has-more']).toBe('false');
    const json = await pull('since=2026-06-03&limit=1');
    expect(r.headers['x-next-cursor']).toBe(json.body.next_cursor);
    const [header, line, end] = r.text.split('\r\n');
    expect(header).toBe(
      '\uFEFFid,click_id,offer_id,goal,event,status,payout,currency,txid,payment_id,sub1,sub2,sub3,sub4,sub5,sub6,sub7,sub8,sub9,sub10,created_at,updated_at',
    );
    const row = json.body.data[0];
    expect(line).toBe(
      [
        row.id,
        click,
        net.offer.id,
        '',
        '',
        'approved',
        '7.50',
        'USD',
        row.txid,
        '',
        'camp',
        `"'=HYPERLINK(""http://evil.example"",""x"")"`,
        "'-2+3+cmd|' /C calc'!A0",
        "'@SUM(A1)",
        `"'+1,""quoted"""`,
        '',
        '',
        '',
        '',
        '',
        '2026-06-03T09:00:00.000Z',
        '2026-06-03T09:00:00.000Z',
      ].join(','),
    );
    expect(end).toBe('');
  });

  it('refuses a bad token, a suspended publisher, a foreign cursor, bad times and too big a page', async () => {
    expect((await pull('', 'not-a-real-token')).status).toBe(403);
    expect((await pull('cursor=bm90LWEtY3Vyc29y')).status).toBe(422);
    expect((await pull('since=2026-02-30')).status).toBe(422);
    expect((await pull('since=2026-06-01T10:00:00')).status).toBe(422);
    expect((await pull('since=2026-06-02&until=2026-06-01')).status).toBe(422);
    expect((await pull('limit=1001')).status).toBe(400);
    expect((await pull('group=day')).status).toBe(400);
    await t.call('PATCH', `/api/admin/publishers/${net.publisher.id}`, {
      token: net.token,
      body: { status: 'suspended' },
    });
    expect((await pull('')).status).toBe(403);
    await t.call('PATCH', `/api/admin/publishers/${net.publisher.id}`, {
      token: net.token,
      body: { status: 'approved' },
    });
    expect((await pull('')).status).toBe(200);
  });

  it('is rate-limited per token like the stats', async () => {
    const fresh = (await t.call('POST', '/api/publisher/stats-token', { token: net.publisher.token })).body
      .token;
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) statuses.push((await pull('limit=1', fresh)).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
  });
});

describe('GET /api/affiliate/stats-api (aggregates) as CSV', () => {
  it('does not let a sub1 that starts like a negative number run as a formula', async () => {
    t.clock.set('2026-06-04T09:00:00.000Z');
    const pub = await makePublisher(t, net.token);
    const sub1 = "-2+3+cmd|' /C calc'!A0";
    const click = await t.call(
      'GET',
      `/click?offer_id=${net.offer.id}&pub_id=${pub.id}&sub1=${encodeURIComponent(sub1)}`,
      { headers: { 'x-forwarded-for': '8.200.1.1', 'user-agent': 'Mozilla/5.0 Chrome/126.0' } },
    );
    expect(click.status).toBe(302);
    await t.ctx.clickWriter.flush();
    const token = (await t.call('POST', '/api/publisher/stats-token', { token: pub.token })).body.token;
    const r = await t.call(
      'GET',
      `/api/affiliate/stats-api?token=${token}&from=2026-06-04&to=2026-06-04&group=sub1&format=csv`,
    );
    expect(r.text.split('\r\n')[1]).toBe(`'${sub1},USD,1,1,0,0,0.00,0.00`);
  });
});
