import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { planOf, withValues } from './helpers/query-plan.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Every postback reads its click's first lead (`order by created_at, id limit 1`). The index must
 * serve that order (migration 0051), so the database reads one entry instead of sorting the click's
 * leads (docs/postback-throughput.md).
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

describe("a click's first lead", () => {
  it('is read in index order, without a sort, on every postback', async () => {
    const token = net.advertiser.postback_token;
    const clickId = await makeClick(t, net);
    await postback(t, { click_id: clickId, status: 'hold', token });
    statements = [];
    const r = await postback(t, { click_id: clickId, status: 'approved', token });
    const run = statements;
    statements = undefined;
    expect(r.status).toBe(200);
    const first = run.find((s) => /^select \* from "leads" where "click_id" = \S+ order by/.test(s));
    expect(first, run.join('\n')).toBeDefined();
    expect(/^[0-9A-Z]+$/.test(clickId)).toBe(true);
    // `for update` cannot be explained inside a read on every database; the plan is the same without it.
    const query = withValues((first as string).replace(/ for update$/, ''), [`'${clickId}'`, '1']);
    const text = await planOf(t, query);
    if (t.ctx.dialect === 'postgres') {
      expect(text).toMatch(/Index Scan using leads_click_order/);
      expect(text).not.toMatch(/Sort/);
    } else {
      expect(text).toMatch(/USING INDEX leads_click_order/);
      expect(text).not.toMatch(/TEMP B-TREE/);
    }
  });
});
