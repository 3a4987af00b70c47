import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadStatus } from '../src/db/schema.js';
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

/**
 * Migration 0059: the indexes that serve look-ups by a value a new lead often lacks (a click, an
 * external or advertiser's lead id, an email or phone) hold only the rows that have it, so such a
 * lead writes no entry into them (docs/lead-intake-throughput.md, session 13). Every reader still
 * uses its index.
 */
const STATUSES = [
  'processing',
  'approved',
  'rejected',
  'hold',
  'trash',
  'duplicate',
  'spam',
  'test',
] as const;
const PARTIAL_INDEXES = [
  'leads_click_order',
  'leads_click_external',
  'leads_flow_external',
  'leads_advertiser_external',
  'leads_adv_lead_id',
  'leads_offer_phone',
  'leads_offer_email',
];

async function partialIndexes(): Promise<string[]> {
  if (t.ctx.dialect === 'postgres') {
    const r = await sql<{ indexname: string }>`
      select indexname from pg_indexes where tablename = 'leads' and indexdef like '% WHERE %'`.execute(
      t.ctx.db,
    );
    return r.rows.map((row) => row.indexname).sort();
  }
  const r = await sql<{ name: string }>`
    select name from pragma_index_list('leads') where "partial" = 1`.execute(t.ctx.db);
  return r.rows.map((row) => row.name).sort();
}

describe('the indexes of values a new lead may lack (0059)', () => {
  // Planner statistics of a table with some of every kind of lead, so the plans are the ones a real
  // table gets (an empty table makes PostgreSQL's choice between indexes a tie).
  beforeAll(async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: `seed-${String(i).padStart(4, '0')}`,
      created_at: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`,
      updated_at: '2026-06-01T00:00:00.000Z',
      source: 'form',
      offer_id: 1 + (i % 50),
      advertiser_id: 1 + (i % 20),
      publisher_id: 1 + (i % 30),
      flow_id: i % 2 === 0 ? 1 + (i % 200) : null,
      click_id: i % 10 < 7 ? `click-${i}` : null,
      external_id: i % 10 === 0 ? `ext-${i}` : null,
      adv_lead_id: i % 2 === 0 ? `adv-${i}` : null,
      email: i % 2 === 0 ? `lead${i}@example.test` : null,
      phone_e164: `+9190000${String(i).padStart(5, '0')}`,
      status: STATUSES[i % STATUSES.length] as LeadStatus,
      fraud_rule: i % 40 === 0 ? 'duplicate_phone' : null,
      push_status: 'sent',
    }));
    for (let i = 0; i < rows.length; i += 100)
      await t.ctx.db
        .insertInto('leads')
        .values(rows.slice(i, i + 100))
        .execute();
    await sql`analyze leads`.execute(t.ctx.db);
  });

  it('hold only the rows that have the value', async () => {
    expect(await partialIndexes()).toEqual([...PARTIAL_INDEXES, 'leads_fraud_created'].sort());
  });

  const readers: [string, string, RegExp][] = [
    [
      'the duplicate look-up by phone',
      `select phone_e164, created_at, status from leads where offer_id = 1 and phone_e164 in ('+919000000001', '+919000000002')`,
      /leads_offer_phone/,
    ],
    [
      'the duplicate look-up by email',
      `select email, created_at, status from leads where offer_id = 1 and email in ('a@x.test', 'b@x.test')`,
      /leads_offer_email/,
    ],
    [
      "a flow's lead by its external id (a postback without a click)",
      `select * from leads where flow_id = 1 and external_id = 'x1'`,
      /leads_flow_external/,
    ],
    [
      "an advertiser's lead by its network id (adv_lead_id or external_id)",
      `select * from leads where advertiser_id = 1 and (adv_lead_id = 'n1' or external_id = 'n1') order by id limit 2`,
      /leads_adv_lead_id[\s\S]*leads_advertiser_external|leads_advertiser_external[\s\S]*leads_adv_lead_id/,
    ],
    [
      "a postback lead's pushed sibling",
      `select id from leads where id != 'l1' and ((click_id = 'c1' and push_status != 'skipped') or (advertiser_id = 1 and adv_lead_id = 'x1')) limit 1`,
      /leads_click_order[\s\S]*leads_adv_lead_id|leads_adv_lead_id[\s\S]*leads_click_order/,
    ],
    [
      "a click's first lead without an external id (claimExternalId)",
      `select id from leads where click_id = 'c1' and external_id is null order by created_at, id limit 1`,
      /leads_click_order/,
    ],
  ];
  // The indexes every lead still writes, and a reader of each.
  readers.push(
    [
      'the rollup refresh of an hour',
      `select offer_id, status, count(*) from leads where created_at >= '2026-05-03T10:00:00.000Z' and created_at < '2026-05-03T11:00:00.000Z' group by offer_id, status`,
      /leads_created/,
    ],
    [
      "an offer's leads in a period (reports filtered by offer)",
      `select count(*) from leads where offer_id = 7 and created_at >= '2026-05-03T00:00:00.000Z' and created_at < '2026-05-04T00:00:00.000Z'`,
      /leads_offer_(created|phone)/,
    ],
    [
      "a publisher's leads in a period (publisher stats)",
      `select count(*) from leads where publisher_id = 7 and status != 'test' and created_at >= '2026-05-03T00:00:00.000Z' and created_at < '2026-05-04T00:00:00.000Z'`,
      /leads_publisher_created/,
    ],
    [
      'the leads list filtered by status, newest first',
      `select * from leads where status in ('approved') order by created_at desc limit 50`,
      /leads_status_created/,
    ],
    [
      'the fraud event log of flagged leads',
      `select id, created_at from leads where fraud_rule is not null order by created_at desc limit 50`,
      /leads_fraud_created/,
    ],
  );
  for (const [what, query, index] of readers) {
    it(`${what} uses its index`, async () => {
      expect(await planOf(t, query, { bitmaps: / or /.test(query) })).toMatch(index);
    });
  }
});
