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

  it('follows up to 3 redirects of a GET by hand, as fetch would', async () => {
    server.respondWith(
      { status: 302, headers: { location: '/step-2' } },
      { status: 307, headers: { location: `${server.url}/step-3` } },
      { status: 200, body: 'arrived' },
    );
    const result = await sendRequest(t.ctx, {
      kind: 'publisher_postback',
      method: 'GET',
      url: `${server.url}/step-1`,
    });
    expect(result).toMatchObject({ outcome: 'response', status: 200, body: 'arrived', redirects: 2 });
    expect(result.url).toBe(`${server.url}/step-3`);
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/step-1'],
      ['GET', '/step-2'],
      ['GET', '/step-3'],
    ]);
    const logged = await loggedRequests(t);
    expect(logged.map((r) => [r.hop, r.response_status])).toEqual([
      [0, 302],
      [1, 307],
      [2, 200],
    ]);
  });

  it.each([301, 302, 303, 307, 308])(
    'does not follow a %i answering a POST: a failed attempt whose log names the new location',
    async (status) => {
      server.respondWith({ status, headers: { location: '/moved' } });
      const result = await sendRequest(t.ctx, {
        kind: 'lead_push',
        method: 'POST',
        url: `${server.url}/old`,
        headers: { 'content-type': 'application/json' },
        body: '{"phone":"+15550001"}',
      });
      expect(result).toMatchObject({
        outcome: 'redirected',
        status,
        location: `${server.url}/moved`,
        redirects: 0,
        error: expect.stringContaining(`redirect to ${server.url}/moved not followed`),
      });
      expect(classifyResult(result)).toBe('permanent');
      expect(() => ensureDelivered(result)).toThrow(PermanentError);
      expect(server.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/old']]);
      const logged = await loggedRequests(t);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ outcome: 'response', response_status: status });
      expect(logged[0]!.error).toContain(`${server.url}/moved`);
    },
  );

  it('never re-sends a body carrying an advertiser key to another host', async () => {
    const other = await startFakeServer();
    try {
      const port = new URL(other.url).port;
      server.respondWith({ status: 307, headers: { location: `http://localhost:${port}/elsewhere` } });
      const result = await sendRequest(t.ctx, {
        kind: 'lead_push',
        method: 'POST',
        url: `${server.url}/leads`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'api_key=k-123&phone=%2B15550001',
        secrets: ['k-123'],
      });
      expect(result).toMatchObject({ outcome: 'redirected', status: 307 });
      expect(other.requests).toHaveLength(0);
      const [logged] = await loggedRequests(t);
      expect(logged!.request_body).toBe('api_key=***&phone=%2B15550001');
    } finally {
      await other.close();
    }
  });

  it('does not follow a GET carrying credentials to another host; follows one without', async () => {
    const other = await startFakeServer();
    try {
      const elsewhere = `http://localhost:${new URL(other.url).port}/elsewhere`;
      server.respondWith({ status: 302, headers: { location: elsewhere } });
      const withHeader = await sendRequest(t.ctx, {
        kind: 'lead_push',
        method: 'GET',
        url: `${server.url}/leads?phone=1`,
        headers: { authorization: 'Bearer abc' },
      });
      expect(withHeader).toMatchObject({ outcome: 'redirected', location: elsewhere });

      server.respondWith({ status: 302, headers: { location: elsewhere } });
      const withQueryKey = await sendRequest(t.ctx, {
        kind: 'lead_push',
        method: 'GET',
        url: `${server.url}/leads?api_key=k-123`,
        secrets: ['k-123'],
      });
      expect(withQueryKey).toMatchObject({ outcome: 'redirected', location: elsewhere });
      expect(other.requests).toHaveLength(0);

      server.respondWith({ status: 302, headers: { location: elsewhere } });
      const plain = await sendRequest(t.ctx, {
        kind: 'publisher_postback',
        method: 'GET',
        url: `${server.url}/postback?click_id=abc`,
        headers: { 'x-trace': 'keep-me' },
      });
      expect(plain).toMatchObject({ outcome: 'response', status: 200, redirects: 1 });
      expect(other.requests.map((r) => [r.url, r.headers['x-trace']])).toEqual([['/elsewhere', 'keep-me']]);

      // The same host keeps the credentials: they were meant for it.
      server.respondWith({ status: 302, headers: { location: '/v2/leads?api_key=k-123' } });
      const sameHost = await sendRequest(t.ctx, {
        kind: 'lead_push',
        method: 'GET',
        url: `${server.url}/leads?api_key=k-123`,
        headers: { authorization: 'Bearer abc' },
        secrets: ['k-123'],
      });
      expect(sameHost).toMatchObject({ outcome: 'response', status: 200, redirects: 1 });
      expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer abc');
    } finally {
      await other.close();
    }
  });

  it('stops after 3 redirects and returns the last answer', async () => {
    server.setFallback({ status: 302, headers: { location: '/again' } });
    const result = await sendRequest(t.ctx, { kind: 'lead_push', method: 'GET', url: `${server.url}/loop` });
    expect(result).toMatchObject({ outcome: 'response', status: 302, redirects: 3 });
    expect(server.requests).toHaveLength(4);
    expect(classifyResult(result)).toBe('success');
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

  it('resolves a name once per request and connects to the address it checked (DNS rebinding)', async () => {
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
      { kind: 'lead_push', method: 'GET', url: `http://localhost:${port}/rebind`, timeoutMs: 500 },
      { guard },
    );
    // One answer, the checked one: the socket went to 93.184.216.34 (unreachable here), never
    // to the loopback address a second lookup would have given.
    expect(lookups).toEqual(['localhost']);
    expect(server.requests).toHaveLength(0);
    expect(result.outcome === 'network_error' || result.outcome === 'timeout').toBe(true);
    expect(JSON.stringify(result)).not.toContain('127.0.0.1');
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
