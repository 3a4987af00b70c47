import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_CHUNK } from '../src/lib/csv-stream.js';
import { csvRows } from './helpers/csv.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER, makeClick, nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let offerA: { id: string };
let offerB: { id: string };
let pubA: { id: string };
let pubB: { id: string };
/** Every SQL statement the app runs (the export's reads are counted). */
const statements: string[] = [];

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const events = (query: Record<string, string> = {}) =>
  t.call('GET', '/api/admin/fraud/events', { token, query });
const click = (offerId: string, pubId: string, ip: string, userAgent = BROWSER) =>
  t.call('GET', `/click?offer_id=${offerId}&pub_id=${pubId}`, {
    headers: { 'x-forwarded-for': ip, 'user-agent': userAgent },
  });
const minute = () => t.clock.advance(60_000);

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' }, onQuery: (text) => statements.push(text) });
  token = await t.adminToken();
  const advertiserId = (await makeAdvertiser(t, token)).id;
  offerA = await makeOffer(t, token, { advertiser_id: advertiserId });
  offerB = await makeOffer(t, token, { advertiser_id: advertiserId });
  pubA = await makePublisher(t, token);
  pubB = await makePublisher(t, token);

  // 12:00 a bot click on A by pubA; 12:01 a geo mismatch (not fraud) on A
  expect((await click(offerA.id, pubA.id, '49.36.9.1', GOOGLEBOT)).status).toBe(403);
  minute();
  expect((await click(offerA.id, pubA.id, '8.8.8.8')).status).toBe(403);
  minute();
  // 12:02 manual block of 49.36.9.2; 12:03 its click on B by pubB
  await t.call('POST', '/api/admin/fraud/blocked-ips', {
    token,
    body: { ip: '49.36.9.2', reason: 'chargebacks' },
  });
  minute();
  expect((await click(offerB.id, pubB.id, '49.36.9.2')).status).toBe(403);
  minute();
  // 12:04 velocity: threshold 1, the second click from 49.36.9.3 on B is rejected
  await t.call('PUT', '/api/admin/fraud/rules/ip_velocity', { token, body: { threshold: 1 } });
  expect((await click(offerB.id, pubA.id, '49.36.9.3')).status).toBe(302);
  expect((await click(offerB.id, pubA.id, '49.36.9.3')).status).toBe(403);
  await t.call('PUT', '/api/admin/fraud/rules/ip_velocity', { token, body: { threshold: 10 } });
  minute();
  // 12:05 a duplicate lead on A by pubB
  const phone = nextPhone();
  for (const _ of [1, 2]) {
    const clickId = await makeClick(t, offerA.id, pubB.id);
    await submitLead(t, { click_id: clickId, phone }, { 'x-forwarded-for': '49.36.9.4' });
  }
  await t.ctx.clickWriter.flush();
});
afterAll(() => t.close());

describe('GET /api/admin/fraud/events', () => {
  it('lists rejected clicks, flagged leads and manual blocks newest first, nothing else', async () => {
    const response = await events();
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(5);
    expect(response.body.data.map((e: { kind: string; rule: string }) => `${e.kind}:${e.rule}`)).toEqual([
      'lead:duplicate_phone',
      'click:ip_velocity',
      'click:ip_blocked',
      'ip_block:manual_block',
      'click:bot_ua',
    ]);
    expect(response.body.data[0]).toMatchObject({
      offer_id: offerA.id,
      publisher_id: pubB.id,
      detail: expect.stringContaining('+91'),
    });
    expect(response.body.data[3]).toMatchObject({ ip: '49.36.9.2', detail: 'chargebacks', offer_id: null });
    // A user agent, a phone, a typed reason: data, with no code (the web shows it as it is).
    expect(response.body.data.map((e: { code: string | null }) => e.code)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(response.body.data[4]).toMatchObject({
      ip: '49.36.9.1',
      offer_id: offerA.id,
      publisher_id: pubA.id,
      detail: GOOGLEBOT,
      created_at: '2026-06-01T12:00:00.000Z',
    });
  });

  it('filters by rule, ip, offer, publisher, kind and time', async () => {
    const rules = async (query: Record<string, string>) =>
      (await events(query)).body.data.map((e: { rule: string }) => e.rule);
    expect(await rules({ rule: 'bot_ua' })).toEqual(['bot_ua']);
    expect(await rules({ rule: 'manual_block' })).toEqual(['manual_block']);
    expect(await rules({ ip: '49.36.9.2' })).toEqual(['ip_blocked', 'manual_block']);
    expect(await rules({ offer_id: offerB.id })).toEqual(['ip_velocity', 'ip_blocked']);
    expect(await rules({ publisher_id: pubA.id })).toEqual(['ip_velocity', 'bot_ua']);
    expect(await rules({ kind: 'lead' })).toEqual(['duplicate_phone']);
    expect(await rules({ from: '2026-06-01T12:02:00Z', to: '2026-06-01T12:04:00Z' })).toEqual([
      'ip_blocked',
      'manual_block',
    ]);
    expect(await rules({ rule: 'geo_mismatch' })).toEqual([]);
  });

  it('pages', async () => {
    const first = await events({ per_page: '2' });
    const third = await events({ per_page: '2', page: '3' });
    expect(first.body).toMatchObject({ total: 5, page: 1, per_page: 2 });
    expect(first.body.data).toHaveLength(2);
    expect(third.body.data.map((e: { rule: string }) => e.rule)).toEqual(['bot_ua']);
  });

  it('refuses bad filters', async () => {
    expect((await events({ offer_id: 'abc' })).status).toBe(400);
    expect((await events({ from: 'yesterday' })).status).toBe(400);
    expect((await events({ kind: 'visit' })).status).toBe(400);
    expect((await t.call('GET', '/api/admin/fraud/events')).status).toBe(401);
  });
});

const HEADER = ['created_at', 'kind', 'rule', 'id', 'ip', 'offer_id', 'publisher_id', 'detail'];
const exportCsv = (query: Record<string, string> = {}) =>
  t.call('GET', '/api/admin/fraud/events/export.csv', { token, query });

describe('GET /api/admin/fraud/events/export.csv|xlsx', () => {
  it('exports every event the list shows, in its order, with its columns', async () => {
    const list = (await events()).body.data as Record<string, string | null>[];
    const csv = await exportCsv();
    expect(csv.status, csv.text).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(String(csv.headers['content-disposition'])).toBe(
      'attachment; filename="fraud-events-2026-06-01.csv"',
    );
    const [header, ...rows] = csvRows(csv.text);
    expect(header).toEqual(HEADER);
    // A phone's "+" would start a formula in a spreadsheet: the cell gets an apostrophe (SECURITY.md).
    const cell = (v: string | null | undefined) => (v ? v.replace(/^[=+\-@]/, "'$&") : '');
    expect(rows).toEqual(list.map((e) => HEADER.map((c) => cell(e[c]))));
  });

  it("honours the list's filters and the selected ids", async () => {
    const rules = async (query: Record<string, string>) => {
      const csv = await exportCsv(query);
      expect(csv.status, csv.text).toBe(200);
      return csvRows(csv.text)
        .slice(1)
        .map((r) => r[2]);
    };
    expect(await rules({ offer_id: offerB.id })).toEqual(['ip_velocity', 'ip_blocked']);
    expect(await rules({ publisher_id: pubA.id })).toEqual(['ip_velocity', 'bot_ua']);
    expect(await rules({ ip: '49.36.9.2' })).toEqual(['ip_blocked', 'manual_block']);
    expect(await rules({ rule: 'bot_ua' })).toEqual(['bot_ua']);
    expect(await rules({ kind: 'lead' })).toEqual(['duplicate_phone']);
    expect(await rules({ from: '2026-06-01T12:02:00Z', to: '2026-06-01T12:04:00Z' })).toEqual([
      'ip_blocked',
      'manual_block',
    ]);
    const bot = (await events({ rule: 'bot_ua' })).body.data[0];
    expect(await rules({ ids: bot.id })).toEqual(['bot_ua']);
    expect(await rules({ ids: bot.id, kind: 'lead' })).toEqual([]);
    expect((await exportCsv({ offer_id: 'abc' })).status).toBe(400);
    expect((await exportCsv({ kind: 'visit' })).status).toBe(400);
    expect((await t.call('GET', '/api/admin/fraud/events/export.csv')).status).toBe(401);
  });

  it('gives the same rows as an XLSX workbook', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/admin/fraud/events/export.xlsx?offer_id=${offerB.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(String(response.headers['content-disposition'])).toBe(
      'attachment; filename="fraud-events-2026-06-01.xlsx"',
    );
    const [sheet] = await readXlsxFile(response.rawPayload);
    const [header, ...rows] = sheet?.data ?? [];
    expect(header).toEqual(HEADER);
    expect(rows.map((r) => r[2])).toEqual(['ip_velocity', 'ip_blocked']);
  });

  it('reads thousands of events chunk by chunk by keyset (ties on the time included), each once', async () => {
    // 2,500 manual blocks made at one instant: the export's chunks must split inside equal times.
    const at = t.clock.now().toISOString();
    const values = Array.from({ length: 2_500 }, (_, i) => ({
      value: `10.77.${Math.floor(i / 250)}.${i % 250}`,
      reason: 'bulk',
      created_at: at,
    }));
    for (let i = 0; i < values.length; i += 250)
      await t.ctx.db
        .insertInto('blocked_ips')
        .values(values.slice(i, i + 250))
        .execute();
    const total = (await events()).body.total as number;
    expect(total).toBe(2_505);

    statements.length = 0;
    const csv = await exportCsv();
    expect(csv.status).toBe(200);
    const rows = csvRows(csv.text).slice(1);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => `${r[1]}:${r[3]}`)).size).toBe(total);
    const times = rows.map((r) => r[0] as string);
    expect([...times].sort().reverse()).toEqual(times);
    // One read per chunk of EXPORT_CHUNK rows (no count, no OFFSET): memory holds one chunk.
    const reads = statements.filter((s) => s.includes('blocked_ips'));
    expect(reads).toHaveLength(Math.ceil(total / EXPORT_CHUNK));
    expect(reads.some((s) => /\boffset\b/i.test(s))).toBe(false);
  });
});
