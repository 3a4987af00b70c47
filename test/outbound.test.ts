import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../src/jobs/errors.js';
import { classifyResult, ensureDelivered } from '../src/modules/outbound/classify-result.js';
import {
  OutboundRequestError,
  RESPONSE_BODY_LIMIT,
  type SendRequestInput,
  sendRequest,
} from '../src/modules/outbound/send-request.js';
import { createTargetGuard, type TargetGuard } from '../src/modules/outbound/target-guard.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(() => server.close());

const loggedRequests = (t: TestApp) =>
  t.ctx.db.selectFrom('outbound_requests').selectAll().orderBy('hop').execute();

describe('outbound requests with private targets allowed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1' } });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.ctx.db.deleteFrom('outbound_requests').execute();
  });

  it('sends the request and returns status, headers, body and duration', async () => {
    server.respondWith({ status: 201, headers: { 'x-lead-id': 'L-77' }, body: '{"status":"ok"}' });
    const result = await sendRequest(t.ctx, {
      kind: 'lead_push',
      method: 'post',
      url: `${server.url}/lead/add`,
      headers: { 'content-type': 'application/json' },
      body: '{"phone":"+919876543210"}',
      subjectId: 'lead-1',
    });
    expect(result).toMatchObject({
      outcome: 'response',
      status: 201,
      body: '{"status":"ok"}',
      bodyTruncated: false,
      redirects: 0,
    });
    if (result.outcome !== 'response') throw new Error('expected a response');
    expect(result.headers['x-lead-id']).toBe('L-77');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toMatchObject([
      { method: 'POST', url: '/lead/add', body: '{"phone":"+919876543210"}' },
    ]);
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('masks every secret in the logged URL, headers and bodies; the other side gets the real ones', async () => {
    const token = await t.adminToken();
    const secret = 'sk_live/4f+9Q&z';
    server.respondWith({ status: 400, body: `{"error":"key ${secret} is disabled"}` });
    await sendRequest(t.ctx, {
      kind: 'capi',
      method: 'POST',
      url: `${server.url}/v19.0/events?access_token=${encodeURIComponent(secret)}`,
      headers: {
        'X-API-Key': secret,
        Authorization: 'Bearer not-listed',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ api_key: secret, phone: '+911234567890' }),
      secrets: [secret],
      subjectId: 'lead-42',
    });
    expect(server.requests[0]!.headers['x-api-key']).toBe(secret);
    expect(server.requests[0]!.url).toContain(encodeURIComponent(secret));

    const response = await t.call('GET', '/api/admin/outbound-requests', {
      token,
      query: { subject_id: 'lead-42', kind: 'capi' },
    });
    expect(response.body.total).toBe(1);
    const logged = response.body.data[0];
    expect(logged.url).toBe(`${server.url}/v19.0/events?access_token=***`);
    expect(logged.request_headers).toMatchObject({ 'X-API-Key': '***', Authorization: '***' });
    expect(JSON.parse(logged.request_body)).toEqual({ api_key: '***', phone: '+911234567890' });
    expect(logged.response_body).toBe('{"error":"key *** is disabled"}');
    expect(logged).toMatchObject({ outcome: 'response', response_status: 400, kind: 'capi', method: 'POST' });
    expect(JSON.stringify(logged)).not.toContain('sk_live');
    expect(JSON.stringify(logged)).not.toContain('not-listed');

    const none = await t.call('GET', '/api/admin/outbound-requests', {
      token,
      query: { subject_id: 'lead-43' },
    });
    expect(none.body.total).toBe(0);
  });

  it('follows up to 3 redirects by hand, as fetch would: POST becomes GET on 302, 307 keeps it', async () => {
    server.respondWith(
      { status: 302, headers: { location: '/step-2' } },
      { status: 307, headers: { location: `${server.url}/step-3` } },
      { status: 200, body: 'arrived' },
    );
    const result = await sendRequest(t.ctx, {
      kind: 'publisher_postback',
      method: 'POST',
      url: `${server.url}/step-1`,
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(result).toMatchObject({ outcome: 'response', status: 200, body: 'arrived', redirects: 2 });
    expect(result.url).toBe(`${server.url}/step-3`);
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/step-1', 'hello'],
      ['GET', '/step-2', ''],
      ['GET', '/step-3', ''],
    ]);
    const logged = await loggedRequests(t);
    expect(logged.map((r) => [r.hop, r.response_status])).toEqual([
      [0, 302],
      [1, 307],
      [2, 200],
    ]);
  });

  it('keeps a POST and its body across a 301 (an endpoint that moved), so a pushed lead is not dropped', async () => {
    server.respondWith(
      { status: 301, headers: { location: '/moved' } },
      { status: 200, body: '{"ok":true}' },
    );
    const result = await sendRequest(t.ctx, {
      kind: 'lead_push',
      method: 'POST',
      url: `${server.url}/old`,
      headers: { 'content-type': 'application/json' },
      body: '{"phone":"+15550001"}',
    });
    expect(result).toMatchObject({ outcome: 'response', status: 200, redirects: 1 });
    expect(server.requests.map((r) => [r.method, r.url, r.body, r.headers['content-type']])).toEqual([
      ['POST', '/old', '{"phone":"+15550001"}', 'application/json'],
      ['POST', '/moved', '{"phone":"+15550001"}', 'application/json'],
    ]);
  });

  it('stops after 3 redirects and returns the last answer', async () => {
    server.setFallback({ status: 302, headers: { location: '/again' } });
    const result = await sendRequest(t.ctx, { kind: 'lead_push', method: 'GET', url: `${server.url}/loop` });
    expect(result).toMatchObject({ outcome: 'response', status: 302, redirects: 3 });
    expect(server.requests).toHaveLength(4);
    expect(classifyResult(result)).toBe('success');
  });

  it('does not carry credentials to another host on redirect', async () => {
    const other = await startFakeServer();
    try {
      const port = new URL(other.url).port;
      server.respondWith({ status: 307, headers: { location: `http://localhost:${port}/elsewhere` } });
      await sendRequest(t.ctx, {
        kind: 'lead_push',
        method: 'POST',
        url: `${server.url}/leads`,
        headers: { authorization: 'Bearer abc', 'x-api-key': 'k-123', 'x-trace': 'keep-me' },
        body: 'x=1',
        secrets: ['k-123'],
      });
      expect(server.requests[0]!.headers).toMatchObject({
        authorization: 'Bearer abc',
        'x-api-key': 'k-123',
      });
      expect(other.requests).toHaveLength(1);
      expect(other.requests[0]!.headers.authorization).toBeUndefined();
      expect(other.requests[0]!.headers['x-api-key']).toBeUndefined();
      expect(other.requests[0]!.headers['x-trace']).toBe('keep-me');
    } finally {
      await other.close();
    }
  });

  it('caps the response body it reads', async () => {
    server.respondWith({ status: 200, body: 'a'.repeat(RESPONSE_BODY_LIMIT * 2) });
    const result = await sendRequest(t.ctx, { kind: 'lead_push', method: 'GET', url: `${server.url}/big` });
    expect(result).toMatchObject({ outcome: 'response', bodyTruncated: true });
    if (result.outcome !== 'response') throw new Error('expected a response');
    expect(result.body).toHaveLength(RESPONSE_BODY_LIMIT);
    const [logged] = await loggedRequests(t);
    expect(logged!.response_body!.length).toBeLessThan(10 * 1024);
  });

  it('returns timeouts and connection failures as results, and logs them', async () => {
    server.respondWith({ hang: true });
    const slow = await sendRequest(t.ctx, {
      kind: 'lead_push',
      method: 'GET',
      url: `${server.url}/slow`,
      timeoutMs: 150,
    });
    expect(slow).toMatchObject({ outcome: 'timeout', error: 'no answer within 150 ms' });
    expect(slow.durationMs).toBeGreaterThanOrEqual(100);

    const closed = await startFakeServer();
    await closed.close();
    const refused = await sendRequest(t.ctx, { kind: 'lead_push', method: 'GET', url: `${closed.url}/x` });
    expect(refused).toMatchObject({
      outcome: 'network_error',
      error: expect.stringContaining('ECONNREFUSED'),
    });
    expect(classifyResult(refused)).toBe('retryable');
    expect((await loggedRequests(t)).map((r) => r.outcome).sort()).toEqual(['network_error', 'timeout']);
  });

  it('rejects a GET with a body as a programming error', async () => {
    const input: SendRequestInput = { kind: 'lead_push', method: 'GET', url: server.url, body: 'x' };
    await expect(sendRequest(t.ctx, input)).rejects.toThrow(OutboundRequestError);
  });
});

describe('private-target guard (ALLOW_PRIVATE_TARGETS off, the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.ctx.db.deleteFrom('outbound_requests').execute();
  });

  it('refuses a loopback target without sending anything, and logs the refusal', async () => {
    expect(t.ctx.config.allowPrivateTargets).toBe(false);
    const result = await sendRequest(t.ctx, {
      kind: 'publisher_postback',
      method: 'GET',
      url: `${server.url}/postback?click_id=abc`,
      subjectId: 'click-abc',
    });
    expect(result).toMatchObject({
      outcome: 'refused',
      error: expect.stringContaining('127.0.0.1 (loopback)'),
    });
    expect(server.requests).toHaveLength(0);
    expect(classifyResult(result)).toBe('permanent');
    expect(() => ensureDelivered(result)).toThrow(PermanentError);
    const [logged] = await loggedRequests(t);
    expect(logged).toMatchObject({ outcome: 'refused', subject_id: 'click-abc', response_status: null });
  });

  it('refuses a name that resolves to loopback', async () => {
    const port = new URL(server.url).port;
    const result = await sendRequest(t.ctx, {
      kind: 'lead_push',
      method: 'GET',
      url: `http://localhost:${port}/`,
    });
    expect(result).toMatchObject({
      outcome: 'refused',
      error: expect.stringContaining('localhost resolves to'),
    });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a name that answers public to the check and loopback when connecting (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const lookups: string[] = [];
    const guard = createTargetGuard({
      allowPrivateTargets: false,
      lookup: async (host) => {
        lookups.push(host);
        return answers.shift() ?? ['127.0.0.1'];
      },
    });
    const result = await sendRequest(
      t.ctx,
      { kind: 'lead_push', method: 'GET', url: `http://localhost:${port}/rebind` },
      { guard },
    );
    expect(lookups).toEqual(['localhost', 'localhost']);
    expect(result).toMatchObject({
      outcome: 'refused',
      error: expect.stringContaining('localhost resolved to 127.0.0.1 (loopback) when connecting'),
    });
    expect(server.requests).toHaveLength(0);
    expect(classifyResult(result)).toBe('permanent');
  });

  it('refuses a redirect to a private address', async () => {
    // The fake advertiser lives on 127.0.0.1; stand it in for a public host, and keep the real
    // guard for every other target.
    const real = createTargetGuard({ allowPrivateTargets: false });
    const advertiserHost = new URL(server.url).host;
    const guard: TargetGuard = {
      check: (url) =>
        new URL(url).host === advertiserHost ? Promise.resolve({ allowed: true }) : real.check(url),
    };
    server.respondWith({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    const result = await sendRequest(
      t.ctx,
      { kind: 'lead_push', method: 'GET', url: `${server.url}/leads` },
      { guard },
    );
    expect(result).toMatchObject({
      outcome: 'refused',
      redirects: 1,
      url: 'http://169.254.169.254/latest/meta-data/',
      error: expect.stringContaining('linkLocal'),
    });
    expect(server.requests).toHaveLength(1);
    const logged = await loggedRequests(t);
    expect(logged.map((r) => [r.hop, r.outcome, r.response_status])).toEqual([
      [0, 'response', 302],
      [1, 'refused', null],
    ]);
  });
});
