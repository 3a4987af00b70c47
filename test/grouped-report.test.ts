import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** The grouped report (issue 21): several groupings, drill-down filters, the previous period, the portal's own. */
let t: TestApp;
let owner: string;
let publisherA: { id: string; token: string };
let publisherB: { id: string; token: string };
let offerId: string;

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
let n = 0;

async function click(publisherId: string, at: string, ua: string, sub2: string): Promise<string> {
  const id = `click${String(++n).padStart(8, '0')}`;
  await t.ctx.db
    .insertInto('clicks')
    .values({
      id,
      created_at: at,
      source: 'link',
      offer_id: Number(offerId),
      publisher_id: Number(publisherId),
      flow_id: null,
      status: 'accepted',
      reject_reason: null,
      is_unique: 1,
      ip: `49.36.0.${n}`,
      country: 'IN',
      user_agent: ua,
      referer: null,
      sub1: null,
      sub2,
      sub3: null,
      sub4: null,
      sub5: null,
      fbclid: null,
      gclid: null,
      params: '{}',
      destination: `https://lander.test/keto?click_id=${id}`,
    })
    .execute();
  return id;
}

async function lead(clickId: string): Promise<string> {
  const answer = await submitLead(t, { click_id: clickId, name: 'Asha', phone: nextPhone() });
  expect(answer.status, answer.text).toBeLessThan(300);
  return answer.body.id;
}

const report = (query: string, token = owner) =>
  t.call('GET', `/api/admin/reports/grouped?${query}`, { token });
const portal = (query: string, token: string) =>
  t.call('GET', `/api/publisher/reports/grouped?${query}`, { token });

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.adminToken();
  const advertiser = await makeAdvertiser(t, owner);
  const offer = await makeOffer(t, owner, {
    advertiser_id: advertiser.id,
    adv_payout: '10.00',
    pub_payout: '6.00',
    currency: 'USD',
    geo: '',
  });
  offerId = offer.id;
  publisherA = await makePublisher(t, owner, { name: 'Alpha Media' });
  publisherB = await makePublisher(t, owner, { name: 'Beta Ads' });
  // The day before: two clicks of A, for the previous period.
  await click(publisherA.id, '2026-05-31T09:00:00.000Z', ANDROID, 'fb');
  await click(publisherA.id, '2026-05-31T10:00:00.000Z', ANDROID, 'fb');
  // The day: A has 3 phone clicks (sub2 fb) and 1 desktop (gg); B has 2 phone clicks (fb).
  const a = [];
  for (let i = 0; i < 3; i++) a.push(await click(publisherA.id, '2026-06-01T08:00:00.000Z', ANDROID, 'fb'));
  const desktop = await click(publisherA.id, '2026-06-01T09:30:00.000Z', WINDOWS, 'gg');
  const b = [await click(publisherB.id, '2026-06-01T10:00:00.000Z', ANDROID, 'fb')];
  b.push(await click(publisherB.id, '2026-06-01T10:05:00.000Z', ANDROID, 'fb'));
  const approve = [await lead(a[0] as string), await lead(b[0] as string)];
  await lead(a[1] as string);
  await lead(desktop);
  const answer = await t.call('POST', '/api/admin/leads/bulk', {
    token: owner,
    body: { ids: approve, action: 'status', status: 'approved', reason: 'ok' },
  });
  expect(answer.body.changed).toBe(2);
}, 120_000);
afterAll(() => t.close());

describe('the grouped report', () => {
  it('groups by two at once with every column, the previous period beside', async () => {
    const answer = await report('from=2026-06-01&to=2026-06-01&group_by=device,sub2');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.data.map((r: { keys: string[] }) => r.keys)).toEqual([
      ['desktop', 'gg'],
      ['mobile', 'fb'],
    ]);
    const mobile = answer.body.data[1];
    expect(mobile).toMatchObject({
      currency: 'USD',
      clicks: 5,
      unique_clicks: 5,
      leads: 3,
      cr: 60,
      approved: 2,
      approval: 66.67,
      epc: '4.00',
      revenue: '20.00',
      payout: '12.00',
      profit: '8.00',
      roi: 66.67,
    });
    expect(mobile.previous).toMatchObject({ clicks: 2, leads: 0, revenue: '0.00' });
    expect(answer.body.totals[0]).toMatchObject({ clicks: 6, leads: 4, revenue: '20.00' });
    expect(answer.body.totals[0].previous.clicks).toBe(2);
    expect(answer.body.previous).toEqual({
      from: '2026-05-31T00:00:00.000Z',
      to: '2026-06-01T00:00:00.000Z',
    });
  });

  it('drills down: a row value becomes a filter, the next grouping splits it', async () => {
    const byPublisher = await report('from=2026-06-01&to=2026-06-01&group_by=publisher,os&f_device=mobile');
    expect(
      byPublisher.body.data.map((r: { labels: string[]; clicks: number }) => [...r.labels, r.clicks]),
    ).toEqual([
      ['Alpha Media', 'Android', 3],
      ['Beta Ads', 'Android', 2],
    ]);
    const drilled = await report(
      `from=2026-06-01&to=2026-06-01&group_by=landing,sub2&f_device=mobile&f_publisher=${publisherA.id}`,
    );
    expect(drilled.body.data).toHaveLength(1);
    expect(drilled.body.data[0]).toMatchObject({
      keys: ['https://lander.test/keto', 'fb'],
      clicks: 3,
      leads: 2,
      approved: 1,
      revenue: '10.00',
    });
    // Hour of day in the report's zone: clicks at 08 and 09 UTC, leads at noon (when they came).
    const hours = await report(
      `from=2026-06-01&to=2026-06-01&group_by=hour&f_publisher=${publisherA.id}&tz=Europe/Madrid`,
    );
    expect(
      hours.body.data.map((r: { keys: string[]; clicks: number; leads: number }) => [
        r.keys[0],
        r.clicks,
        r.leads,
      ]),
    ).toEqual([
      ['10', 3, 0],
      ['11', 1, 0],
      ['14', 0, 3],
    ]);
  });

  it('answers CSV with the previous period beside, text-safe', async () => {
    const csv = await report('from=2026-06-01&to=2026-06-01&group_by=sub2&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'sub2,currency,clicks,unique_clicks,leads,cr,approved,approval,epc,revenue,payout,profit,roi,previous_clicks,previous_unique_clicks,previous_leads,previous_cr,previous_approved,previous_approval,previous_epc,previous_revenue,previous_payout,previous_profit,previous_roi',
    );
    expect(lines[1]?.startsWith('fb,USD,5,5,3,60,2,66.67,4.00,20.00,12.00,8.00,66.67,2,2,0,')).toBe(true);
    expect(lines.at(-1)?.startsWith('Total,USD,6,')).toBe(true);
  });

  it('refuses more than three groupings, an unknown one and a repeated one', async () => {
    expect((await report('from=2026-06-01&to=2026-06-01&group_by=date,offer,country,sub1')).status).toBe(400);
    expect((await report('from=2026-06-01&to=2026-06-01&group_by=planet')).status).toBe(400);
    expect((await report('from=2026-06-01&to=2026-06-01&group_by=offer,offer')).status).toBe(422);
  });
});

describe("the portal's grouped report", () => {
  it('shows a publisher only their own traffic and payout, never revenue or profit', async () => {
    const answer = await portal('from=2026-06-01&to=2026-06-01&group_by=device', publisherA.token);
    expect(answer.status, answer.text).toBe(200);
    const mobile = answer.body.data.find((r: { keys: string[] }) => r.keys[0] === 'mobile');
    expect(mobile).toMatchObject({ clicks: 3, leads: 2, approved: 1, payout: '6.00', epc: '2.00' });
    expect(mobile).not.toHaveProperty('revenue');
    expect(mobile).not.toHaveProperty('profit');
    expect(mobile).not.toHaveProperty('roi');
    expect(answer.body.totals[0].clicks).toBe(4);
    const own = await portal('from=2026-06-01&to=2026-06-01&group_by=offer', publisherB.token);
    expect(own.body.totals[0].clicks).toBe(2);
  });

  it('refuses grouping or filtering by publisher or advertiser in the portal, and CSV has no revenue', async () => {
    expect((await portal('from=2026-06-01&to=2026-06-01&group_by=publisher', publisherA.token)).status).toBe(
      400,
    );
    expect(
      (
        await portal(
          `from=2026-06-01&to=2026-06-01&group_by=offer&f_publisher=${publisherB.id}`,
          publisherA.token,
        )
      ).status,
    ).toBe(400);
    const csv = await portal('from=2026-06-01&to=2026-06-01&group_by=sub2&format=csv', publisherA.token);
    expect(csv.text.split('\r\n')[0]).not.toContain('revenue');
    expect(csv.text).not.toContain('profit');
    // The admin route is not reachable with a publisher's session.
    expect([401, 403]).toContain(
      (await report('from=2026-06-01&to=2026-06-01&group_by=sub2', publisherA.token)).status,
    );
  });
});
