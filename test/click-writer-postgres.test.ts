import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewClick } from '../src/modules/clicks/click-writer.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * The click writer's batch on PostgreSQL is one statement (an array per column through unnest),
 * run by the click insert thread from the clicks' JSON lines; on both databases every value comes
 * back as it went in, whatever it holds (quotes, backslashes, braces, commas, the word NULL, unicode).
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
  it('stores a batch exactly as given, written off the event loop', async () => {
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
    // Written by the click insert thread on its own connection (on PostgreSQL one unnest statement,
    // no begin/commit): the event loop's connections run no write at all.
    const writes = statements.filter((s) => !/^\s*select/i.test(s));
    expect(writes, writes.join('\n')).toEqual([]);
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
