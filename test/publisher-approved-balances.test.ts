import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, postback, unbalancedEvents } from './helpers/conversions.js';
import { makeEurNetwork } from './helpers/fixtures.js';
import { planOf, withValues } from './helpers/query-plan.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * A publisher's approved balance (the clawback check of every cancellation of approved money) is read
 * from the balance the database keeps per publisher and currency (migration 0061), one row, instead
 * of a sum over all their approved ledger entries that grew with the ledger; plus, in a commit group,
 * the entries of the group not written yet. The ledger stays the truth: the kept balance must equal
 * its sum after anything (grouped postbacks, a payout, clawbacks). docs/postback-throughput.md, session 14.
 */

const WISE = { method: 'wise', account: 'arjun@example.com' };

let t: TestApp;
let admin: string;
let statements: string[] | undefined;

beforeAll(async () => {
  t = await createTestApp({
    env: { PAYOUT_MINIMUM: '20.00', TRUST_PROXY: '1' },
    onQuery: (text) => statements?.push(text.replace(/\s+/g, ' ')),
  });
  admin = await t.adminToken();
});
afterAll(() => t.close());

type Setup = Awaited<ReturnType<typeof makeEurNetwork>>;

/** An EUR offer paying its publisher €60 a conversion, and a publisher of its own. */
function network(name: string): Promise<Setup> {
  return makeEurNetwork(t, admin, {
    advertiser: `${name} Ads`,
    offer: `${name} FTD`,
    publisher: `${name} Media`,
  });
}

function send(s: Setup, click: string, status: string) {
  return postback(t, { click_id: click, status, token: s.advertiser.postback_token });
}

async function approvedClick(s: Setup): Promise<string> {
  const click = await makeClick(t, s);
  const r = await send(s, click, 'approved');
  expect(r.status, r.text).toBe(200);
  return click;
}

/** The publisher asks for €amount by Wise and the admin pays it. */
async function paid(s: Setup, amount: string) {
  const asked = await t.call('POST', '/api/publisher/payouts', {
    token: s.publisher.token,
    body: { amount, currency: 'EUR', ...WISE },
  });
  expect(asked.status, asked.text).toBe(201);
  const done = await t.call('POST', `/api/admin/payouts/${asked.body.id}/pay`, {
    token: admin,
    body: { reference: `ref-${asked.body.id}` },
  });
  expect(done.status, done.text).toBe(200);
}

/** Kept balances and the ledger's sums, per publisher and currency, as `party|currency → minor units`. */
async function keptAndSummed() {
  const kept = await t.ctx.db.selectFrom('publisher_approved_balances').selectAll().execute();
  const sums = await t.ctx.db
    .selectFrom('ledger_entries')
    .select(['party', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .where('account', '=', 'publisher_approved')
    .where('party', 'is not', null)
    .groupBy(['party', 'currency'])
    .execute();
  const byKey = (rows: { party: unknown; currency: string; amount: unknown }[]) =>
    Object.fromEntries(rows.map((r) => [`${r.party}|${r.currency}`, Number(r.amount)]).sort());
  return {
    kept: byKey(kept.map((r) => ({ party: r.publisher_id, currency: r.currency, amount: r.amount }))),
    summed: byKey(sums.map((r) => ({ party: r.party, currency: r.currency, amount: r.total }))),
  };
}

describe("a publisher's approved balance", () => {
  it('is one row read by its key when a postback cancels approved money, not a sum over the ledger', async () => {
    const s = await network('Key');
    const click = await approvedClick(s);
    statements = [];
    const r = await send(s, click, 'cancelled');
    const run = statements;
    statements = undefined;
    expect(r.status, r.text).toBe(200);
    const listing = run.join('\n');
    expect(
      run.filter((q) => /from "ledger_entries"/.test(q) && /"party" =/.test(q)),
      listing,
    ).toEqual([]);
    const balance = run.find((q) => /from "publisher_approved_balances"/.test(q));
    expect(balance, listing).toBeDefined();
    // The entries (whose trigger locks the balance row on PostgreSQL) are written after the check
    // (and its payout lock), as a payout takes them: one order, so no two transactions wait on each other.
    const checked = run.findIndex((q) => /from "publisher_approved_balances"/.test(q));
    const locked = run.findIndex((q) => /pg_advisory_xact_lock/.test(q));
    const written = run.findIndex((q) => /^insert into "ledger_entries"/.test(q));
    expect(written, listing).toBeGreaterThan(checked);
    expect(written, listing).toBeGreaterThan(locked);
    if (t.ctx.dialect === 'sqlite') {
      const plan = await planOf(t, withValues(balance as string, [s.publisher.id, "'EUR'"]));
      expect(plan).toMatch(
        /SEARCH publisher_approved_balances USING INDEX .*\(publisher_id=\? AND currency=\?\)/,
      );
    }
  });

  it("counts a commit group's entries not written yet: clawbacks follow the order the events ran in", async () => {
    const s = await network('Group');
    // Four approved conversions, all paid out: the balance is 0.
    const paidClicks: string[] = [];
    for (let i = 0; i < 4; i += 1) paidClicks.push(await approvedClick(s));
    await paid(s, '240.00');
    const fresh = await Promise.all(Array.from({ length: 4 }, () => makeClick(t, s)));
    await t.ctx.clickWriter.flush();
    // Together, so they run in commit groups: a paid one cancelled (−€60) and a new approval (+€60
    // owed) in turn. The entries of both are written only at their group's end.
    statements = [];
    const answers = await Promise.all(
      fresh.flatMap((click, i) => [
        send(s, paidClicks[i] as string, 'cancelled'),
        send(s, click, 'approved'),
      ]),
    );
    const run = statements;
    statements = undefined;
    expect(
      answers.map((r) => r.status),
      answers.map((r) => r.text).join('\n'),
    ).toEqual(answers.map(() => 200));
    // The groups were real: events in savepoints of a shared transaction.
    expect(
      run.filter((q) => q.includes('savepoint conversion_event')).length,
      run.join('\n'),
    ).toBeGreaterThan(0);
    const clawbacks = await t.ctx.db
      .selectFrom('clawbacks')
      .select(['conversion_id', 'amount'])
      .where('publisher_id', '=', Number(s.publisher.id))
      .execute();
    const found = Object.fromEntries(clawbacks.map((c) => [c.conversion_id, Number(c.amount)]));
    if (t.ctx.dialect === 'sqlite') {
      // One lane: a group's events run one after another in one transaction, so the order they ran
      // in (history ids grow in time order) is the order each saw the others. A cancellation is a
      // clawback for the part of its €60 the balance before it (every earlier event counted, written
      // or not) did not cover.
      const events = await t.ctx.db
        .selectFrom('lead_status_history')
        .innerJoin('conversions', 'conversions.id', 'lead_status_history.conversion_id')
        .select(['lead_status_history.to_status', 'conversions.id as conversion_id'])
        .where('conversions.publisher_id', '=', Number(s.publisher.id))
        .where('lead_status_history.id', '>', await lastPayoutEntry())
        .orderBy('lead_status_history.id')
        .execute();
      expect(events.length).toBe(8);
      let owed = 0;
      const expected: Record<string, number> = {};
      for (const e of events) {
        if (e.to_status === 'approved') owed += 6000;
        else {
          const short = Math.max(0, 6000 - owed);
          owed -= 6000;
          if (short > 0) expected[e.conversion_id] = short;
        }
      }
      expect(found).toEqual(expected);
      expect(Object.keys(expected).length).toBeGreaterThan(0);
    } else {
      // PostgreSQL commits groups of four lanes at once: what each cancellation saw of the others
      // depends on their commits; each clawback is still at most its own €60.
      for (const amount of Object.values(found)) expect(amount).toBeLessThanOrEqual(6000);
    }
    const { kept, summed } = await keptAndSummed();
    expect(kept).toEqual(summed);
    expect(kept[`${s.publisher.id}|EUR`]).toBe(0);
  });

  it('equals the sum of the ledger after grouped postbacks of two publishers, payouts and clawbacks', async () => {
    const a = await network('Alpha');
    const b = await network('Beta');
    const before = await Promise.all([a, b].map((s) => Promise.all([approvedClick(s), approvedClick(s)])));
    await paid(a, '60.00');
    const clicks = await Promise.all(
      [a, b, a, b, a, b].map(async (s) => ({ s, click: await makeClick(t, s) })),
    );
    await t.ctx.clickWriter.flush();
    const answers = await Promise.all([
      ...clicks.map(({ s, click }) => send(s, click, 'hold')),
      ...before.flatMap((pair, i) => pair.map((click) => send(i === 0 ? a : b, click, 'cancelled'))),
    ]);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    const more = await Promise.all(
      clicks.map(({ s, click }, i) => send(s, click, i < 4 ? 'approved' : 'rejected')),
    );
    expect(more.map((r) => r.status)).toEqual(more.map(() => 200));
    const { kept, summed } = await keptAndSummed();
    expect(kept).toEqual(summed);
    // Alpha: 2 approved (€120) paid €60, both cancelled, 2 new approved: €60 owed. Beta: €120.
    expect(kept[`${a.publisher.id}|EUR`]).toBe(-6000);
    expect(kept[`${b.publisher.id}|EUR`]).toBe(-12000);
    expect(await unbalancedEvents(t)).toEqual([]);
  });
});

/** The newest payout ledger entry's id: history rows after it are the grouped test's own. */
async function lastPayoutEntry(): Promise<string> {
  const row = await t.ctx.db
    .selectFrom('ledger_entries')
    .select('id')
    .where('payout_id', 'is not', null)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}
