import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  count,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
  postback,
  trackPostback,
  unbalancedEvents,
} from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * The work of one postback, in SQL statements (transaction control included), with the per-process
 * caches warm: the hot path stays as short as docs/postbacks.md and docs/benchmarks.md say, and its log row
 * commits with its change.
 */

let t: TestApp;
let net: Network;
let statements: string[] | undefined;

beforeAll(async () => {
  // Clicks from addresses of their own (x-forwarded-for), so the IP velocity rule lets 24 through.
  t = await createTestApp({
    env: { TRUST_PROXY: '1' },
    onQuery: (text) => statements?.push(text.replace(/\s+/g, ' ')),
  });
  net = await makeNetwork(t);
  // Postbacks first, so the advertiser, offer, custom payout, rate and finality-window caches are warm
  // (the finality windows are read on a change to an existing conversion).
  const clickId = await makeClick(t, net);
  await postback(t, { click_id: clickId, status: 'hold', token: net.advertiser.postback_token });
  await postback(t, { click_id: clickId, status: 'approved', token: net.advertiser.postback_token });
});
afterAll(() => t.close());

async function statementsOf(params: Record<string, string>) {
  await t.ctx.clickWriter.flush();
  statements = [];
  const r = await postback(t, { ...params, token: net.advertiser.postback_token });
  // The advertiser's token is cached for 5 s: on a loaded machine a test can outlast it and reload it
  // before its transaction (one read a token per 5 s, not per postback), so it is not counted here.
  const run = statements.filter((s) => !s.startsWith('select * from "advertisers" where "postback_token"'));
  statements = undefined;
  return { r, run, listing: `\n${run.join('\n')}` };
}

/** "insert into "leads"", "update "leads" set", "commit": enough to tell statements apart. */
const heads = (run: string[]) => run.map((s) => s.split(' ').slice(0, 3).join(' '));
const writes = (run: string[]) => heads(run.filter((s) => /^(insert|update|delete)/i.test(s)));
// PostgreSQL adds the advisory lock on the click (and a savepoint around the insert of a lead with an external id).
const onPostgres = () => t.ctx.dialect === 'postgres';

/** Make every insert into lead_status_history fail, as a database fault in the middle of a change. */
async function failHistoryInserts(on: boolean) {
  const run = (text: string) => sql.raw(text).execute(t.ctx.db);
  if (!onPostgres()) {
    await run(
      on
        ? "create trigger fail_history before insert on lead_status_history begin select raise(abort, 'history is broken'); end"
        : 'drop trigger fail_history',
    );
    return;
  }
  if (on) {
    await run(
      "create function fail_history() returns trigger language plpgsql as $$ begin raise exception 'history is broken'; end $$",
    );
    await run(
      'create trigger fail_history before insert on lead_status_history for each row execute function fail_history()',
    );
  } else {
    await run('drop trigger fail_history on lead_status_history');
    await run('drop function fail_history()');
  }
}

/** Make the history insert of one click's lead fail: a database fault in one postback of a group. */
async function failHistoryOfClick(clickId: string, on: boolean) {
  const run = (text: string) => sql.raw(text).execute(t.ctx.db);
  if (!/^[0-9A-Z]+$/.test(clickId)) throw new Error('unexpected click id');
  if (!onPostgres()) {
    await run(
      on
        ? `create trigger fail_click_history before insert on lead_status_history when new.lead_id in (select id from leads where click_id = '${clickId}') begin select raise(abort, 'history is broken'); end`
        : 'drop trigger fail_click_history',
    );
    return;
  }
  if (on) {
    await run(
      `create function fail_click_history() returns trigger language plpgsql as $$ begin if exists (select 1 from leads where id = new.lead_id and click_id = '${clickId}') then raise exception 'history is broken'; end if; return new; end $$`,
    );
    await run(
      'create trigger fail_click_history before insert on lead_status_history for each row execute function fail_click_history()',
    );
  } else {
    await run('drop trigger fail_click_history on lead_status_history');
    await run('drop function fail_click_history()');
  }
}

/** Send these postbacks at once, record the statements they ran, and expect every answer 200. */
async function sendTogether(sent: { clickId: string; status: string }[]) {
  statements = [];
  const results = await Promise.all(
    sent.map(({ clickId, status }) =>
      postback(t, { click_id: clickId, status, token: net.advertiser.postback_token }),
    ),
  );
  const run = statements;
  statements = undefined;
  const listing = `\n${run.join('\n')}`;
  expect(
    results.map((r) => r.status),
    results.map((r) => r.text).join('\n'),
  ).toEqual(sent.map(() => 200));
  return { results, run, listing };
}

describe('statements per postback', () => {
  it("reads neither the publisher's postbacks nor their pixel settings on a warm cache", async () => {
    const clickId = await makeClick(t, net);
    await statementsOf({ click_id: clickId, status: 'hold' });
    const { r, run, listing } = await statementsOf({ click_id: clickId, status: 'approved' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.changes.status).toEqual({ from: 'hold', to: 'approved' });
    expect(
      run.filter((s) => /from "publisher_(postbacks|capi)"/.test(s)),
      listing,
    ).toEqual([]);
    // A status change: 11 statements on SQLite, 12 on PostgreSQL (13 and 14 before the cache).
    expect(run.length, listing).toBeLessThanOrEqual(onPostgres() ? 12 : 11);
  });

  it('commits postbacks that arrive together in shared transactions, each answered after its commit', async () => {
    const clicks = await Promise.all(Array.from({ length: 24 }, () => makeClick(t, net)));
    await t.ctx.clickWriter.flush();
    statements = [];
    // One in four may not create a lead (approved on the full dialect without stn): refused in its
    // savepoint, logged, and the others of its group still commit.
    const results = await Promise.all(
      clicks.map((clickId, i) =>
        i % 4 === 3
          ? trackPostback(t, { click: clickId, status: 'approved', id: net.advertiser.postback_token })
          : postback(t, { click_id: clickId, status: 'hold', token: net.advertiser.postback_token }),
      ),
    );
    const run = statements;
    statements = undefined;
    const listing = `\n${run.join('\n')}`;
    const expected = clicks.map((_, i) => (i % 4 === 3 ? 404 : 200));
    expect(
      results.map((r) => r.status),
      results.map((r) => r.text).join('\n'),
    ).toEqual(expected);
    // 24 postbacks, one transaction each before group commit; now far fewer.
    const commits = run.filter((s) => s === 'commit').length;
    expect(commits, listing).toBeLessThanOrEqual(onPostgres() ? 12 : 8);
    expect(run.filter((s) => s.startsWith('savepoint conversion_event')).length, listing).toBeGreaterThan(0);
    if (onPostgres()) {
      // One round trip between two events of a group: the release and the next savepoint together
      // (issue 18 item 7), so a lone savepoint statement opens each group and no more.
      const lone = run.filter((s) => s === 'savepoint conversion_event').length;
      const joined = run.filter((s) => s.startsWith('release savepoint conversion_event; savepoint')).length;
      expect(joined, listing).toBeGreaterThan(0);
      expect(lone, listing).toBeLessThanOrEqual(commits);
    }
    for (const [i, clickId] of clicks.entries()) {
      const leads = await t.ctx.db.selectFrom('leads').select('id').where('click_id', '=', clickId).execute();
      expect(leads.length, clickId).toBe(i % 4 === 3 ? 0 : 1);
      const logged = await t.ctx.db
        .selectFrom('postback_log')
        .select(['answer_status'])
        .where('click_id', '=', clickId)
        .execute();
      expect(logged).toEqual([{ answer_status: expected[i] }]);
    }
  });

  it("writes a group's history and log rows in multi-row inserts after its last event", async () => {
    const clicks = await Promise.all(Array.from({ length: 16 }, () => makeClick(t, net)));
    await t.ctx.clickWriter.flush();
    const { results, run, listing } = await sendTogether(
      clicks.map((clickId) => ({ clickId, status: 'hold' })),
    );
    const rowsOf = (s: string) => s.split('), (').length;
    for (const table of ['lead_status_history', 'postback_log']) {
      const inserts = run.filter((s) => s.startsWith(`insert into "${table}"`));
      // One insert per event before issue 18 item 7 (16 here); now a few per group.
      expect(inserts.length, listing).toBeLessThan(clicks.length);
      expect(Math.max(...inserts.map(rowsOf)), listing).toBeGreaterThan(1);
      expect(
        inserts.map(rowsOf).reduce((a, b) => a + b, 0),
        listing,
      ).toBe(clicks.length);
    }
    // Every history and log row is there, each with its own postback's lead and answer.
    for (const [i, clickId] of clicks.entries()) {
      const lead = await t.ctx.db
        .selectFrom('leads')
        .select(['id', 'status'])
        .where('click_id', '=', clickId)
        .executeTakeFirstOrThrow();
      expect(lead.status).toBe('hold');
      const history = await t.ctx.db
        .selectFrom('lead_status_history')
        .select(['from_status', 'to_status', 'source'])
        .where('lead_id', '=', lead.id)
        .execute();
      expect(history).toEqual([{ from_status: null, to_status: 'hold', source: 'postback' }]);
      const logged = await t.ctx.db
        .selectFrom('postback_log')
        .select(['id', 'answer_status'])
        .where('click_id', '=', clickId)
        .execute();
      expect(logged).toEqual([{ id: results[i]?.headers['x-postback-log-id'], answer_status: 200 }]);
    }
    expect(await unbalancedEvents(t)).toEqual([]);
  });

  it("writes a group's ledger entries in multi-row inserts, and a later event of the group counts them", async () => {
    const clicks = await Promise.all(Array.from({ length: 12 }, () => makeClick(t, net)));
    await t.ctx.clickWriter.flush();
    // hold then approved for each click, all at once: a click's approval often runs in the group that
    // created its conversion, so its ledger position must count entries not written yet.
    const sent = clicks.flatMap((clickId) => [
      { clickId, status: 'hold' },
      { clickId, status: 'approved' },
    ]);
    const { run, listing } = await sendTogether(sent);
    const inserts = run.filter((s) => s.startsWith('insert into "ledger_entries"'));
    // One insert per change before (24 here); now a few per group, several changes' entries in one.
    expect(inserts.length, listing).toBeLessThan(sent.length);
    expect(Math.max(...inserts.map((s) => s.split('), (').length)), listing).toBeGreaterThan(6);
    // Each conversion's position is what its final status implies: nothing left on the wrong accounts.
    const implied: Record<string, string[]> = {
      hold: ['advertiser_pending', 'margin_pending', 'publisher_pending'],
      approved: ['advertiser_receivable', 'network_margin', 'publisher_approved'],
    };
    for (const clickId of clicks) {
      const [lead, ...others] = await leadsOfClick(t, clickId);
      expect(others).toEqual([]);
      const position = await t.ctx.db
        .selectFrom('ledger_entries as e')
        .innerJoin('conversions as c', 'c.id', 'e.conversion_id')
        .select(['e.account', (eb) => eb.fn.sum<number | string>('e.amount').as('total')])
        .where('c.lead_id', '=', lead?.id as string)
        .groupBy('e.account')
        .orderBy('e.account')
        .execute();
      const open = position.filter((p) => Number(p.total) !== 0).map((p) => p.account);
      expect(open, `${lead?.status}${listing}`).toEqual(implied[lead?.status as string]);
    }
    expect(await unbalancedEvents(t)).toEqual([]);
  });

  it('keeps the rest of a group when one postback in it fails in the database', async () => {
    const clicks = await Promise.all(Array.from({ length: 12 }, () => makeClick(t, net)));
    await t.ctx.clickWriter.flush();
    const broken = clicks[5] as string;
    await failHistoryOfClick(broken, true);
    try {
      const results = await Promise.all(
        clicks.map((clickId) =>
          postback(t, { click_id: clickId, status: 'approved', token: net.advertiser.postback_token }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses, results.map((r) => r.text).join('\n')).toEqual(
        clicks.map((c) => (c === broken ? 500 : 200)),
      );
      for (const clickId of clicks) {
        const leads = await t.ctx.db
          .selectFrom('leads')
          .select('id')
          .where('click_id', '=', clickId)
          .execute();
        expect(leads.length, clickId).toBe(clickId === broken ? 0 : 1);
      }
      const logged = await t.ctx.db
        .selectFrom('postback_log')
        .select(['answer_status', 'answer_code'])
        .where('click_id', '=', broken)
        .execute();
      expect(logged).toEqual([{ answer_status: 500, answer_code: 'db' }]);
      expect(await unbalancedEvents(t)).toEqual([]);
    } finally {
      await failHistoryOfClick(broken, false);
    }
  });

  it('creates a lead, its conversion and ledger entries in at most 9 statements (11 on PostgreSQL)', async () => {
    const clickId = await makeClick(t, net);
    const { r, run, listing } = await statementsOf({
      click_id: clickId,
      status: 'hold',
      comment: 'first call',
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.changes.conversion_created).toBe(true);
    // PostgreSQL adds the click's advisory lock and, under it, a second look for the lead (the first,
    // before the lock, finds none): a lead without an external id cannot collide with a unique index,
    // so its insert needs no savepoint (13 statements before issue 18 item 7).
    // The lead is inserted once, with its status, goal and comment: no update right after its insert
    // (10 and 12 statements before session 12).
    expect(run.length, listing).toBeLessThanOrEqual(onPostgres() ? 11 : 9);
    expect(
      run.filter((s) => s.includes('savepoint')),
      listing,
    ).toEqual([]);
    // Each once at most: nothing is read again after it was written (PostgreSQL looks for the lead
    // again under the click's advisory lock, taken only when the first look found none).
    expect(run.filter((s) => s.startsWith('select * from "leads"')).length, listing).toBe(
      onPostgres() ? 2 : 1,
    );
    expect(run.filter((s) => s.startsWith('select * from "conversions"')).length, listing).toBe(0);
    expect(writes(run), listing).toEqual([
      'insert into "leads"',
      'insert into "conversions"',
      'insert into "ledger_entries"',
      'insert into "lead_status_history"',
      'insert into "postback_log"',
    ]);
    // The log row commits with the change: a 200 never goes out without it.
    expect(heads(run).slice(-2), listing).toEqual(['insert into "postback_log"', 'commit']);
    // The row as written: the status and comment the update gave it before.
    const [lead] = await leadsOfClick(t, clickId);
    expect(lead).toMatchObject({
      id: r.body.lead_id,
      status: 'hold',
      goal: null,
      status_comment: 'first call',
      source: 'postback',
      push_status: 'skipped',
    });
    expect((lead?.updated_at ?? '') >= (lead?.created_at ?? '')).toBe(true);
  });

  it('writes the buyer data of a postback that creates its lead into its one insert', async () => {
    const clickId = await makeClick(t, net);
    await t.ctx.clickWriter.flush();
    statements = [];
    const r = await trackPostback(t, {
      id: net.advertiser.postback_token,
      click: clickId,
      name: 'Ann Lee',
      email: 'ann@example.com',
      'meta[size]': 'L',
      utm_source: 'mail',
    });
    const run = statements;
    statements = undefined;
    const listing = `\n${run.join('\n')}`;
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ lead_created: true });
    expect(
      writes(run).filter((w) => w.includes('"leads"')),
      listing,
    ).toEqual(['insert into "leads"']);
    const [lead] = await leadsOfClick(t, clickId);
    expect(lead).toMatchObject({ id: r.body.lead_id, name: 'Ann Lee', email: 'ann@example.com' });
    expect(JSON.parse(lead?.meta ?? '{}')).toEqual({ size: 'L' });
    expect(JSON.parse(lead?.tags ?? '{}')).toMatchObject({ utm_source: 'mail' });
  });

  it('binds no LIMIT on SQLite: the first-lead read says `limit 1` in its text', async () => {
    const clickId = await makeClick(t, net);
    const created = await statementsOf({ click_id: clickId, status: 'hold' });
    const moved = await statementsOf({ click_id: clickId, status: 'approved' });
    expect(moved.r.status, moved.r.text).toBe(200);
    const run = [...created.run, ...moved.run];
    const listing = created.listing + moved.listing;
    const firstLead = run.filter((s) => s.startsWith('select * from "leads" where "click_id"'));
    expect(firstLead.length, listing).toBeGreaterThan(0);
    if (onPostgres()) {
      // PostgreSQL plans an unnamed statement on every run anyway: its limit stays a parameter.
      expect(
        firstLead.every((s) => / limit \$\d+/.test(s)),
        listing,
      ).toBe(true);
      return;
    }
    // SQLite re-prepares a statement on every run when its LIMIT is bound (44 µs against 5 µs for
    // this read), so integer limits are written into the text (src/db/sqlite-compiler.ts).
    expect(
      firstLead.every((s) => / limit 1( |$)/.test(s)),
      listing,
    ).toBe(true);
    expect(
      run.filter((s) => /limit \?/.test(s)),
      listing,
    ).toEqual([]);
  });

  it('moves an existing lead hold → approved in at most 13 statements, with no advisory lock', async () => {
    const clickId = await makeClick(t, net);
    await statementsOf({ click_id: clickId, status: 'hold' });
    const { r, run, listing } = await statementsOf({ click_id: clickId, status: 'approved' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.changes.status).toEqual({ from: 'hold', to: 'approved' });
    // The lead exists: its row lock is enough, no advisory lock on the click (one round trip fewer
    // on PostgreSQL than before issue 18 item 7).
    expect(
      run.filter((s) => s.includes('pg_advisory_xact_lock')),
      listing,
    ).toEqual([]);
    expect(run.length, listing).toBeLessThanOrEqual(13);
    expect(run.filter((s) => s.startsWith('select * from "leads"')).length, listing).toBe(1);
    expect(heads(run).slice(-2), listing).toEqual(['insert into "postback_log"', 'commit']);
  });

  it('reads the cap reservations once when an approved lead is cancelled', async () => {
    const clickId = await makeClick(t, net);
    await statementsOf({ click_id: clickId, status: 'hold' });
    await statementsOf({ click_id: clickId, status: 'approved' });
    const { r, run, listing } = await statementsOf({ click_id: clickId, status: 'cancelled' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.changes.status).toEqual({ from: 'approved', to: 'cancelled' });
    // The lead's and the conversion's reservations in one read (two before issue 18's postback work).
    expect(run.filter((s) => /from "cap_reservations"/.test(s)).length, listing).toBe(1);
    expect(run.length, listing).toBeLessThanOrEqual(onPostgres() ? 14 : 13);
  });

  it('answers a repeat with no-changes, writing nothing but its log row', async () => {
    const clickId = await makeClick(t, net);
    await statementsOf({ click_id: clickId, status: 'approved' });
    const entries = await count(t, 'ledger_entries');
    const { r, run, listing } = await statementsOf({ click_id: clickId, status: 'approved' });
    expect(r.body.result).toBe('no-changes');
    expect(writes(run), listing).toEqual(['insert into "postback_log"']);
    expect(await count(t, 'ledger_entries')).toBe(entries);
  });

  it('logs a postback whose transaction failed as 500 db, keeping nothing of its change', async () => {
    const clickId = await makeClick(t, net);
    await failHistoryInserts(true);
    try {
      const { r, run, listing } = await statementsOf({ click_id: clickId, status: 'approved' });
      expect(r.status, listing).toBe(500);
      expect(r.body.error).toBe('db');
      expect(heads(run), listing).toContain('rollback');
      const logged = await t.ctx.db
        .selectFrom('postback_log')
        .select(['id', 'answer_status', 'answer_code'])
        .where('click_id', '=', clickId)
        .execute();
      expect(logged).toEqual([{ id: r.headers['x-postback-log-id'], answer_status: 500, answer_code: 'db' }]);
      const leads = await t.ctx.db.selectFrom('leads').select('id').where('click_id', '=', clickId).execute();
      expect(leads).toEqual([]);
    } finally {
      await failHistoryInserts(false);
    }
  });
});
