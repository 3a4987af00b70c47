import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOf } from './helpers/query-plan.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Every lead insert writes every index of the leads table, so an index no reader needs is intake CPU
 * spent for nothing (issue 18, docs/lead-intake-throughput.md). Migration 0051 replaced `leads_click`
 * (a prefix of the unique `leads_click_external`) with `leads_click_order`; look-ups by click use an index.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function leadIndexes(): Promise<string[]> {
  if (t.ctx.dialect === 'postgres') {
    const r = await sql<{
      indexname: string;
    }>`select indexname from pg_indexes where tablename = 'leads'`.execute(t.ctx.db);
    return r.rows.map((row) => row.indexname).sort();
  }
  const r = await sql<{ name: string }>`select name from pragma_index_list('leads')`.execute(t.ctx.db);
  return r.rows.map((row) => row.name).sort();
}

describe('the indexes a lead insert writes', () => {
  it('has no lone click_id index beside the unique (click_id, external_id) one', async () => {
    const names = await leadIndexes();
    expect(names).toContain('leads_click_external');
    expect(names).not.toContain('leads_click');
  });

  it("still finds a click's first lead (a postback) through an index", async () => {
    const plan = await planOf(t, `select * from leads where click_id = 'c1' order by created_at, id limit 1`);
    expect(plan).toMatch(/leads_click_order/);
  });

  it("still finds a click's lead by the advertiser's id through the unique index", async () => {
    const plan = await planOf(
      t,
      `select * from leads where click_id = 'c1' and external_id = 'x1' order by created_at, id limit 1`,
    );
    expect(plan).toMatch(/leads_click_(external|order)/);
  });
});
