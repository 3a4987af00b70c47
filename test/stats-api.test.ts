import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
let statsToken: string;
const day1 = '2026-06-01';
const day2 = '2026-06-02';

async function lead(clickId: string, phone: string) {
  const r = await t.call('POST', '/api/lead', {
    body: { click_id: clickId, name: 'Lead', phone },
    headers: { 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
  });
  if (r.status !== 201) throw new Error(r.text);
  return r.body;
}

/** Known data: day 1 — 3 clicks (sub1 a, a, b), 2 leads, 1 approved at 7.50; day 2 — 1 click, 1 lead on hold. */
beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
  const token = net.advertiser.postback_token;
  t.clock.set(`${day1}T10:00:00Z`);
  const c1 = await makeClick(t, net, '-a');
  const c2 = await makeClick(t, net, '-a');
  await makeClick(t, net, '-b');
  await lead(c1, '+919876543210');
  await lead(c2, '+919876543211');
  await postback(t, { click_id: c1, status: 'approved', token });
  t.clock.set(`${day2}T10:00:00Z`);
  const c4 = await makeClick(t, net, '-b');
  await lead(c4, '+919876543212');
  await postback(t, { click_id: c4, status: 'hold', token });
  // Another publisher's traffic must never show.
  const other = await makePublisher(t, net.token);
  await makeClick(t, { offer: net.offer, publisher: other });
  await t.ctx.clickWriter.flush();
  const generated = await t.call('POST', '/api/publisher/stats-token', { token: net.publisher.token });
  statsToken = generated.body.token;
  expect(generated.body.stats_url).toContain(`/api/affiliate/stats-api?token=${statsToken}`);
});
afterAll(() => t.close());

describe('GET /api/affiliate/stats-api', () => {
  it('answers per day with clicks, unique clicks, leads, approved, payout and EPC (hold counts as money)', async () => {
    const r = await t.call('GET', `/api/affiliate/stats-api?token=${statsToken}&from=${day1}&to=${day2}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      group: 'day',
      tz: 'UTC',
      from: day1,
      to: day2,
      data: [
        {
          key: day1,
          currency: 'USD',
          clicks: 3,
          unique_clicks: 3,
          leads: 2,
          approved: 1,
          payout: '7.50',
          epc: '2.50',
        },
        {
          key: day2,
          currency: 'USD',
          clicks: 1,
          unique_clicks: 1,
          leads: 1,
          approved: 0,
          payout: '7.50',
          epc: '7.50',
        },
      ],
    });
  });

  it('groups by sub1 and by offer, filters by offer', async () => {
    const bySub = await t.call(
      'GET',
      `/api/affiliate/stats-api?token=${statsToken}&from=${day1}&to=${day2}&group=sub1`,
    );
    expect(bySub.body.data.map((r: any) => [r.key, r.clicks, r.leads, r.payout])).toEqual([
      ['camp-a', 2, 2, '7.50'],
      ['camp-b', 2, 1, '7.50'],
    ]);
    const byOffer = await t.call(
      'GET',
      `/api/affiliate/stats-api?token=${statsToken}&from=${day1}&to=${day2}&group=offer&offer=${net.offer.id}`,
    );
    expect(byOffer.body.data).toEqual([
      {
        key: net.offer.id,
        currency: 'USD',
        clicks: 4,
        unique_clicks: 4,
        leads: 3,
        approved: 1,
        payout: '15.00',
        epc: '3.75',
      },
    ]);
    const none = await t.call(
      'GET',
      `/api/affiliate/stats-api?token=${statsToken}&from=${day1}&to=${day2}&offer=999999`,
    );
    expect(none.body.data).toEqual([]);
  });

  it('answers CSV that a spreadsheet opens as is', async () => {
    const r = await t.call(
      'GET',
      `/api/affiliate/stats-api?token=${statsToken}&from=${day1}&to=${day2}&format=csv`,
    );
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.text).toBe(
      `\uFEFFday,currency,clicks,unique_clicks,leads,approved,payout,epc\r\n${day1},USD,3,3,2,1,7.50,2.50\r\n${day2},USD,1,1,1,0,7.50,7.50\r\n`,
    );
  });

  it('refuses a revoked or unknown token, a suspended publisher, and bad ranges', async () => {
    expect((await t.call('GET', '/api/affiliate/stats-api?token=not-a-real-token')).status).toBe(403);
    const range = (q: string) => t.call('GET', `/api/affiliate/stats-api?token=${statsToken}&${q}`);
    expect((await range('from=2026-06-02&to=2026-06-01')).status).toBe(422);
    expect((await range('from=2025-01-01&to=2026-06-01')).status).toBe(422);
    expect((await range('format=xml')).status).toBe(400);
    const rotated = await t.call('POST', '/api/publisher/stats-token', { token: net.publisher.token });
    expect((await t.call('GET', `/api/affiliate/stats-api?token=${statsToken}`)).status).toBe(403);
    expect((await t.call('GET', `/api/affiliate/stats-api?token=${rotated.body.token}`)).status).toBe(200);
    await t.call('PATCH', `/api/admin/publishers/${net.publisher.id}`, {
      token: net.token,
      body: { status: 'suspended' },
    });
    expect((await t.call('GET', `/api/affiliate/stats-api?token=${rotated.body.token}`)).status).toBe(403);
    await t.call('PATCH', `/api/admin/publishers/${net.publisher.id}`, {
      token: net.token,
      body: { status: 'approved' },
    });
    await t.call('DELETE', '/api/publisher/stats-token', { token: net.publisher.token });
    expect((await t.call('GET', `/api/affiliate/stats-api?token=${rotated.body.token}`)).status).toBe(403);
  });

  it('is rate-limited per token', async () => {
    const fresh = await t.call('POST', '/api/publisher/stats-token', { token: net.publisher.token });
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++)
      statuses.push(
        (await t.call('GET', `/api/affiliate/stats-api?token=${fresh.body.token}&from=${day1}&to=${day1}`))
          .status,
      );
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
  });
});
