import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOffer } from './helpers/fixtures.js';
import { countRows } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const ROWS = 100_000;

// Live heap, not garbage waiting for collection: collect, then measure.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const liveHeap = () => {
  collect();
  return process.memoryUsage().heapUsed;
};

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = await t.adminToken();
});
afterAll(() => t.close());

/** A CSV generated as it is read: the test never holds the whole file either. */
function csvStream(rows: number): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i === 0) this.push('Full Name,Phone,Email,Country,Sub1,Order Ref\n');
      const end = Math.min(i + 1000, rows);
      let chunk = '';
      for (; i < end; i++) {
        chunk += `Person ${i},+9198${String(10_000_000 + i)},p${i}@example.com,IN,batch-${i % 7},R-${i}\n`;
      }
      this.push(chunk);
      if (i >= rows) this.push(null);
    },
  });
}

it(`imports ${ROWS.toLocaleString('en')} rows streamed, with flat memory`, { timeout: 240_000 }, async () => {
  const offer = await makeOffer(t, token);
  const before = liveHeap();
  let peak = before;
  let samples = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, liveHeap());
    samples++;
  }, 1000);
  const started = performance.now();
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/admin/leads/import?offer_id=${offer.id}`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    payload: csvStream(ROWS),
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const after = liveHeap();
  const report = response.json();
  expect(response.statusCode).toBe(200);
  expect(report).toMatchObject({ rows: ROWS, imported: ROWS, failed: 0, statuses: { processing: ROWS } });
  expect(await countRows(t, 'leads')).toBe(ROWS);
  expect(await countRows(t, 'jobs')).toBe(ROWS);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  process.stdout.write(
    `[import ${ROWS} rows on ${t.ctx.dialect}] ${seconds.toFixed(1)} s, ${Math.round(ROWS / seconds)} rows/s; ` +
      `live heap before ${mb(before)} MiB, peak ${mb(peak)} MiB (+${mb(peak - before)} MiB over ${samples} samples), ` +
      `after ${mb(after)} MiB\n`,
  );
  expect(samples).toBeGreaterThan(4);
  // The file is about 7 MiB, its leads several times that as objects: a buffered import would show here.
  expect(peak - before).toBeLessThan(32 * 1024 * 1024);
});
