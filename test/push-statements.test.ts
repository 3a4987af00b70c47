import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { leadRow, nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 18: the commits of one lead push. In bench:leads the pushes share the process with intake,
 * and a push cost several commits (each one WAL write on SQLite, one log flush on PostgreSQL) while
 * a lead's intake shares its commit with the rest of its group. The request log's outcome and the
 * lead's push result are now written together, in one transaction.
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
    // The claim, the request log's `sending` row (committed before the request leaves), the outcome
    // with the lead's result, the job's settle: 4 commits (5 before).
    expect(autocommits.length + transactions.length, listing).toBeLessThanOrEqual(4);

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
