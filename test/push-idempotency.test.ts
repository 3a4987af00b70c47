import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimDueJobs } from '../src/jobs/queries.js';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { newId } from '../src/lib/ids.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let pub: { id: string };
let worker: Worker;

/** The advertiser: records each push with what the request log said while it held the request. */
interface Seen {
  key: string | undefined;
  loggedAs: string[];
}
let seen: Seen[];
let status: number;
let advertiserUrl: string;
let closeAdvertiser: () => Promise<void>;

beforeAll(async () => {
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1' } });
  token = await t.adminToken();
  pub = await makePublisher(t, token);
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', async () => {
      const key = request.headers['idempotency-key'];
      const rows = await t.ctx.db
        .selectFrom('outbound_requests')
        .select('outcome')
        .where('kind', '=', 'lead_push')
        .execute();
      seen.push({ key: typeof key === 'string' ? key : undefined, loggedAs: rows.map((r) => r.outcome) });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end('{"status":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  advertiserUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeAdvertiser = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await worker.stop();
  await closeAdvertiser();
  await t.close();
});
beforeEach(async () => {
  seen = [];
  status = 200;
  await t.ctx.db.deleteFrom('outbound_requests').execute();
  await t.ctx.db.deleteFrom('jobs').execute();
});

async function newLead() {
  const adv = await makeAdvertiser(t, token, {
    endpoint_url: `${advertiserUrl}/leads`,
    post_encoding: 'json',
  });
  const offer = await makeOffer(t, token, { advertiser_id: adv.id });
  const r = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, name: 'Asha', phone: nextPhone() });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

/**
 * What a process killed with a push in flight leaves behind: the job claimed (its lease running
 * out) and the attempt recorded as `sending`, never answered. test/push-crash.test.ts does it for
 * real with kill -9; here the clock is moved instead of waiting.
 */
async function pushCutOffInFlight(leadId: string) {
  const now = t.clock.now().getTime();
  const [job] = await claimDueJobs(t.ctx.db, {
    types: ['lead_push'],
    limit: 1,
    workerId: 'killed-process',
    now: new Date(now).toISOString(),
    lockedUntil: new Date(now + 15_000).toISOString(),
  });
  expect(job).toBeDefined();
  await t.ctx.db
    .insertInto('outbound_requests')
    .values({
      id: newId(now),
      job_id: job!.id,
      kind: 'lead_push',
      subject_id: leadId,
      hop: 0,
      method: 'POST',
      url: `${advertiserUrl}/leads`,
      request_headers: JSON.stringify({ 'Idempotency-Key': leadId }),
      request_body: '{}',
      outcome: 'sending',
      response_status: null,
      response_headers: null,
      response_body: null,
      error: null,
      duration_ms: 0,
      created_at: new Date(now).toISOString(),
    })
    .execute();
  t.clock.advance(15_001);
}

describe('Idempotency-Key and pushes cut off in flight', () => {
  it('sends the lead id as Idempotency-Key, recorded as sending before the request left', async () => {
    const leadId = await newLead();
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual([{ key: leadId, loggedAs: ['sending'] }]);
    const r = await t.call('GET', `/api/admin/leads/${leadId}`, { token });
    expect(r.body).toMatchObject({ push_status: 'sent', push_maybe_sent: false });
    expect(r.body.push_requests).toMatchObject([
      { outcome: 'response', response_status: 200, request_headers: { 'Idempotency-Key': leadId } },
    ]);
  });

  it('keeps the same key on a retry after a 5xx, without marking the lead (its outcome was recorded)', async () => {
    const leadId = await newLead();
    status = 503;
    await worker.runOnce();
    status = 200;
    t.clock.advance(60_000);
    await worker.runOnce();
    expect(seen.map((s) => s.key)).toEqual([leadId, leadId]);
    const r = await t.call('GET', `/api/admin/leads/${leadId}`, { token });
    expect(r.body).toMatchObject({ push_status: 'sent', push_maybe_sent: false });
  });

  it('marks a lead may-have-been-sent when its lease is retaken from a push with no outcome, and retries with the same key', async () => {
    const leadId = await newLead();
    await pushCutOffInFlight(leadId);
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual([{ key: leadId, loggedAs: ['interrupted', 'sending'] }]);

    const r = await t.call('GET', `/api/admin/leads/${leadId}`, { token });
    expect(r.body).toMatchObject({ push_status: 'sent', push_maybe_sent: true });
    expect(r.body.push_requests).toMatchObject([
      { outcome: 'interrupted', error: expect.stringContaining('process stopped') },
      { outcome: 'response', request_headers: { 'Idempotency-Key': leadId } },
    ]);
    const list = await t.call('GET', `/api/admin/leads?q=${leadId}`, { token });
    expect(list.body.data.find((l: { id: string }) => l.id === leadId)).toMatchObject({
      push_maybe_sent: true,
    });
  });

  it('marks the lead too when the cut-off attempt was its last one (the push then fails)', async () => {
    const leadId = await newLead();
    await t.ctx.db.updateTable('jobs').set({ max_attempts: 1 }).execute();
    await pushCutOffInFlight(leadId);
    expect(await worker.runOnce()).toBe(1);
    expect(seen).toEqual([]);
    const r = await t.call('GET', `/api/admin/leads/${leadId}`, { token });
    expect(r.body).toMatchObject({ push_status: 'failed', push_maybe_sent: true });
    expect(r.body.push_requests).toMatchObject([{ outcome: 'interrupted' }]);
  });
});
