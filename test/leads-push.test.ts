import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimDueJobs } from '../src/jobs/queries.js';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { leadRow, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let pub: { id: string };
let server: FakeServer;
let worker: Worker;

beforeAll(async () => {
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1' } });
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
    body: '{"status":"ok"}',
  });
});
afterEach(() => server.close());

const JOHN = { name: 'John', phone: '+919876543210' };

/** An advertiser at the fake server, one offer of theirs (adv offer id 6411), and a lead for it. */
async function leadFor(advertiser: Record<string, unknown>, lead: Record<string, unknown> = JOHN) {
  const adv = await makeAdvertiser(t, token, { auth_key: 'KEY', ...advertiser });
  const offer = await makeOffer(t, token, { advertiser_id: adv.id, adv_offer_id: '6411' });
  const response = await submitLead(t, { offer_id: offer.id, pub_id: pub.id, ...lead });
  expect(response.status).toBe(201);
  return { advertiser: adv, offer, leadId: response.body.id as string };
}

const pushLog = (leadId: string) =>
  t.ctx.db
    .selectFrom('outbound_requests')
    .selectAll()
    .where('subject_id', '=', leadId)
    .where('kind', '=', 'lead_push')
    .orderBy('id')
    .execute();

describe('lead push, per integration type, encoding and auth location', () => {
  it('WhoCPA / Affise: form-encoded POST, key in the body, their lead id read from the answer', async () => {
    server.respondWith({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"status":"ok","id":12345}',
    });
    const { leadId } = await leadFor({
      endpoint_url: `${server.url}/lead/add`,
      integration_type: 'api_post',
      post_encoding: 'form',
      auth_location: 'body',
      payload_template: { phone: '{phone}', name: '{name}', offer_id: '{adv_offer_id}' },
    });
    expect(await worker.runOnce()).toBe(1);
    expect(server.requests).toHaveLength(1);
    const received = server.requests[0]!;
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/lead/add');
    expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received.body).toBe('api_key=KEY&phone=%2B919876543210&name=John&offer_id=6411');

    const lead = await leadRow(t, leadId);
    expect(lead).toMatchObject({
      push_status: 'sent',
      push_attempts: 1,
      adv_lead_id: '12345',
      push_error: null,
    });
    expect(lead.pushed_at).toBe('2026-06-01T12:00:00.000Z');
    const [logged] = await pushLog(leadId);
    expect(logged).toMatchObject({
      method: 'POST',
      outcome: 'response',
      response_status: 200,
      request_body: 'api_key=***&phone=%2B919876543210&name=John&offer_id=6411',
    });
    expect(logged!.job_id).toBeTruthy();
  });

  it('HasOffers / Tune: JSON POST, key in the X-API-Key header, lead id at a configured path', async () => {
    server.respondWith({ status: 201, body: '{"data":{"lead_id":"HO-991"},"id":"request-1"}' });
    const { leadId } = await leadFor({
      endpoint_url: `${server.url}/leads`,
      post_encoding: 'json',
      auth_location: 'header',
      lead_id_field: 'data.lead_id',
      payload_template: { name: '{name}', phone: '{phone}', offer_id: '{adv_offer_id}' },
    });
    await worker.runOnce();
    const received = server.requests[0]!;
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['x-api-key']).toBe('KEY');
    expect(received.body).toBe('{"name":"John","phone":"+919876543210","offer_id":"6411"}');
    expect(await leadRow(t, leadId)).toMatchObject({ push_status: 'sent', adv_lead_id: 'HO-991' });
    const [logged] = await pushLog(leadId);
    expect(JSON.parse(logged!.request_headers)['X-API-Key']).toBe('***');
  });

  it('Cake / HitPath: S2S GET with the lead and the key in the query', async () => {
    const { leadId } = await leadFor(
      {
        endpoint_url: `${server.url}/lead`,
        integration_type: 's2s_get',
        auth_location: 'query',
        payload_template: { phone: '{phone}', name: '{name}' },
      },
      { ...JOHN, name: 'John Smith' },
    );
    await worker.runOnce();
    expect(server.requests[0]).toMatchObject({
      method: 'GET',
      url: '/lead?api_key=KEY&phone=%2B919876543210&name=John%20Smith',
      body: '',
    });
    expect(await leadRow(t, leadId)).toMatchObject({ push_status: 'sent', adv_lead_id: null });
    expect((await pushLog(leadId))[0]!.url).toBe(
      `${server.url}/lead?api_key=***&phone=%2B919876543210&name=John%20Smith`,
    );
  });

  it('custom REST API: JSON with a custom header, or the key in a POST query; default payload and extra params', async () => {
    const { leadId: headerLead } = await leadFor(
      {
        endpoint_url: `${server.url}/v2/leads`,
        post_encoding: 'json',
        auth_location: 'header',
        auth_header_name: 'Authorization-Token',
        extra_params: { aff_id: '1033667789', test: false },
      },
      { ...JOHN, email: 'john@example.com', sub1: 'fb', ip: '49.36.0.10' },
    );
    await worker.runOnce();
    const first = server.requests[0]!;
    expect(first.headers['authorization-token']).toBe('KEY');
    expect(JSON.parse(first.body)).toEqual({
      name: 'John',
      phone: '+919876543210',
      email: 'john@example.com',
      country: 'IN',
      ip: '49.36.0.10',
      offer_id: '6411',
      sub1: 'fb',
      aff_id: '1033667789',
      test: false,
    });
    expect((await leadRow(t, headerLead)).push_status).toBe('sent');

    const { leadId: queryLead } = await leadFor({
      endpoint_url: `${server.url}/v2/leads?source=net`,
      post_encoding: 'json',
      auth_location: 'query',
      auth_field_name: 'token',
      payload_template: { phone: '{phone}', at: '{timestamp}', offer: '{offer_name}' },
    });
    await worker.runOnce();
    const second = server.requests[1]!;
    expect(second.url).toBe('/v2/leads?source=net&token=KEY');
    expect(second.body).toBe('{"phone":"+919876543210","at":"2026-06-01T12:00:00.000Z","offer":"Keto Slim"}');
    expect((await leadRow(t, queryLead)).push_status).toBe('sent');
  });

  const combinations = [
    ...['json', 'form'].flatMap((encoding) =>
      ['header', 'body', 'query'].map((location) => ({ type: 'api_post', encoding, location })),
    ),
    ...['header', 'body', 'query'].map((location) => ({ type: 's2s_get', encoding: 'json', location })),
  ];
  it.each(combinations)(
    '$type with $encoding encoding and the key in the $location',
    async ({ type, encoding, location }) => {
      const { leadId } = await leadFor({
        endpoint_url: `${server.url}/in`,
        integration_type: type,
        post_encoding: encoding,
        auth_location: location,
        auth_header_name: 'X-Partner-Key',
        auth_field_name: 'token',
        payload_template: { phone: '{phone}', name: '{name}' },
      });
      expect(await worker.runOnce()).toBe(1);
      const received = server.requests[0]!;
      const url = new URL(received.url, server.url);
      const fields =
        type === 's2s_get'
          ? Object.fromEntries(url.searchParams)
          : encoding === 'json'
            ? JSON.parse(received.body)
            : Object.fromEntries(new URLSearchParams(received.body));
      expect(received.method).toBe(type === 's2s_get' ? 'GET' : 'POST');
      if (type === 'api_post') {
        expect(received.headers['content-type']).toBe(
          encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
        );
      }
      expect(fields).toMatchObject({ phone: '+919876543210', name: 'John' });
      const inHeader = received.headers['x-partner-key'];
      const inQuery = url.searchParams.get('token');
      const inBody = type === 'api_post' ? fields.token : undefined;
      expect({ inHeader, inQuery, inBody }).toEqual({
        inHeader: location === 'header' ? 'KEY' : undefined,
        inQuery: location === 'query' || (type === 's2s_get' && location === 'body') ? 'KEY' : null,
        inBody: type === 'api_post' && location === 'body' ? 'KEY' : undefined,
      });
      expect((await leadRow(t, leadId)).push_status).toBe('sent');
      const [logged] = await pushLog(leadId);
      expect(JSON.stringify(logged)).not.toContain('KEY');
    },
  );

  it('never pushes test, spam or duplicate leads', async () => {
    const adv = await makeAdvertiser(t, token, { endpoint_url: `${server.url}/lead` });
    const offer = await makeOffer(t, token, { advertiser_id: adv.id });
    const base = { offer_id: offer.id, pub_id: pub.id };
    expect((await submitLead(t, { ...base, phone: '+919800000001', test: true })).body.status).toBe('test');
    expect((await submitLead(t, { ...base, phone: '+919800000002', user_agent: 'curl/8' })).body.status).toBe(
      'spam',
    );
    expect((await submitLead(t, { ...base, phone: '+919800000003' })).body.status).toBe('processing');
    expect((await submitLead(t, { ...base, phone: '+919800000003' })).body.status).toBe('duplicate');
    expect(await worker.runOnce()).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body).toContain('phone=%2B919800000003');
  });
});

describe('push failures', () => {
  it('retries 5xx with exponential backoff on the clock, logging every attempt, then succeeds', async () => {
    server.respondWith(
      { status: 500, body: 'database down' },
      { status: 503, body: 'maintenance' },
      { status: 200, body: '{"lead_id":"L-3"}' },
    );
    const { leadId } = await leadFor({ endpoint_url: `${server.url}/lead`, auth_key: 'SECRET-9' });
    const start = t.clock.now().getTime();
    expect(await worker.runOnce()).toBe(1);
    expect(await leadRow(t, leadId)).toMatchObject({
      push_status: 'pending',
      push_attempts: 1,
      push_error: expect.stringMatching(/^HTTP 500 from 127\.0\.0\.1:\d+: database down$/),
    });
    // The API says it as a code and its values too: the web app translates it (docs/i18n.md).
    const failing = await t.call('GET', `/api/admin/leads/${leadId}`, { token });
    expect(failing.body).toMatchObject({
      push_error_code: 'http_status',
      push_error_params: { host: expect.stringMatching(/^127\.0\.0\.1:\d+$/), status: 500 },
    });
    const job = await t.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('payload', 'like', `%${leadId}%`)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 1, max_attempts: 8 });
    expect(job.run_at).toBe(new Date(start + 30_000).toISOString());

    t.clock.advance(29_999);
    expect(await worker.runOnce()).toBe(0);
    t.clock.advance(1);
    expect(await worker.runOnce()).toBe(1);
    expect(await leadRow(t, leadId)).toMatchObject({ push_status: 'pending', push_attempts: 2 });
    t.clock.advance(59_999);
    expect(await worker.runOnce()).toBe(0);
    t.clock.advance(1);
    expect(await worker.runOnce()).toBe(1);
    expect(await leadRow(t, leadId)).toMatchObject({
      push_status: 'sent',
      push_attempts: 3,
      push_error: null,
      adv_lead_id: 'L-3',
    });
    expect(server.requests).toHaveLength(3);

    const detail = await t.call('GET', `/api/admin/leads/${leadId}`, { token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ push_error: null, push_error_code: null, push_error_params: null });
    expect(detail.body.push_requests.map((r: { response_status: number }) => r.response_status)).toEqual([
      500, 503, 200,
    ]);
    expect(JSON.stringify(detail.body)).not.toContain('SECRET-9');
  });

  it('does not retry a 4xx: the lead is failed at once, and the operator can push it again', async () => {
    server.respondWith({ status: 422, body: '{"error":"offer closed"}' });
    const { leadId } = await leadFor({ endpoint_url: `${server.url}/lead` });
    await worker.runOnce();
    expect(await leadRow(t, leadId)).toMatchObject({
      push_status: 'failed',
      push_attempts: 1,
      push_error: expect.stringMatching(/HTTP 422 .*offer closed/),
    });
    t.clock.advance(24 * 3_600_000);
    expect(await worker.runOnce()).toBe(0);

    const failedList = await t.call('GET', '/api/admin/leads', { token, query: { push_status: 'failed' } });
    expect(failedList.body.data.map((l: { id: string }) => l.id)).toContain(leadId);
    expect(failedList.body.data.find((l: { id: string }) => l.id === leadId)).toMatchObject({
      push_error_code: 'http_status',
      push_error_params: { status: 422 },
    });

    const retried = await t.call('POST', `/api/admin/leads/${leadId}/push`, { token });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: leadId, push_status: 'pending' });
    const twice = await t.call('POST', `/api/admin/leads/${leadId}/push`, { token });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/this one is pending/);

    expect(await worker.runOnce()).toBe(1);
    expect(await leadRow(t, leadId)).toMatchObject({
      push_status: 'sent',
      push_attempts: 2,
      push_error: null,
    });
    expect((await t.call('POST', `/api/admin/leads/${leadId}/push`, { token })).status).toBe(409);
    expect((await t.call('POST', '/api/admin/leads/01KT1GW6G0H2PTE0RGGBQX2MJD/push', { token })).status).toBe(
      404,
    );
  });

  it('fails a push answered by a redirect, naming the new location, and sends the key in its body nowhere else', async () => {
    const other = await startFakeServer();
    try {
      const elsewhere = `http://localhost:${new URL(other.url).port}/collect`;
      server.respondWith({ status: 302, headers: { location: elsewhere } });
      const { leadId } = await leadFor({
        endpoint_url: `${server.url}/lead/add`,
        integration_type: 'api_post',
        post_encoding: 'form',
        auth_location: 'body',
      });
      await worker.runOnce();
      expect(server.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
      const lead = await leadRow(t, leadId);
      expect(lead.push_status).toBe('failed');
      expect(lead.push_error).toContain(`redirect to ${elsewhere} not followed`);
      expect(lead).toMatchObject({ push_error_code: 'redirected' });
      const log = await pushLog(leadId);
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ response_status: 302 });
      expect(log[0]!.error).toContain(elsewhere);
    } finally {
      await other.close();
    }
  });

  it('gives up after the maximum attempts on network errors and marks the lead failed', async () => {
    const gone = await startFakeServer();
    await gone.close();
    const { leadId } = await leadFor({ endpoint_url: `${gone.url}/lead` });
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(await worker.runOnce()).toBe(1);
      t.clock.advance(2 * 3_600_000);
    }
    expect(await worker.runOnce()).toBe(0);
    expect(await leadRow(t, leadId)).toMatchObject({
      push_status: 'failed',
      push_attempts: 8,
      push_error: expect.stringMatching(/network_error .*ECONNREFUSED/),
    });
    expect((await t.call('GET', `/api/admin/leads/${leadId}`, { token })).body).toMatchObject({
      push_error_code: 'network_error',
      push_error_params: { host: new URL(gone.url).host },
    });
    const log = await pushLog(leadId);
    expect(log).toHaveLength(8);
    expect(new Set(log.map((r) => r.outcome))).toEqual(new Set(['network_error']));
  });
  it('marks the lead failed when the worker died during its last push attempt', async () => {
    const { leadId } = await leadFor({ endpoint_url: `${server.url}/lead` });
    await t.ctx.db
      .updateTable('jobs')
      .set({ max_attempts: 1 })
      .where('type', '=', 'lead_push')
      .where('payload', 'like', `%${leadId}%`)
      .execute();
    const now = t.clock.now().getTime();
    const claimed = await claimDueJobs(t.ctx.db, {
      types: ['lead_push'],
      limit: 10,
      workerId: 'dead-worker',
      now: new Date(now).toISOString(),
      lockedUntil: new Date(now + 1000).toISOString(),
    });
    expect(claimed.map((j) => JSON.parse(j.payload).leadId)).toContain(leadId);
    t.clock.advance(1001);
    expect(await worker.runOnce()).toBeGreaterThan(0);
    expect(await leadRow(t, leadId)).toMatchObject({
      push_status: 'failed',
      push_error: expect.stringContaining('lease expired'),
    });
    // The worker's own words have no code: the web shows them as written.
    expect((await t.call('GET', `/api/admin/leads/${leadId}`, { token })).body).toMatchObject({
      push_error_code: null,
      push_error_params: null,
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('private targets', () => {
  it('refuses to push to a loopback address unless ALLOW_PRIVATE_TARGETS=1', async () => {
    const strict = await createTestApp();
    try {
      const admin = await strict.adminToken();
      const publisher = await makePublisher(strict, admin);
      const adv = await makeAdvertiser(strict, admin, { endpoint_url: `${server.url}/lead` });
      const offer = await makeOffer(strict, admin, { advertiser_id: adv.id });
      const lead = await submitLead(strict, {
        offer_id: offer.id,
        pub_id: publisher.id,
        phone: '+919876543210',
      });
      const strictWorker = startWorker(strict.ctx, appJobRegistry(), { poll: false, jitter: false });
      expect(await strictWorker.runOnce()).toBe(1);
      await strictWorker.stop();
      expect(server.requests).toHaveLength(0);
      expect(await leadRow(strict, lead.body.id)).toMatchObject({
        push_status: 'failed',
        push_error: expect.stringMatching(/refused/),
      });
    } finally {
      await strict.close();
    }
  });
});

describe('POST /api/admin/advertisers/:id/test-lead', () => {
  it('shows the exact request without sending it (dry run), with a sample or a given lead', async () => {
    const adv = await makeAdvertiser(t, token, {
      endpoint_url: `${server.url}/lead/add`,
      auth_key: 'KEY',
      payload_template: {
        api_key: '{auth_key}',
        phone: '{phone}',
        name: '{name}',
        offer_id: '{adv_offer_id}',
      },
    });
    await makeOffer(t, token, { advertiser_id: adv.id, adv_offer_id: '6411' });
    const dry = await t.call('POST', `/api/admin/advertisers/${adv.id}/test-lead`, {
      token,
      body: { lead: { name: 'John', phone: '+919876543210' } },
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({
      sent: false,
      request: {
        method: 'POST',
        url: `${server.url}/lead/add`,
        headers: expect.objectContaining({ 'content-type': 'application/x-www-form-urlencoded' }),
        body: 'api_key=KEY&phone=%2B919876543210&name=John&offer_id=6411',
      },
    });
    expect(server.requests).toHaveLength(0);

    const sample = await t.call('POST', `/api/admin/advertisers/${adv.id}/test-lead`, { token, body: {} });
    expect(sample.body.request.body).toMatch(
      /^api_key=KEY&phone=%2B919876543210&name=John\+Sample&offer_id=6411$/,
    );
  });

  it('sends it and shows the answer; the request log masks the key', async () => {
    server.respondWith({ status: 200, body: '{"status":"ok","lead_id":"T-1"}' });
    const adv = await makeAdvertiser(t, token, {
      endpoint_url: `${server.url}/leads`,
      post_encoding: 'json',
      auth_location: 'header',
      auth_key: 'TOPSECRET',
    });
    const sent = await t.call('POST', `/api/admin/advertisers/${adv.id}/test-lead`, {
      token,
      body: { send: true },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      sent: true,
      request: { method: 'POST', headers: expect.objectContaining({ 'X-API-Key': 'TOPSECRET' }) },
      result: { outcome: 'response', delivery: 'success', status: 200, adv_lead_id: 'T-1', error: null },
    });
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({ name: 'John Sample', offer_id: 'SAMPLE' });
    const log = await t.call('GET', '/api/admin/outbound-requests', { token, query: { kind: 'lead_test' } });
    expect(log.body.total).toBeGreaterThan(0);
    expect(JSON.stringify(log.body)).not.toContain('TOPSECRET');

    server.respondWith({ status: 400, body: 'bad phone' });
    const rejected = await t.call('POST', `/api/admin/advertisers/${adv.id}/test-lead`, {
      token,
      body: { send: true },
    });
    expect(rejected.body.result).toMatchObject({ status: 400, delivery: 'permanent', body: 'bad phone' });
  });

  it('answers 404 for an unknown advertiser and 422 for an offer of another advertiser', async () => {
    expect(
      (await t.call('POST', '/api/admin/advertisers/999999/test-lead', { token, body: {} })).status,
    ).toBe(404);
    const adv = await makeAdvertiser(t, token);
    const otherOffer = await makeOffer(t, token);
    const wrong = await t.call('POST', `/api/admin/advertisers/${adv.id}/test-lead`, {
      token,
      body: { offer_id: otherOffer.id },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.field).toBe('offer_id');
  });
});

describe('advertiser lead_id_field', () => {
  it('is saved, cleared and validated through the advertisers API', async () => {
    const adv = await makeAdvertiser(t, token, { lead_id_field: 'result.lead.id' });
    expect(adv.lead_id_field).toBe('result.lead.id');
    const cleared = await t.call('PATCH', `/api/admin/advertisers/${adv.id}`, {
      token,
      body: { lead_id_field: null },
    });
    expect(cleared.body.lead_id_field).toBeNull();
    const bad = await t.call('PATCH', `/api/admin/advertisers/${adv.id}`, {
      token,
      body: { lead_id_field: 'a..b' },
    });
    expect(bad.status).toBe(400);
  });
});
