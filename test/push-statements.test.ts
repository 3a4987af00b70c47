import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompiledQuery } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { compiledDuring } from './helpers/compiled-queries.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { leadRow, nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 18: the commits of one lead push. In bench:leads the pushes share the process with intake,
 * and a push cost several commits (each one WAL write on SQLite, one log flush on PostgreSQL) while
 * a lead's intake shares its commit with the rest of its group. The request log's outcome and the
 * lead's push result are now written together, in one transaction; since session 12 the job's settle
 * joins them when the lead was sent, every statement of a warm push is compiled once, and a worker
 * with a backlog claims several jobs per claim statement.
 */

let t: TestApp;
let token: string;
let server: FakeServer;
let worker: Worker;
let offer: { id: string };
let pub: { id: string };
let statements: string[] | undefined;

beforeAll(async () => {
  t = await createTestApp({
    env: { ALLOW_PRIVATE_TARGETS: '1' },
    onQuery: (text) => statements?.push(text.replace(/\s+/g, ' ').toLowerCase()),
  });
  token = await t.adminToken();
  pub = await makePublisher(t, token);
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
});
beforeEach(async () => {
  server = await startFakeServer({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"ok","id":777}',
  });
  const adv = await makeAdvertiser(t, token, {
    auth_key: 'KEY',
    endpoint_url: `${server.url}/lead/add`,
    integration_type: 'api_post',
    post_encoding: 'json',
    auth_location: 'body',
    payload_template: { phone: '{phone}', name: '{name}' },
  });
  offer = await makeOffer(t, token, { advertiser_id: adv.id, adv_offer_id: '6411' });
});
afterEach(() => server.close());

async function pushOne(): Promise<{ leadId: string; run: string[] }> {
  const r = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, name: 'Asha Rao', phone: nextPhone() });
  expect(r.status, r.text).toBe(201);
  statements = [];
  expect(await worker.runOnce()).toBe(1);
  const run = statements;
  statements = undefined;
  return { leadId: r.body.id as string, run };
}

/** Statements run outside any transaction (autocommit: each its own commit) and transactions. */
function commitsOf(run: string[]): { autocommits: string[]; transactions: string[][] } {
  const autocommits: string[] = [];
  const transactions: string[][] = [];
  let open: string[] | undefined;
  for (const s of run) {
    if (s.startsWith('begin')) open = [];
    else if (s.startsWith('commit') || s.startsWith('rollback')) {
      if (open) transactions.push(open);
      open = undefined;
    } else if (open) open.push(s);
    else if (!s.startsWith('select')) autocommits.push(s);
  }
  return { autocommits, transactions };
}

/** An advertiser at `url` (api_post, JSON) with an offer, and `count` leads for it waiting to be pushed. */
async function leadsFor(url: string, count: number, name: string): Promise<string[]> {
  const adv = await makeAdvertiser(t, token, {
    endpoint_url: `${url}/lead/add`,
    integration_type: 'api_post',
    post_encoding: 'json',
    payload_template: { phone: '{phone}' },
  });
  const target = await makeOffer(t, token, { advertiser_id: adv.id, adv_offer_id: '77' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await submitLead(t, { offer_id: target.id, pub_id: pub.id, name, phone: nextPhone() });
    expect(r.status, r.text).toBe(201);
    ids.push(r.body.id as string);
  }
  return ids;
}

/** An advertiser's server answering with `handler`, on a free local port. */
async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A lead's request log: each request's outcome and status. */
function logOf(leadId: string) {
  return t.ctx.db
    .selectFrom('outbound_requests')
    .select(['outcome', 'response_status'])
    .where('subject_id', '=', leadId)
    .execute();
}

describe('statements per lead push', () => {
  it("writes the request log's outcome and the lead's push result in one transaction", async () => {
    const { leadId, run } = await pushOne();
    const listing = `\n${run.join('\n')}`;
    const { autocommits, transactions } = commitsOf(run);
    const together = transactions.filter(
      (tx) =>
        tx.some((s) => s.startsWith('update "outbound_requests"')) &&
        tx.some((s) => s.startsWith('update "leads"')),
    );
    expect(together, listing).toHaveLength(1);
    expect(
      autocommits.filter((s) => s.startsWith('update "outbound_requests"') || s.startsWith('update "leads"')),
      listing,
    ).toEqual([]);
    // The job's settle is in that transaction too (session 12), not a commit of its own.
    expect(
      together[0]?.filter((s) => s.startsWith('update "jobs"')),
      listing,
    ).toHaveLength(1);
    expect(
      autocommits.filter((s) => s.startsWith('update "jobs"') && !s.includes('returning')),
      listing,
    ).toEqual([]);
    // The claim, the request log's `sending` row (committed before the request leaves), and the
    // outcome with the lead's result and the job's settle: 3 commits (5 before session 11, 4 before 12).
    expect(autocommits.length + transactions.length, listing).toBeLessThanOrEqual(3);
    const job = await t.ctx.db
      .selectFrom('jobs')
      .select(['status', 'locked_by', 'locked_until'])
      .where('type', '=', 'lead_push')
      .where('payload', 'like', `%${leadId}%`)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'done', locked_by: null, locked_until: null });

    expect(await leadRow(t, leadId)).toMatchObject({
      push_status: 'sent',
      push_attempts: 1,
      adv_lead_id: '777',
      push_error: null,
    });
    const log = await t.ctx.db
      .selectFrom('outbound_requests')
      .selectAll()
      .where('subject_id', '=', leadId)
      .execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ outcome: 'response', response_status: 200, kind: 'lead_push' });
  });

  it('records a refused push the same way, and the job is retried', async () => {
    server.respondWith({ status: 503, body: 'busy' });
    const { leadId, run } = await pushOne();
    const listing = `\n${run.join('\n')}`;
    const { autocommits } = commitsOf(run);
    expect(
      autocommits.filter((s) => s.startsWith('update "outbound_requests"') || s.startsWith('update "leads"')),
      listing,
    ).toEqual([]);
    expect(await leadRow(t, leadId)).toMatchObject({ push_status: 'pending', push_attempts: 1 });
    const [entry] = await t.ctx.db
      .selectFrom('outbound_requests')
      .selectAll()
      .where('subject_id', '=', leadId)
      .execute();
    expect(entry).toMatchObject({ outcome: 'response', response_status: 503 });
    const job = await t.ctx.db
      .selectFrom('jobs')
      .select(['status', 'attempts'])
      .where('type', '=', 'lead_push')
      .where('payload', 'like', `%${leadId}%`)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
  });
});

describe('pushes claimed together', () => {
  // That each row is committed before its request leaves is push-crash.test.ts's (a kill -9 mid-flight).
  it("write their requests' `sending` rows in one statement", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, name: 'Asha', phone: nextPhone() });
      expect(r.status, r.text).toBe(201);
      ids.push(r.body.id as string);
    }
    statements = [];
    expect(await worker.runOnce()).toBe(4); // one claim takes the 4 (concurrency 8)
    const inserts = (statements ?? []).filter((s) => s.startsWith('insert into "outbound_requests"'));
    statements = undefined;
    // On SQLite one insert of 4 rows: 4 statements and 4 commits before (session 14). On PostgreSQL
    // the lead reads before it answer in different turns, and on a quiet machine each row's insert
    // is back before the next row comes, so only a busy server shares them: at most one per push.
    if (t.ctx.dialect === 'sqlite') expect(inserts, `\n${inserts.join('\n')}`).toHaveLength(1);
    else expect(inserts.length).toBeLessThanOrEqual(4);
    for (const id of ids) {
      expect(await leadRow(t, id)).toMatchObject({ push_status: 'sent', adv_lead_id: '777' });
      expect(await logOf(id)).toEqual([{ outcome: 'response', response_status: 200 }]);
    }
  });
});

describe('pushes ending together', () => {
  let barrier: Server;
  let barrierUrl: string;
  beforeEach(async () => {
    // Holds every request until 4 have come, then answers the 4 at once: they end together.
    let held: ServerResponse[] = [];
    ({ server: barrier, url: barrierUrl } = await listen((request, response) => {
      request.resume();
      held.push(response);
      if (held.length < 4) return;
      for (const r of held) {
        r.writeHead(200, { 'content-type': 'application/json' });
        r.end('{"status":"ok","id":5}');
      }
      held = [];
    }));
  });
  afterEach(() => new Promise<void>((resolve) => barrier.close(() => resolve())));

  it("write their outcomes, leads' results and jobs' settles in one transaction", async () => {
    const ids = await leadsFor(barrierUrl, 4, 'Both');
    statements = [];
    expect(await worker.runOnce()).toBe(4);
    const run = statements;
    statements = undefined;
    const listing = `\n${run.join('\n')}`;
    const outcomes = commitsOf(run).transactions.filter((tx) =>
      tx.some((s) => s.startsWith('update "outbound_requests"')),
    );
    // One begin and one commit for the 4 (4 transactions before session 16). On PostgreSQL the
    // answers are read in the turns they arrive in, so a quiet server may split them: fewer than 4.
    if (t.ctx.dialect === 'sqlite') expect(outcomes, listing).toHaveLength(1);
    else expect(outcomes.length, listing).toBeLessThan(4);
    const statementsIn = outcomes.flat();
    expect(statementsIn.filter((s) => s.startsWith('update "outbound_requests"'))).toHaveLength(4);
    expect(statementsIn.filter((s) => s.startsWith('update "leads"'))).toHaveLength(4);
    // Each job's settle, each fenced on its own claim.
    expect(statementsIn.filter((s) => s.startsWith('update "jobs"'))).toHaveLength(4);
    for (const id of ids) {
      expect(await leadRow(t, id)).toMatchObject({ push_status: 'sent', adv_lead_id: '5', push_attempts: 1 });
      expect(await logOf(id)).toEqual([{ outcome: 'response', response_status: 200 }]);
      const job = await t.ctx.db
        .selectFrom('jobs')
        .select(['status', 'locked_by', 'attempts'])
        .where('type', '=', 'lead_push')
        .where('payload', 'like', `%${id}%`)
        .executeTakeFirstOrThrow();
      expect(job).toEqual({ status: 'done', locked_by: null, attempts: 1 });
    }
  });
});

describe('a warm lead push', () => {
  it('builds and compiles no statement again', async () => {
    await pushOne(); // warm: the push's statements are compiled once, per database
    const r = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, name: 'Ravi', phone: nextPhone() });
    expect(r.status, r.text).toBe(201);
    const leadId = r.body.id as string;
    // Only the push: the intake's own statements are tested in lead-statements.test.ts.
    const compiled = await compiledDuring(async () => expect(await worker.runOnce()).toBe(1));
    // The claim, the lead's read, the request log's row and outcome, the lead's result, the settle.
    expect(compiled, `\n${compiled.join('\n')}`).toEqual([]);
    expect(await leadRow(t, leadId)).toMatchObject({ push_status: 'sent', adv_lead_id: '777' });
  });
});

describe('claiming with a backlog', () => {
  let slow: Server;
  let slowUrl: string;
  beforeEach(async () => {
    // Answers one push at a time, 60 ms apart, so the pushes end one by one, as under load.
    let next = Date.now();
    ({ server: slow, url: slowUrl } = await listen((request, response) => {
      request.resume();
      next = Math.max(next, Date.now()) + 60;
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":"ok","id":1}');
      }, next - Date.now());
    }));
  });
  afterEach(() => new Promise<void>((resolve) => slow.close(() => resolve())));

  it('takes several jobs per claim statement, not one per finished job, and pushes every lead', async () => {
    const ids = await leadsFor(slowUrl, 16, 'Backlog');
    statements = [];
    const polling = startWorker(t.ctx, appJobRegistry(), { concurrency: 8, pollMs: 60_000, jitter: false });
    try {
      await vi.waitFor(
        async () => {
          for (const id of ids) expect((await leadRow(t, id)).push_status).toBe('sent');
        },
        { timeout: 15_000, interval: 100 },
      );
    } finally {
      await polling.stop();
    }
    const claims = (statements ?? []).filter(
      (s) => s.startsWith('update "jobs" set "status" = ') && s.includes('returning'),
    );
    statements = undefined;
    // 16 jobs, 8 at a time: the first claim takes 8, then a claim each time 4 slots are free, and a
    // few that find nothing after the last jobs: about 6, at most 10 with a loaded machine's timing.
    // Before, one claim per finished job: 17 or so.
    expect(claims.length, `\n${claims.join('\n')}`).toBeLessThanOrEqual(10);
  });
});

describe('a claim', () => {
  // Session 16: the due jobs were one `or` of pending-and-due and running-with-an-expired-lease, which
  // SQLite answered by reading every due job of the backlog through both indexes and sorting them all
  // on every claim: 1.3 ms a claim with 2,000 pushes waiting, 9 ms with 20,000. Now each kind is one
  // index range read in order and stopped at the claim's limit, whatever the backlog.
  it('reads the due jobs by index ranges that stop at its limit, not the whole backlog', async () => {
    const r = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, name: 'Claim', phone: nextPhone() });
    expect(r.status, r.text).toBe(201);
    statements = [];
    expect(await worker.runOnce()).toBe(1);
    const claim = (statements ?? []).find((s) => s.startsWith('update "jobs"') && s.includes('returning'));
    statements = undefined;
    expect(claim).toBeDefined();
    if (t.ctx.dialect !== 'sqlite') return; // PostgreSQL plans a small test table as a scan either way
    const text = claim as string;
    const params = Array.from(text.matchAll(/\?/g), () => null);
    const { rows } = await t.ctx.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${text}`, params),
    );
    const plan = rows.map((row) => row.detail).join('\n');
    // Before: MULTI-INDEX OR over both indexes, then a temporary b-tree sorting every due job.
    expect(plan).not.toMatch(/MULTI-INDEX OR/);
    expect(plan).toMatch(/SEARCH jobs USING INDEX jobs_status_run_at \(status=\? AND run_at<\?\)/);
    expect(plan).toMatch(
      /SEARCH jobs USING INDEX jobs_status_locked_until \(status=\? AND locked_until<\?\)/,
    );
  });
});

describe("the report rollups' marks", () => {
  const leadMarks = async () =>
    (await t.ctx.db.selectFrom('rollup_dirty').select('hour').where('kind', '=', 'l').execute()).map(
      (r) => r.hour,
    );

  it('a push marks no hour to recompute; a change a report reads still does', async () => {
    const r = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, name: 'Meena', phone: nextPhone() });
    expect(r.status, r.text).toBe(201);
    const leadId = r.body.id as string;
    await t.ctx.db.deleteFrom('rollup_dirty').execute(); // as a rollup refresh leaves it
    expect(await worker.runOnce()).toBe(1);
    expect(await leadRow(t, leadId)).toMatchObject({ push_status: 'sent' });
    // The push's result (push_status, adv_lead_id, pushed_at…) is in no report: no mark.
    expect(await leadMarks()).toEqual([]);

    // A status change is counted by the lead rollup: its hour is marked, as before.
    const created = (await leadRow(t, leadId)).created_at as string;
    await t.ctx.db.updateTable('leads').set({ status: 'approved' }).where('id', '=', leadId).execute();
    expect(await leadMarks()).toEqual([`${created.slice(0, 13)}:00:00.000Z`]);
  });
});
