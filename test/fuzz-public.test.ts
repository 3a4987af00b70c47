import { connect } from 'node:net';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClick, makeNetwork, type Network } from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 20, item 5: hostile requests over every public endpoint, sent byte for byte over a real
// socket (the tracking fast path in front of Fastify included). Bad encodings, huge and deep
// bodies, prototype keys, SQL/NoSQL injections, CRLF, unicode digits and absurd amounts must get
// an answer below 500, within a bound, and a refusal (4xx) must change nothing: the business
// tables keep their row counts. Seeded, so a failure comes back the same on the next run.
// test/bad-encoding-fuzz.test.ts covers percent-encoding and byte soup in URLs in more depth.

const SEED = 20;
/** Per request: far above a normal answer, far below a hang. */
const REQUEST_BOUND_MS = 5_000;

let t: TestApp;
let port: number;
let net: Network;
let flowCode: string;
let clickId: string;
let statsToken: string;
let ingestKey: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1', INTAKE_RATE_LIMIT: '0' } });
  net = await makeNetwork(t);
  const flow = await t.call('POST', '/api/admin/flows', {
    token: net.token,
    body: { publisher_id: net.publisher.id, offer_id: net.offer.id },
  });
  flowCode = flow.body.code;
  const site = await t.call('POST', '/api/admin/sites', {
    token: net.token,
    body: {
      offer_id: net.offer.id,
      name: 'Fuzz',
      slug: 'fuzz',
      files: [{ path: 'index.html', content_base64: Buffer.from('<p>{click}</p>').toString('base64') }],
    },
  });
  expect(site.status).toBe(201);
  clickId = await makeClick(t, net);
  statsToken = (await t.call('POST', '/api/publisher/stats-token', { token: net.publisher.token })).body
    .token;
  ingestKey = net.offer.ingest_key;
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(address).port);
});
afterAll(() => t.close());

interface HostileRequest {
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  contentType?: string;
}

interface Answer {
  status: number;
  head: string;
  ms: number;
}

let visitors = 0;

/** One request as raw bytes, from an address of its own (rate limits and velocity stay out of the way). */
function send(request: HostileRequest): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(REQUEST_BOUND_MS, () =>
      socket.destroy(
        new Error(`no answer within ${REQUEST_BOUND_MS} ms: ${request.method} ${request.target}`),
      ),
    );
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const head = raw.split('\r\n\r\n')[0] ?? '';
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1];
      if (status) resolve({ status: Number(status), head, ms: performance.now() - started });
      else reject(new Error(`no status line for ${request.method} ${request.target.slice(0, 100)}`));
    });
    visitors += 1;
    const lines = [
      `${request.method} ${request.target} HTTP/1.1`,
      'Host: leadrail.test',
      'Connection: close',
      'User-Agent: Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/126.0 Mobile Safari/537.36',
      `X-Forwarded-For: 8.${20 + ((visitors >> 16) & 63)}.${(visitors >> 8) & 255}.${visitors & 255}`,
    ];
    for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
    const payload =
      request.body === undefined
        ? undefined
        : Buffer.isBuffer(request.body)
          ? request.body
          : Buffer.from(request.body, 'utf8');
    if (payload) {
      lines.push(
        `Content-Type: ${request.contentType ?? 'application/json'}`,
        `Content-Length: ${payload.length}`,
      );
    }
    socket.write(
      Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload ?? Buffer.alloc(0)]),
    );
  });
}

/** Hostile values, as text. Each is sent percent-encoded in a URL and as is in a body. */
const INJECTIONS = [
  "' OR '1'='1",
  '1; DROP TABLE leads; --',
  "1' UNION SELECT password_hash FROM users --",
  "'); DELETE FROM conversions; --",
  '1 OR 1=1',
  "\\'; SELECT pg_sleep(10); --",
  "1' AND (SELECT 1 FROM (SELECT SLEEP(10))x) --",
  '{"$gt": ""}',
  '{"$ne": null}',
  '[$ne]=1',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection, sent as text
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'x\r\nX-Injected: 1',
  'x\r\nSet-Cookie: pwned=1',
  '%0d%0aX-Injected:%201',
  'x\u0000y',
];
const UNICODE_DIGITS = ['١٢٣', '۱۲۳', '１２３', '¹²³', '𝟙𝟚𝟛', '١٠٠٠٠٠٠٠٠٠', '٣.٥٠', '12\u200b3', '\u0661e9'];
const ABSURD_AMOUNTS = [
  '1e308',
  '-1e308',
  '1e-400',
  '99999999999999999999999999',
  '9007199254740993',
  '-1',
  '-0',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x1F',
  '1,000.00',
  '1.2.3',
  '  7 ',
  '7.000000000000000000001',
  '',
  '.',
  '1e',
  '٣',
];
const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'hasOwnProperty',
  'toString',
];
const BAD_ENCODINGS = ['%ff', '%c0%ae', '%ed%a0%80', '%', '%zz', '%e2%82', '%00', '%u0041'];

const enc = (value: string) => encodeURIComponent(value);
const hostile = fc.constantFrom(...INJECTIONS, ...UNICODE_DIGITS, ...ABSURD_AMOUNTS, ...PROTOTYPE_KEYS);
/** A value for a URL: usually encoded, sometimes a raw bad escape. */
const urlValue = fc.oneof(
  { weight: 4, arbitrary: hostile.map(enc) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_ENCODINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...ABSURD_AMOUNTS, ...UNICODE_DIGITS).map(enc) },
);

/** A JSON body with hostile values, prototype keys, NoSQL operators or unexpected types. */
const jsonBody = (base: Record<string, unknown>) =>
  fc
    .tuple(
      fc.constantFrom(...Object.keys(base)),
      fc.oneof(
        hostile,
        fc.constantFrom<unknown>(
          { $gt: '' },
          { $ne: null },
          [1, 2],
          null,
          true,
          1e308,
          -1,
          Number.MAX_SAFE_INTEGER + 2,
          { toString: 'x' },
        ),
      ),
      fc.constantFrom(...PROTOTYPE_KEYS, 'extra'),
    )
    .map(([field, value, key]) => {
      const fields = JSON.stringify({ ...base, [field]: value });
      // __proto__ written into the text itself: JSON.stringify would drop it.
      return `{"${key}":{"admin":true,"status":"approved","polluted":1},${fields.slice(1)}`;
    });

const formBody = (base: Record<string, string>) =>
  fc
    .tuple(
      fc.constantFrom(...Object.keys(base)),
      fc.oneof(hostile.map(enc), fc.constantFrom(...BAD_ENCODINGS)),
    )
    .map(
      ([field, value]) =>
        `${Object.entries({ ...base })
          .map(([k, v]) => `${k}=${k === field ? value : enc(v)}`)
          .join('&')}&__proto__[admin]=1&constructor[prototype][polluted]=1`,
    );

/** Every public endpoint and how a hostile request to it is built. */
function endpoints(): { name: string; requests: fc.Arbitrary<HostileRequest> }[] {
  const offer = net.offer.id;
  const pub = net.publisher.id;
  const token = net.advertiser.postback_token;
  const get = (target: fc.Arbitrary<string>) => target.map((t2) => ({ method: 'GET', target: t2 }));
  return [
    {
      name: 'GET /click',
      requests: get(
        fc
          .tuple(
            urlValue,
            urlValue,
            fc.constantFrom('offer_id', 'pub_id', 'sub1', 'sub10', 'fbclid', '__proto__'),
          )
          .map(([a, b, key]) => `/click?offer_id=${offer}&pub_id=${pub}&${key}=${a}&sub2=${b}`),
      ),
    },
    { name: 'GET /click ids', requests: get(urlValue.map((v) => `/click?offer_id=${v}&pub_id=${v}`)) },
    { name: 'GET /f/:code', requests: get(urlValue.map((v) => `/f/${flowCode}?sub1=${v}&${v}=1`)) },
    { name: 'GET /f/<hostile>', requests: get(urlValue.map((v) => `/f/${v}`)) },
    { name: 'GET /r', requests: get(urlValue.map((v) => `/r?ref=${flowCode}&s1=${v}&fbclid=${v}`)) },
    {
      name: 'GET /postback',
      requests: get(
        fc
          .tuple(urlValue, fc.constantFrom('status', 'payout', 'sum', 'goal', 'txid', 'currency', 'click_id'))
          .map(([v, key]) => `/postback?click_id=${clickId}&token=${token}&status=approved&${key}=${v}`),
      ),
    },
    {
      name: 'GET /postback/:token',
      requests: get(urlValue.map((v) => `/postback/${v}?click_id=${clickId}&status=${v}`)),
    },
    {
      name: 'POST /postback',
      requests: formBody({ click_id: clickId, token, status: 'approved', payout: '1.00' }).map((body) => ({
        method: 'POST',
        target: '/postback',
        body,
        contentType: 'application/x-www-form-urlencoded',
      })),
    },
    {
      name: 'GET /api/track/postback.json',
      requests: get(
        fc
          .tuple(urlValue, fc.constantFrom('status', 'payout', 'click', 'id', 'goal'))
          .map(([v, key]) => `/api/track/postback.json?click=${clickId}&token=${token}&status=1&${key}=${v}`),
      ),
    },
    {
      name: 'POST /api/track/postback.json',
      requests: jsonBody({ click: clickId, token, status: 'approved', payout: '2.00' }).map((body) => ({
        method: 'POST',
        target: '/api/track/postback.json',
        body,
      })),
    },
    {
      name: 'POST /api/lead',
      requests: fc
        .tuple(
          jsonBody({ offer_id: offer, pub_id: pub, phone: '+919876500001', name: 'Asha', sub1: 'x' }),
          formBody({ offer_id: offer, pub_id: pub, phone: '+919876500002', name: 'Asha' }),
          fc.boolean(),
        )
        .map(([json, form, asJson]) => ({
          method: 'POST',
          target: '/api/lead',
          body: asJson ? json : form,
          contentType: asJson ? 'application/json' : 'application/x-www-form-urlencoded',
        })),
    },
    {
      name: 'GET /pixel.gif',
      requests: get(
        fc
          .tuple(urlValue, fc.constantFrom('amount', 'order_id', 'currency', 'goal', 'sig', 'click_id'))
          .map(([v, key]) => `/pixel.gif?offer=${offer}&click_id=${clickId}&${key}=${v}`),
      ),
    },
    { name: 'GET /pixel.js', requests: get(urlValue.map((v) => `/pixel.js?offer=${v}&click_id=${v}`)) },
    {
      name: 'GET /s/',
      requests: get(
        fc
          .tuple(urlValue, fc.constantFrom('/s/fuzz/', '/s/', '/s/fuzz/../'))
          .map(([v, base]) => `${base}${v}`),
      ),
    },
    {
      name: 'POST /api/publisher/register',
      requests: jsonBody({ name: 'Fuzz', email: 'fuzz@example.com', password: 'long-enough-password' }).map(
        (body) => ({ method: 'POST', target: '/api/publisher/register', body }),
      ),
    },
    {
      name: 'POST login',
      requests: fc
        .tuple(
          jsonBody({ email: 'admin@leadrail.test', password: 'x' }),
          fc.constantFrom('auth', 'publisher'),
        )
        .map(([body, who]) => ({ method: 'POST', target: `/api/${who}/login`, body })),
    },
    {
      name: 'GET stats API',
      requests: get(
        fc
          .tuple(
            urlValue,
            fc.constantFrom('token', 'from', 'to', 'group', 'offer', 'tz', 'since', 'cursor', 'limit'),
          )
          .map(([v, key]) =>
            key === 'token'
              ? `/api/affiliate/stats-api?token=${v}`
              : `/api/affiliate/stats-api${key === 'since' || key === 'cursor' ? '/conversions' : ''}?token=${statsToken}&${key}=${v}`,
          ),
      ),
    },
    {
      name: 'POST /api/ingest/*',
      requests: fc
        .tuple(
          jsonBody({
            click_id: clickId,
            event: 'sale',
            external_payment_id: 'pay-1',
            gross_amount: '19.99',
            currency: 'USD',
          }),
          fc.constantFrom('conversion', 'refund', 'chargeback'),
          fc.constantFrom(ingestKey, 'wrong-key', "' OR '1'='1"),
        )
        .map(([body, kind, key]) => ({
          method: 'POST',
          target: `/api/ingest/${kind}`,
          body,
          headers: { 'x-offer-key': key },
        })),
    },
  ];
}

const TRACKED_TABLES = [
  'clicks',
  'users',
  'sessions',
  'advertisers',
  'offers',
  'publishers',
  'flows',
  'leads',
  'conversions',
  'ledger_entries',
  'lead_status_history',
  'payouts',
  'jobs',
  'outbound_requests',
  'local_sites',
] as const;

/** Row counts of the tables a refused request must leave alone, in one round trip. */
async function counts(): Promise<Record<string, number>> {
  await t.ctx.clickWriter.flush();
  const columns = sql.join(
    TRACKED_TABLES.map((table) => sql`(select count(*) from ${sql.table(table)}) as ${sql.ref(table)}`),
  );
  const result = await sql<Record<string, number | string>>`select ${columns}`.execute(t.ctx.db);
  return Object.fromEntries(Object.entries(result.rows[0]!).map(([k, v]) => [k, Number(v)]));
}

/** Structural attacks: huge and deep bodies, odd content types, CRLF in headers. */
function structuralRequests(): HostileRequest[] {
  const deepObject = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
  const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const huge = `{"phone":"${'9'.repeat(3 * 1024 * 1024)}"}`;
  const manyKeys = `{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
  const manyParams = Array.from({ length: 5_000 }, (_, i) => `p${i}=${i}`).join('&');
  const posts = [
    '/api/lead',
    '/api/track/postback.json',
    '/postback',
    '/api/publisher/register',
    '/api/auth/login',
  ];
  const requests: HostileRequest[] = [];
  for (const target of [...posts, '/api/ingest/conversion']) {
    for (const body of [
      deepObject,
      deepArray,
      huge,
      manyKeys,
      '{"a":',
      '\uFEFF{}',
      '[]',
      'null',
      '"x"',
      '1e999',
    ]) {
      requests.push({ method: 'POST', target, body, headers: { 'x-offer-key': ingestKey } });
    }
    requests.push({
      method: 'POST',
      target,
      body: manyParams,
      contentType: 'application/x-www-form-urlencoded',
    });
    requests.push({ method: 'POST', target, body: Buffer.from([0xff, 0xfe, 0x00, 0xc0, 0xae]) });
    requests.push({
      method: 'POST',
      target,
      body: '{"a":1}',
      contentType: 'application/json; charset=utf-16',
    });
    requests.push({ method: 'POST', target, body: 'a=1', contentType: 'text/xml' });
    requests.push({
      method: 'POST',
      target,
      body: '--x\r\n',
      contentType: 'multipart/form-data; boundary=x',
    });
  }
  for (const target of [
    `/f/${flowCode}`,
    '/click',
    '/postback',
    '/pixel.gif',
    '/s/fuzz/',
    '/api/affiliate/stats-api',
  ]) {
    requests.push({ method: 'GET', target: `${target}?${manyParams}` });
    requests.push({ method: 'GET', target: `${target}?sub1=${'a'.repeat(60_000)}` });
    requests.push({
      method: 'GET',
      target,
      headers: { Cookie: `lr_click=${'%ff'.repeat(2000)}; __proto__=1` },
    });
    requests.push({
      method: 'GET',
      target,
      headers: { Referer: 'x\u00ff\u00fe', 'X-Forwarded-For': "' OR 1=1, ::1" },
    });
    requests.push({ method: 'GET', target, headers: { 'Accept-Language': '١٢٣;q=١' } });
  }
  return requests;
}

describe('fuzzing every public endpoint', () => {
  it('answers over 1,000 hostile requests below 500, in bounded time, and refusals change nothing', async () => {
    const started = performance.now();
    const requests: { name: string; request: HostileRequest }[] = [];
    endpoints().forEach((endpoint, i) => {
      for (const request of fc.sample(endpoint.requests, { seed: SEED + i, numRuns: 60 })) {
        requests.push({ name: endpoint.name, request });
      }
    });
    for (const request of structuralRequests()) requests.push({ name: 'structural', request });
    expect(requests.length).toBeGreaterThanOrEqual(1_000);

    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let before = await counts();
    for (const { name, request } of requests) {
      const label = `${name}: ${request.method} ${request.target.slice(0, 140)}`;
      let answer: Answer;
      try {
        answer = await send(request);
      } catch (error) {
        problems.push(`${label} → ${(error as Error).message}`);
        before = await counts();
        continue;
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500)
        problems.push(
          `${label} → ${answer.status} (${String(request.contentType ?? '')} ${String(request.body ?? '').slice(0, 40)})`,
        );
      if (/^(x-injected|set-cookie: pwned)/im.test(answer.head)) problems.push(`${label} → header injected`);
      const after = await counts();
      if (answer.status >= 400) {
        const changed = TRACKED_TABLES.filter((table) => after[table] !== before[table]);
        if (changed.length > 0)
          problems.push(`${label} → ${answer.status} but ${changed.join(', ')} changed`);
      }
      before = after;
    }
    expect(problems).toEqual([]);
    console.info(`${requests.length} hostile requests, answers by status:`, Object.fromEntries(statuses));
    // Something got through to real work, not only refusals at the door.
    expect([...statuses.keys()].some((s) => s < 400)).toBe(true);
    // Nothing pollutes a shared prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    // The server still does its job afterwards.
    expect((await send({ method: 'GET', target: '/healthz' })).status).toBe(200);
    expect((await send({ method: 'GET', target: `/f/${flowCode}?sub1=ok` })).status).toBe(302);
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
