import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledStatement, statementFamily } from '../src/db/compiled-query.js';
import { insertRowReturning, insertRows, updateRowById } from '../src/db/compiled-writes.js';
import { inTransaction } from '../src/db/database.js';
import type { LeadStatus, NewRow } from '../src/db/schema.js';
import { newId } from '../src/lib/ids.js';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * db/compiled-query.ts: a statement built and compiled once, then run with new values, gives what
 * building it every time gives, on both databases, and never mixes one run's values into another's.
 */

let t: TestApp;
let net: Network;
let statements: string[] | undefined;

beforeAll(async () => {
  t = await createTestApp({
    env: { TRUST_PROXY: '1' },
    onQuery: (text) => statements?.push(text),
  });
  net = await makeNetwork(t);
});
afterAll(() => t.close());

/** A click with a lead made by a postback of this status; the lead's status as stored. */
async function leadOfClick(status: string) {
  const clickId = await makeClick(t, net);
  await t.ctx.clickWriter.flush();
  const r = await postback(t, { click_id: clickId, status, token: net.advertiser.postback_token });
  expect(r.status, r.text).toBe(200);
  return clickId;
}

let builds = 0;
const leadsOfClick = compiledStatement((db, p: { clickId: string; status: LeadStatus }) => {
  builds += 1;
  return db
    .selectFrom('leads')
    .selectAll()
    .where('click_id', '=', p.clickId)
    .where('status', '=', p.status)
    .orderBy('id')
    .limit(5);
});
const uncached = (clickId: string, status: LeadStatus) =>
  t.ctx.db
    .selectFrom('leads')
    .selectAll()
    .where('click_id', '=', clickId)
    .where('status', '=', status)
    .orderBy('id')
    .limit(5);

describe('compiled statements', () => {
  it('gives the same SQL and the same rows as the query built every time', async () => {
    const held = await leadOfClick('hold');
    const approved = await leadOfClick('approved');
    expect(leadsOfClick.sqlOn(t.ctx.db)).toBe(uncached(held, 'hold').compile().sql);
    for (const [clickId, status] of [
      [held, 'hold'],
      [approved, 'approved'],
      [held, 'approved'],
      [approved, 'hold'],
    ] as const) {
      const rows = await leadsOfClick.execute(t.ctx.db, { clickId, status });
      expect(rows).toEqual(await uncached(clickId, status).execute());
    }
    expect((await leadsOfClick.execute(t.ctx.db, { clickId: held, status: 'hold' })).length).toBe(1);
    expect(await leadsOfClick.execute(t.ctx.db, { clickId: held, status: 'approved' })).toEqual([]);
  });

  it('builds once per database and keeps the values of runs in flight apart', async () => {
    const clicks = await Promise.all(
      (['hold', 'approved', 'hold', 'approved', 'approved', 'hold'] as const).map(async (status) => ({
        status,
        clickId: await leadOfClick(status),
      })),
    );
    builds = 0;
    // Each run's rows are its own click's, in flight together, inside a transaction too.
    const runs = await Promise.all(
      clicks.flatMap(({ clickId, status }) => [
        leadsOfClick.execute(t.ctx.db, { clickId, status }),
        inTransaction(t.ctx.db, (tx) => leadsOfClick.execute(tx, { clickId, status })),
      ]),
    );
    runs.forEach((rows, i) => {
      const { clickId, status } = clicks[Math.floor(i / 2)] as { clickId: string; status: LeadStatus };
      expect(rows.map((r) => [r.click_id, r.status])).toEqual([[clickId, status]]);
    });
    expect(builds).toBe(0);
  });

  it('refuses to run without a value for a parameter', async () => {
    await expect(
      leadsOfClick.execute(t.ctx.db, { clickId: 'x' } as { clickId: string; status: LeadStatus }),
    ).rejects.toThrow(/no value for parameter "status"/);
  });

  it('keeps one statement per shape of a family', async () => {
    const byStatuses = statementFamily(
      (n: number) => (db, p: Record<string, string>) =>
        db
          .selectFrom('leads')
          .select(['status'])
          .where(
            'status',
            'in',
            Array.from({ length: n }, (_, i) => p[`s${i}`] as LeadStatus),
          )
          .groupBy('status')
          .orderBy('status'),
    );
    expect(byStatuses(2)).toBe(byStatuses(2));
    const two = await byStatuses(2).execute(t.ctx.db, { s0: 'hold', s1: 'approved' });
    const three = await byStatuses(3).execute(t.ctx.db, { s0: 'approved', s1: 'hold', s2: 'nothing' });
    expect(two.map((r) => r.status)).toEqual(['approved', 'hold']);
    expect(three.map((r) => r.status)).toEqual(['approved', 'hold']);
    expect(two.length).toBe(2);
  });

  it('writes an integer limit into the SQLite text, keeps a limit parameter and the offset bound', async () => {
    await leadOfClick('hold');
    await leadOfClick('hold');
    await leadOfClick('hold');
    const all = await t.ctx.db.selectFrom('leads').select('id').orderBy('id').execute();
    expect(all.length).toBeGreaterThanOrEqual(3);
    const page = (limit: number, offset: number) =>
      t.ctx.db.selectFrom('leads').select('id').orderBy('id').limit(limit).offset(offset);
    const sqlite = t.ctx.dialect === 'sqlite';
    // SQLite re-prepares a statement with a bound LIMIT on every run (src/db/sqlite-compiler.ts).
    expect(page(2, 1).compile().sql).toMatch(sqlite ? / limit 2 offset \?$/ : / limit \$1 offset \$2$/);
    expect((await page(2, 1).execute()).map((r) => r.id)).toEqual(all.slice(1, 3).map((r) => r.id));
    expect((await page(1, 0).execute()).map((r) => r.id)).toEqual(all.slice(0, 1).map((r) => r.id));
    // A limit given when the statement runs (a stand-in, not a number) stays a parameter.
    const firstN = compiledStatement((db, p: { n: number }) =>
      db.selectFrom('leads').select('id').orderBy('id').limit(p.n),
    );
    expect(firstN.sqlOn(t.ctx.db)).toMatch(sqlite ? / limit \?$/ : / limit \$1$/);
    expect((await firstN.execute(t.ctx.db, { n: 2 })).map((r) => r.id)).toEqual(
      all.slice(0, 2).map((r) => r.id),
    );
    expect((await firstN.execute(t.ctx.db, { n: 3 })).length).toBe(3);
  });
});

describe('compiled writes', () => {
  const conversionId = '';
  function historyRow(leadId: string, to: LeadStatus, reason: string | null): NewRow<'lead_status_history'> {
    return {
      id: newId(),
      lead_id: leadId,
      conversion_id: conversionId,
      from_status: 'processing',
      to_status: to,
      from_goal: null,
      goal: null,
      adv_payout: 0,
      pub_payout: 0,
      currency: 'USD',
      source: 'admin',
      reason,
      actor: null,
      request_id: null,
      created_at: new Date().toISOString(),
    } as NewRow<'lead_status_history'>;
  }

  it('inserts and updates exactly what Kysely would, per set of columns', async () => {
    const clickId = await leadOfClick('hold');
    const lead = await t.ctx.db
      .selectFrom('leads')
      .selectAll()
      .where('click_id', '=', clickId)
      .executeTakeFirstOrThrow();
    // The same row written both ways reads back the same (but for its id).
    const a = historyRow(lead.id, 'approved', 'cached');
    const b = { ...historyRow(lead.id, 'approved', 'cached'), created_at: a.created_at };
    await insertRows(t.ctx.db, 'lead_status_history', [a]);
    await t.ctx.db.insertInto('lead_status_history').values(b).execute();
    const [ra, rb] = await Promise.all(
      [a.id, b.id].map((id) =>
        t.ctx.db.selectFrom('lead_status_history').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      ),
    );
    expect({ ...ra, id: 'x' }).toEqual({ ...rb, id: 'x' });

    // Rows of different lengths and different values in one statement each: none mixed up.
    const three = ['one', 'two', 'three'].map((reason) => historyRow(lead.id, 'hold', reason));
    const two = ['four', 'five'].map((reason) => historyRow(lead.id, 'hold', reason));
    await insertRows(t.ctx.db, 'lead_status_history', three);
    await insertRows(t.ctx.db, 'lead_status_history', two);
    // A column left out (undefined) is left out of the statement, as Kysely does: its default applies.
    const stored = await t.ctx.db
      .selectFrom('lead_status_history')
      .select(['id', 'reason'])
      .where(
        'id',
        'in',
        [...three, ...two].map((r) => r.id),
      )
      .execute();
    expect(new Map(stored.map((r) => [r.id, r.reason]))).toEqual(
      new Map([...three, ...two].map((r) => [r.id, r.reason])),
    );

    // Returning inserts and updates by id give Kysely's row.
    const copy = { ...lead, id: newId(), click_id: null, external_id: null };
    const inserted = await insertRowReturning(t.ctx.db, 'leads', copy);
    expect(inserted).toEqual(copy);
    const changed = await updateRowById(t.ctx.db, 'leads', copy.id, {
      status: 'spam',
      status_comment: 'c1',
    });
    const other = await updateRowById(t.ctx.db, 'leads', lead.id, {
      status: 'approved',
      status_comment: 'c2',
    });
    expect(changed).toEqual({ ...copy, status: 'spam', status_comment: 'c1' });
    expect(other?.status_comment).toBe('c2');
    expect(await updateRowById(t.ctx.db, 'leads', 'no-such-lead', { status: 'hold' })).toBeUndefined();
    // An expression as a value is written as SQL, not as a parameter: it runs uncached, correctly.
    const viaSql = await updateRowById(t.ctx.db, 'leads', copy.id, {
      status_comment: sql<string>`'from ' || 'sql'` as unknown as string,
    });
    expect(viaSql?.status_comment).toBe('from sql');
  });
});
