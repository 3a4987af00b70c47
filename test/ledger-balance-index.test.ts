import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { planOf, withValues } from './helpers/query-plan.js';
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
    const text = await planOf(
      t,
      withValues(balance as string, ["'publisher_approved'", String(net.publisher.id), "'USD'"]),
    );
    if (t.ctx.dialect === 'postgres') {
      expect(text).toMatch(/Index Only Scan using ledger_entries_balance/);
    } else {
      expect(text).toMatch(/USING COVERING INDEX ledger_entries_balance/);
    }
  });
});
