import { unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxCell } from '../src/lib/xlsx.js';
import { seedDemo } from '../src/modules/demo/seed-demo.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** XLSX exports of every admin list: the same rows and filters as the CSV, typed cells, a row limit. */
let t: TestApp;
let owner: string;

async function download(url: string, token = owner) {
  const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return {
    status: response.statusCode,
    headers: response.headers,
    bytes: response.rawPayload,
    text: response.body,
  };
}

/** The workbook's first sheet as objects by header. */
async function sheetRows(bytes: Buffer): Promise<Record<string, unknown>[]> {
  const [sheet] = await readXlsxFile(bytes);
  const [header, ...rows] = sheet?.data ?? [];
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [String(h), r[i] ?? null])));
}

beforeAll(async () => {
  t = await createTestApp({ env: { XLSX_MAX_ROWS: '60' } });
  await seedDemo(t.ctx, { clicks: 150 });
  owner = await t.adminToken();
}, 240_000);
afterAll(() => t.close());

describe('XLSX list exports', () => {
  it('holds the same rows as the CSV export for the same filters', async () => {
    let compared = 0;
    for (const [list, query] of [
      ['leads', 'status=approved,hold'],
      ['conversions', 'status=approved'],
      ['publishers', ''],
      ['postbacks', 'answer_status=200'],
    ] as const) {
      const page = await t.call('GET', `/api/admin/${list}?per_page=1&${query}`, { token: owner });
      expect(page.status, page.text).toBe(200);
      const total = page.body.total as number;
      if (total > 60) continue; // past the limit: the 422 test below
      const file = await download(`/api/admin/${list}/export.xlsx?${query}`);
      expect(file.status, file.text).toBe(200);
      expect(String(file.headers['content-type'])).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(String(file.headers['content-disposition'])).toMatch(
        /attachment; filename="[a-z-]+-\d{4}-\d\d-\d\d\.xlsx"/,
      );
      const rows = await sheetRows(file.bytes);
      expect(rows.length, list).toBe(total);
      const csv = await t.call('GET', `/api/admin/${list}/export.csv?${query}`, { token: owner });
      const csvIds = csv.text
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]);
      expect(rows.map((r) => String(r.id))).toEqual(csvIds);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });

  it('keeps money as the exact text the API shows and counts as numbers', async () => {
    const file = await download('/api/admin/conversions/export.xlsx?status=approved');
    expect(file.status, file.text).toBe(200);
    const rows = await sheetRows(file.bytes);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(String(row.adv_payout)).toMatch(/^\d+\.\d\d$/);
    const sheetXml = new TextDecoder().decode(
      unzipSync(new Uint8Array(file.bytes))['xl/worksheets/sheet1.xml'],
    );
    expect(sheetXml).not.toContain('<f>');
  });

  it('never writes a formula, and drops characters XML cannot hold', async () => {
    const lead = await t.ctx.db.selectFrom('leads').select('id').limit(1).executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('leads')
      .set({ name: '=HYPERLINK("http://evil.example","click")', sub2: 'a\u0001b\u001fc' })
      .where('id', '=', lead.id)
      .execute();
    const file = await download(`/api/admin/leads/export.xlsx?ids=${lead.id}`);
    expect(file.status, file.text).toBe(200);
    const files = unzipSync(new Uint8Array(file.bytes));
    const xml = Object.entries(files)
      .filter(([name]) => name.startsWith('xl/'))
      .map(([, bytes]) => new TextDecoder().decode(bytes))
      .join('');
    expect(xml).not.toContain('<f>');
    const [row] = await sheetRows(file.bytes);
    expect(row?.name).toBe('=HYPERLINK("http://evil.example","click")');
    expect(row?.sub2).toBe('abc');
  });

  it('refuses more rows than XLSX_MAX_ROWS with a 422 naming CSV, and the CSV still streams them', async () => {
    const page = await t.call('GET', '/api/admin/clicks?per_page=1', { token: owner });
    expect(page.body.total).toBeGreaterThan(60);
    const file = await download('/api/admin/clicks/export.xlsx');
    expect(file.status).toBe(422);
    expect(JSON.parse(file.text).message).toMatch(/too many for XLSX.*CSV/);
    const csv = await t.call('GET', '/api/admin/clicks/export.csv', { token: owner });
    expect(csv.text.split('\r\n').length - 2).toBe(page.body.total);
  });

  it('asks the same permission as the CSV export', async () => {
    const created = await t.call('POST', '/api/admin/users', {
      token: owner,
      body: { email: 'am@xlsx.test', password: 'manager-password', role: 'account_manager' },
    });
    expect(created.status, created.text).toBe(201);
    const login = await t.call('POST', '/api/auth/login', {
      body: { email: 'am@xlsx.test', password: 'manager-password' },
    });
    const am = login.body.token as string;
    expect((await download('/api/admin/clicks/export.xlsx', am)).status).toBe(403);
    expect((await download('/api/admin/postbacks/export.xlsx', am)).status).toBe(403);
    expect((await download('/api/admin/publishers/export.xlsx', am)).status).toBe(200);
  });
});

describe('xlsxCell', () => {
  it('types numbers and keeps text whole', () => {
    expect(xlsxCell(12)).toBe(12);
    expect(xlsxCell('12.50')).toBe('12.50');
    expect(xlsxCell(null)).toBeNull();
    expect(xlsxCell({ a: 1 })).toBe('{"a":1}');
    expect(xlsxCell('x'.repeat(40_000))).toHaveLength(32_767);
  });
});
