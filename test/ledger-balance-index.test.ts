import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Every cancellation of approved money reads the publisher's approved balance (the clawback check):
 * a sum over all of that publisher's approved entries, so it grows with the ledger. It must be read
 * from the index alone (migration 0049), not with a table lookup per entry (docs/postback-throughput.md).
 */

let t: TestApp;
let net: Network;
let statements: string[] | undefined;

beforeAll(async () => {
  t = await createTestApp({
    env: { TRUST_PROXY: '1' },
    onQuery: (text) => statements?.push(text.replace(/\s+/g, ' ')),
  });
  net = await makeNetwork(t);
});
afterAll(() => t.close());

/** The statement as the app ran it, with the values of this test's publisher written in. */
function withValues(text: string): string {
  const values = ["'publisher_approved'", String(net.publisher.id), "'USD'"];
  let n = 0;
  return text.replace(/\?|\$\d+/g, () => values[n++] ?? 'null');
}

describe("a publisher's approved balance", () => {
  it('is read from the index alone when a postback cancels approved money', async () => {
    const token = net.advertiser.postback_token;
    const clickId = await makeClick(t, net);
    await postback(t, { click_id: clickId, status: 'approved', token });
    statements = [];
    const r = await postback(t, { click_id: clickId, status: 'cancelled', token });
    const run = statements;
    statements = undefined;
    expect(r.status).toBe(200);
    const balance = run.find((s) => /sum\("amount"\)/.test(s) && /"party" =/.test(s));
    expect(balance, run.join('\n')).toBeDefined();
    const query = withValues(balance as string);
    if (t.ctx.dialect === 'postgres') {
      // The tables are tiny here: forbid the other plans, so the one left shows what the index can do.
      const plan = await t.ctx.db.transaction().execute(async (tx) => {
        await sql`set local enable_seqscan = off`.execute(tx);
        await sql`set local enable_bitmapscan = off`.execute(tx);
        return sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(query)}`.execute(tx);
      });
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index Only Scan using ledger_entries_balance/);
    } else {
      const plan = await sql<{ detail: string }>`explain query plan ${sql.raw(query)}`.execute(t.ctx.db);
      const text = plan.rows.map((row) => row.detail).join('\n');
      expect(text).toMatch(/USING COVERING INDEX ledger_entries_balance/);
    }
  });
});
