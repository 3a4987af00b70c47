import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Leads (each with its click) at instants near midnight in one zone or another, to see every report
 * count them in the chosen zone's local days. New York moves to daylight time at 2026-03-08T07:00Z.
 *
 * | lead | UTC instant       | UTC   | Asia/Tokyo | America/New_York | Asia/Kolkata |
 * |------|-------------------|-------|------------|------------------|--------------|
 * | E    | 2026-03-07T14:30Z | 03-07 | 03-07      | 03-07            | 03-07        |
 * | A ✓  | 2026-03-07T15:30Z | 03-07 | 03-08      | 03-07            | 03-07        |
 * | D    | 2026-03-07T18:45Z | 03-07 | 03-08      | 03-07            | 03-08        |
 * | B    | 2026-03-08T04:30Z | 03-08 | 03-08      | 03-07 (23:30)    | 03-08        |
 * | C    | 2026-03-08T05:30Z | 03-08 | 03-08      | 03-08 (00:30)    | 03-08        |
 * | G ✓  | 2026-03-08T20:00Z | 03-08 | 03-09 Mon  | 03-08            | 03-09        |
 * | H    | 2026-03-31T04:30Z | 03-31 | 03-31      | 03-31 (00:30)    | 03-31        |
 * | F    | 2026-03-31T16:00Z | 03-31 | 04-01      | 03-31            | 03-31        |
 *
 * ✓: approved at the same instant (10.00 to the network, 7.50 to the publisher).
 */
let t: TestApp;
let net: Network;
let admin: string;
let phone = 919876540000;
const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36';

async function leadAt(instant: string, approve = false) {
  t.clock.set(instant);
  const click = await makeClick(t, net);
  phone += 1;
  const r = await t.call('POST', '/api/lead', {
    body: { click_id: click, name: 'Lead', phone: `+${phone}` },
    headers: { 'user-agent': BROWSER },
  });
  if (r.status !== 201) throw new Error(r.text);
  if (approve) {
    const p = await postback(t, {
      click_id: click,
      status: 'approved',
      token: net.advertiser.postback_token,
    });
    expect(p.status, p.text).toBe(200);
  }
}

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' }, clock: new ManualClock('2026-03-01T00:00:00.000Z') });
  net = await makeNetwork(t);
  await leadAt('2026-03-07T14:30:00.000Z');
  await leadAt('2026-03-07T15:30:00.000Z', true);
  await leadAt('2026-03-07T18:45:00.000Z');
  await leadAt('2026-03-08T04:30:00.000Z');
  await leadAt('2026-03-08T05:30:00.000Z');
  await leadAt('2026-03-08T20:00:00.000Z', true);
  await leadAt('2026-03-31T04:30:00.000Z');
  await leadAt('2026-03-31T16:00:00.000Z');
  await t.ctx.clickWriter.flush();
  // 12:00 in Tokyo on Monday 03-09; still Sunday 03-08 (23:00) in New York.
  t.clock.set('2026-03-09T03:00:00.000Z');
  admin = await t.adminToken({ fresh: true });
});
afterAll(() => t.close());

const get = (url: string, token = admin) => t.call('GET', url, { token });

describe('conversion statistics in a time zone', () => {
  const days = async (tz: string, q = 'from=2026-03-07&to=2026-03-08') => {
    const r = await get(`/api/admin/reports/conversion-stats?${q}&tz=${encodeURIComponent(tz)}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.tz).toBe(tz);
    return r.body.data.map((row: { key: string; total: { qty: number } }) => [row.key, row.total.qty]);
  };

  it('puts leads near midnight in the local day of the zone', async () => {
    expect(await days('UTC')).toEqual([
      ['2026-03-07', 3],
      ['2026-03-08', 3],
    ]);
    expect(await days('Asia/Tokyo')).toEqual([
      ['2026-03-07', 1],
      ['2026-03-08', 4],
    ]);
    expect(await days('America/New_York')).toEqual([
      ['2026-03-07', 4],
      ['2026-03-08', 2],
    ]);
    expect(await days('Asia/Kolkata')).toEqual([
      ['2026-03-07', 2],
      ['2026-03-08', 3],
    ]);
  });

  it('bounds from and to by local midnight, a 23-hour day in New York included', async () => {
    // New York's 03-08 runs from 05:00Z to 04:00Z next day: C and G, not B at 04:30Z.
    expect(await days('America/New_York', 'from=2026-03-08&to=2026-03-08')).toEqual([['2026-03-08', 2]]);
    expect(await days('Asia/Tokyo', 'from=2026-03-09&to=2026-03-09')).toEqual([['2026-03-09', 1]]);
    expect(await days('UTC', 'from=2026-03-09&to=2026-03-09')).toEqual([]);
  });

  it('reads each day at the offset of its side of a daylight-saving change', async () => {
    // H, at 00:30 EDT, would be 23:30 on 03-30 at New York's winter offset.
    expect(await days('America/New_York', 'from=2026-03-01&to=2026-03-31')).toEqual([
      ['2026-03-07', 4],
      ['2026-03-08', 2],
      ['2026-03-31', 2],
    ]);
  });

  it('names weeks by their local Monday and months by the local month', async () => {
    const weeks = 'from=2026-03-02&to=2026-04-05&granularity=week';
    expect(await days('UTC', weeks)).toEqual([
      ['2026-03-02', 6],
      ['2026-03-30', 2],
    ]);
    expect(await days('Asia/Tokyo', weeks)).toEqual([
      ['2026-03-02', 5],
      ['2026-03-09', 1],
      ['2026-03-30', 2],
    ]);
    const months = 'from=2026-03-01&to=2026-04-30&granularity=month';
    expect(await days('UTC', months)).toEqual([['2026-03', 8]]);
    expect(await days('America/New_York', months)).toEqual([['2026-03', 8]]);
    expect(await days('Asia/Tokyo', months)).toEqual([
      ['2026-03', 7],
      ['2026-04', 1],
    ]);
  });

  it('defaults to the last 7 days ending today in the zone, also in the TSV export', async () => {
    const r = await get('/api/admin/reports/conversion-stats?tz=Asia/Tokyo');
    expect([r.body.from, r.body.to]).toEqual(['2026-03-03', '2026-03-09']);
    const ny = await get('/api/admin/reports/conversion-stats?tz=America/New_York');
    expect([ny.body.from, ny.body.to]).toEqual(['2026-03-02', '2026-03-08']);
    const tsv = await get(
      '/api/admin/reports/conversion-stats?from=2026-03-07&to=2026-03-08&tz=Asia/Tokyo&format=tsv',
    );
    expect(tsv.status).toBe(200);
    expect(tsv.text.split('\r\n').map((line) => line.split('\t').slice(0, 2))).toEqual([
      ['Date', 'Total Qty'],
      ['2026-03-07', '1'],
      ['2026-03-08', '4'],
      [''],
    ]);
  });
});

describe('the dashboard in a time zone', () => {
  const dashboard = async (period: string, tz?: string) => {
    const r = await get(`/api/admin/dashboard?period=${period}${tz ? `&tz=${encodeURIComponent(tz)}` : ''}`);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };

  it('counts today in Tokyo from local midnight: the lead of 20:00 UTC yesterday is in it', async () => {
    const tokyo = await dashboard('today', 'Asia/Tokyo');
    expect(tokyo).toMatchObject({
      tz: 'Asia/Tokyo',
      from: '2026-03-08T15:00:00.000Z',
      to: '2026-03-09T15:00:00.000Z',
      clicks: 1,
      leads: 1,
      conversions: 1,
      money: [{ currency: 'USD', revenue: '10.00', publisher_payouts: '7.50', profit: '2.50', epc: '10.00' }],
    });
    expect(tokyo.series.map((d: { day: string }) => d.day)).toEqual(['2026-03-09']);
    const utc = await dashboard('today');
    expect(utc).toMatchObject({
      tz: 'UTC',
      from: '2026-03-09T00:00:00.000Z',
      clicks: 0,
      leads: 0,
      money: [],
    });
  });

  it('counts New York’s today as its 23-hour Sunday', async () => {
    const ny = await dashboard('today', 'America/New_York');
    expect(ny).toMatchObject({
      from: '2026-03-08T05:00:00.000Z',
      to: '2026-03-09T04:00:00.000Z',
      leads: 2,
      conversions: 1,
    });
    expect(ny.series).toEqual([
      {
        day: '2026-03-08',
        clicks: 2,
        rejected_clicks: 0,
        leads: 2,
        conversions: 1,
        hold: 0,
        money: [{ currency: 'USD', revenue: '10.00', publisher_payouts: '7.50', profit: '2.50' }],
      },
    ]);
  });

  it('draws each day of the series in the zone, money on the local day it was posted', async () => {
    const perDay = (body: { series: { day: string; leads: number; money: { revenue: string }[] }[] }) =>
      body.series.slice(-3).map((d) => [d.day, d.leads, d.money.map((m) => m.revenue).join()]);
    expect(perDay(await dashboard('7d', 'UTC'))).toEqual([
      ['2026-03-07', 3, '10.00'],
      ['2026-03-08', 3, '10.00'],
      ['2026-03-09', 0, ''],
    ]);
    expect(perDay(await dashboard('7d', 'Asia/Tokyo'))).toEqual([
      ['2026-03-07', 1, ''],
      ['2026-03-08', 4, '10.00'],
      ['2026-03-09', 1, '10.00'],
    ]);
    expect(perDay(await dashboard('7d', 'Asia/Kolkata'))).toEqual([
      ['2026-03-07', 2, '10.00'],
      ['2026-03-08', 3, ''],
      ['2026-03-09', 1, '10.00'],
    ]);
    // In a report currency the money is the same, converted from USD at 1.
    const euro = await get('/api/admin/dashboard?period=today&tz=Asia/Tokyo&currency=USD');
    expect(euro.body.series[0].money).toEqual([
      { currency: 'USD', revenue: '10.00', publisher_payouts: '7.50', profit: '2.50' },
    ]);
  });
});

describe('the custom report and publisher stats in a time zone', () => {
  it('groups the custom report by local day, money on the day it was posted', async () => {
    const r = await get('/api/admin/reports/custom?from=2026-03-07&to=2026-03-08&tz=Asia/Tokyo');
    expect(r.status, r.text).toBe(200);
    expect(r.body.tz).toBe('Asia/Tokyo');
    expect(
      r.body.data.map((d: { key: string; leads: number; revenue: string }) => [d.key, d.leads, d.revenue]),
    ).toEqual([
      ['2026-03-07', 1, '0.00'],
      ['2026-03-08', 4, '10.00'],
    ]);
  });

  it('answers the portal and the stats API by the publisher’s local days', async () => {
    const portal = await get(
      '/api/publisher/stats?from=2026-03-07&to=2026-03-08&tz=America/New_York',
      net.publisher.token,
    );
    expect(portal.status, portal.text).toBe(200);
    expect(
      portal.body.data.map((d: { key: string; clicks: number; leads: number; payout: string }) => [
        d.key,
        d.clicks,
        d.leads,
        d.payout,
      ]),
    ).toEqual([
      ['2026-03-07', 4, 4, '7.50'],
      ['2026-03-08', 2, 2, '7.50'],
    ]);
    // The default range is the 30 days ending today in the zone.
    const tokyo = await get('/api/publisher/stats?tz=Asia/Tokyo', net.publisher.token);
    expect([tokyo.body.tz, tokyo.body.from, tokyo.body.to]).toEqual([
      'Asia/Tokyo',
      '2026-02-08',
      '2026-03-09',
    ]);
    expect(tokyo.body.data.map((d: { key: string; leads: number }) => [d.key, d.leads])).toEqual([
      ['2026-03-07', 1],
      ['2026-03-08', 4],
      ['2026-03-09', 1],
    ]);
  });
});

describe('finance in a time zone', () => {
  it('invoices the revenue posted on local days of the zone', async () => {
    const revenue = async (day: string, tz: string) => {
      const r = await get(`/api/admin/finance?from=${day}&to=${day}&tz=${tz}`);
      expect(r.status, r.text).toBe(200);
      expect(r.body.tz).toBe(tz);
      return r.body.advertisers.map((a: { conversions: number; revenue: string }) => [
        a.conversions,
        a.revenue,
      ]);
    };
    // The approval of 03-07 15:30 UTC is 03-07 in UTC but 03-08 00:30 in Tokyo.
    expect(await revenue('2026-03-07', 'UTC')).toEqual([[1, '10.00']]);
    expect(await revenue('2026-03-07', 'Asia/Tokyo')).toEqual([]);
    // 03-08 in Tokyo has that approval; 03-08 20:00 UTC is already 03-09 there.
    expect(await revenue('2026-03-08', 'Asia/Tokyo')).toEqual([[1, '10.00']]);
    const r = await get('/api/admin/finance?from=2026-03-08&to=2026-03-08&tz=Asia/Tokyo');
    expect(r.body.from).toBe('2026-03-07T15:00:00.000Z');
  });
});

describe('a bad time zone', () => {
  it('is a 400 naming tz on every report', async () => {
    for (const url of [
      '/api/admin/dashboard?tz=Mars/Olympus',
      '/api/admin/reports/conversion-stats?tz=Asia/Nowhere',
      '/api/admin/reports/conversion-stats?tz=%2B05:30&format=tsv',
      '/api/admin/reports/custom?from=2026-03-07&to=2026-03-08&tz=UTC%27--',
      '/api/admin/finance?tz=Mars/Olympus',
    ]) {
      const r = await get(url);
      expect(r.status, url).toBe(400);
      expect(r.body).toMatchObject({ error: 'validation', field: 'tz' });
      expect(r.body.message).toContain('IANA time zone');
    }
    const portal = await get('/api/publisher/stats?tz=Nowhere', net.publisher.token);
    expect(portal.status).toBe(400);
  });
});
