import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewClick } from '../src/modules/clicks/click-writer.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * The click writer's batch on PostgreSQL is one statement (an array per column through unnest),
 * not chunks of `values (?, …)` inside begin/commit; on both databases every value comes back as
 * it went in, whatever it holds (quotes, backslashes, braces, commas, the word NULL, unicode).
 */

let t: TestApp;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp({
    env: { CLICK_BATCH_MS: '60000' },
    onQuery: (sql) => void statements.push(sql),
  });
});
afterAll(() => t.close());

const AWKWARD = [
  'plain',
  'with "double quotes" and \\backslashes\\ and a trailing \\',
  '{braces},commas, and spaces ',
  'NULL',
  '',
  'ünïcödé — 日本語 🙂',
  "single ' quote",
];

function click(n: number): NewClick {
  const awkward = AWKWARD[n % AWKWARD.length] as string;
  return {
    id: `01PGWRITER${String(n).padStart(16, '0')}`,
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, n)).toISOString(),
    source: 'link',
    offer_id: n + 1,
    publisher_id: 7,
    flow_id: n % 2 === 0 ? null : 3,
    status: n % 3 === 0 ? 'rejected' : 'accepted',
    reject_reason: n % 3 === 0 ? 'bot_ua' : null,
    is_unique: n % 2,
    ip: `10.4.${n >> 8}.${n & 255}`,
    country: n % 4 === 0 ? null : 'IN',
    user_agent: awkward,
    referer: n % 5 === 0 ? null : awkward,
    sub1: awkward,
    sub2: n % 2 === 0 ? null : 'NULL',
    sub10: awkward,
    fbclid: null,
    gclid: n % 2 === 0 ? 'g' : null,
    params: JSON.stringify({ q: awkward }),
    destination: `https://lander.example/?a=${n}&b="${awkward}"`,
    hosting: n % 2,
    stream_id: n % 3 === 0 ? null : 11,
    arm_id: null,
  };
}

describe('the click writer', () => {
  it('stores a batch exactly as given; on PostgreSQL with a single statement', async () => {
    const clicks = Array.from({ length: 120 }, (_, n) => click(n));
    statements.length = 0;
    await Promise.all(clicks.map((c) => t.ctx.clickWriter.add(c)));
    await t.ctx.clickWriter.flush();
    const rows = await t.ctx.db
      .selectFrom('clicks')
      .selectAll()
      .where('id', 'like', '01PGWRITER%')
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(120);
    for (const [i, row] of rows.entries()) {
      const want = click(i);
      for (const [key, value] of Object.entries(want))
        expect(row[key as keyof typeof row], `${key} of click ${i}`).toEqual(
          typeof value === 'number' ? value : (value ?? null),
        );
      expect(row.sub3).toBeNull();
    }
    if (t.ctx.dialect === 'postgres') {
      const writes = statements.filter((s) => !/^\s*select/i.test(s));
      // One insert for the 120 clicks, no begin/commit (the old writer: begin, 2 chunks of 50, 20 rows, commit).
      expect(writes, writes.join('\n')).toHaveLength(1);
      expect(writes[0]).toMatch(/^insert into clicks .* from unnest\(/);
    }
  });

  it('does not double a click written again (a retried or replayed batch)', async () => {
    await t.ctx.clickWriter.add(click(3));
    await t.ctx.clickWriter.flush();
    const n = await t.ctx.db
      .selectFrom('clicks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '=', click(3).id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });
});
