import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Hostile URLs on every public path, sent byte for byte over a real socket: GET /click, /f/:code
// and /r are answered by the raw fast path in front of Fastify, which inject() never reaches. A bad
// percent-encoding, an overlong or surrogate UTF-8 sequence, a NUL or a very long value must get a
// 4xx (or the page it would get anyway), never a 5xx, and the server must keep serving.

let t: TestApp;
let port: number;
let webDir: string;
let flowCode: string;

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'leadrail-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Leadrail</title>');
  writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log("app")');
  t = await createTestApp({ env: { TRUST_PROXY: '1' }, webDir });
  const token = await t.adminToken();
  const offer = await makeOffer(t, token, { geo: [] });
  const pub = await makePublisher(t, token);
  const flow = await t.call('POST', '/api/admin/flows', {
    token,
    body: { publisher_id: pub.id, offer_id: offer.id },
  });
  flowCode = flow.body.code;
  const site = await t.call('POST', '/api/admin/sites', {
    token,
    body: {
      offer_id: offer.id,
      name: 'Fuzz',
      slug: 'fuzz',
      files: [{ path: 'index.html', content_base64: Buffer.from('<p>{click}</p>').toString('base64') }],
    },
  });
  expect(site.status).toBe(201);
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(address).port);
});
afterAll(async () => {
  await t.close();
  rmSync(webDir, { recursive: true, force: true });
});

let visitors = 0;

/**
 * One request written as raw bytes (no client-side URL normalising); resolves to the status code.
 * Each comes from an address of its own, so velocity does not turn the clicks away unread.
 */
function send(method: string, target: string, body?: string, contentType?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${method} ${target}`)));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const head = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1];
      if (status) resolve(Number(status));
      else reject(new Error(`no status line for ${method} ${target}: ${JSON.stringify(head.slice(0, 80))}`));
    });
    const lines = [`${method} ${target} HTTP/1.1`, 'Host: leadrail.test', 'Connection: close'];
    lines.push(
      'User-Agent: Mozilla/5.0 (Linux; Android 14) Chrome/126.0',
      `X-Forwarded-For: 49.36.${(++visitors >> 8) & 255}.${visitors & 255}`,
    );
    lines.push('Cookie: lr_click=%ff; lr_ref_1=%c0%ae; lr_session=%ed%a0%80; lr_csrf=%');
    const payload = body === undefined ? undefined : Buffer.from(body, 'latin1');
    if (payload) lines.push(`Content-Type: ${contentType}`, `Content-Length: ${payload.length}`);
    socket.write(
      Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload ?? Buffer.alloc(0)]),
    );
  });
}

/** Bad and hostile encodings, as they appear in a URL. */
const BAD = [
  '%ff',
  '%c0%ae',
  '%ed%a0%80',
  '%',
  '%zz',
  '%e',
  '%c0%af', // overlong "/"
  '%e0%80%ae', // overlong "."
  '%f8%88%80%80%80', // 5-byte form
  '%ed%b0%80', // lone low surrogate
  '%u0041', // IIS-style escape
  '%00',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%2f..%2f',
  '%25ff',
  '%e2%82', // truncated 3-byte sequence
  'a'.repeat(8000),
  '%ff'.repeat(2000),
];

/** Every public path, with X where a hostile value goes (path segment or query value or key). */
const TEMPLATES = (flow: string) => [
  '/click?offer_id=X&pub_id=X',
  '/click?offer_id=1&pub_id=1&sub1=X&X=1',
  '/clickX',
  '/f/X',
  `/f/${flow}?sub1=X&fbclid=X&X=X`,
  '/f/X/X',
  '/r?ref=X',
  `/r?ref=${flow}&s1=X`,
  '/postback?click_id=X&status=X&payout=X',
  '/postback?X',
  '/api/track/postback.json?id=X&click=X&status=X',
  '/pixel.gif?click_id=X&order_id=X&amount=X',
  '/pixel.js?X=X',
  '/s/X',
  '/s/X/',
  '/s/fuzz/X',
  '/s/fuzz/?click_id=X',
  '/s/fuzz/X.html',
  '/api/lead?X=X',
  '/api/affiliate/stats-api?token=X',
  '/api/publisher/stats?token=X',
  '/api/publisher/flows/X',
  '/api/admin/offers/X?X=X',
  '/api/auth/me?X',
  '/healthz?X',
  '/metrics?X',
  '/docs/X',
  '/docs/static/X',
  '/docs/json?X',
  '/admin/X',
  '/admin/assets/X',
  '/webmaster/X?X',
  '/X',
  '/?X',
];

const POSTS = [
  ['/postback?click_id=X', 'application/x-www-form-urlencoded', 'click_id=X&status=X&X=X'],
  ['/api/track/postback.json?id=X', 'application/x-www-form-urlencoded', 'click=X&status=X'],
  ['/api/lead', 'application/x-www-form-urlencoded', 'phone=X&name=X&X=X&click_id=X'],
  ['/api/lead?X', 'application/json', '{"phone":"X","name":"X"}'],
  ['/api/auth/login', 'application/x-www-form-urlencoded', 'email=X&password=X'],
  ['/api/publisher/login', 'application/json', '{"email":"X","password":"X"}'],
  ['/api/publisher/register?X', 'application/json', '{"email":"X"}'],
  ['/api/ingest/conversion?X', 'application/json', '{"click_id":"X"}'],
] as const;

/** Escapes a JSON body can carry: NUL (which PostgreSQL text refuses) and lone surrogates. */
const JSON_BAD = ['\\u0000', 'a\\u0000b', '\\ud800', '\\udfff', '\\ud83d\\u0000'];

const fill = (template: string, value: string) => template.replaceAll('X', value);

async function failures(requests: [string, string, string?, string?][]): Promise<string[]> {
  const failed: string[] = [];
  let next = 0;
  // Four at a time: enough to overlap database round trips, few enough for a shared CI machine.
  const worker = async () => {
    while (next < requests.length) {
      const [method, target, body, type] = requests[next++] as (typeof requests)[number];
      const status = await send(method, target, body, type);
      if (status >= 500) failed.push(`${status} ${method} ${target.slice(0, 120)}`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return failed;
}

describe('bad encodings on every public path', () => {
  it.each(['%ff', '%c0%ae', '%ed%a0%80'])(
    'answers GET /f/%s with the same 400 on the fast path and the Fastify route',
    async (code) => {
      const expected = { error: 'bad_request', message: `'/f/${code}' is not a valid url component` };
      const fast = await fetch(`http://127.0.0.1:${port}/f/${code}`, { redirect: 'manual' });
      expect(fast.status).toBe(400);
      expect(await fast.json()).toEqual(expected);
      const routed = await t.call('GET', `/f/${code}`);
      expect(routed.status).toBe(400);
      expect(routed.body).toEqual(expected);
    },
  );

  it('refuses a NUL in a query value, path parameter or body field with a 400 naming it, on both databases', async () => {
    const lead = await t.call('POST', '/api/lead', {
      body: { phone: '+919876500002', name: 'a\u0000b' },
      headers: { 'x-forwarded-for': '49.36.200.200' },
    });
    expect(lead.status).toBe(400);
    expect(lead.body).toEqual({ error: 'validation', message: 'body.name: must not contain NUL characters' });
    const postback = await t.call('GET', '/api/track/postback.json?id=%00&click=x');
    expect(postback.body).toEqual({
      error: 'validation',
      message: 'querystring.id: must not contain NUL characters',
    });
    expect((await t.call('GET', '/s/fu%00zz/')).body.message).toBe(
      'params.slug: must not contain NUL characters',
    );
    // Tracking keeps its own rule on both paths: a flow code that cannot exist is an unknown link.
    expect((await t.call('GET', '/f/ab%00cd')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/f/ab%00cd`, { redirect: 'manual' })).status).toBe(404);
  });

  it('answers every known bad encoding in path, query and body without a 5xx', async () => {
    const requests: [string, string, string?, string?][] = [];
    for (const value of BAD) {
      for (const template of TEMPLATES(flowCode)) {
        requests.push(['GET', fill(template, value)]);
        // HEAD of a tracking path skips the fast path: Fastify's route answers it.
        if (/^\/(click|f\/|r\?)/.test(template)) requests.push(['HEAD', fill(template, value)]);
      }
      for (const [path, type, body] of POSTS) {
        // A JSON body cannot hold a raw bad escape; it gets the value as text instead.
        requests.push(['POST', fill(path, value), fill(body, value.slice(0, 200)), type]);
      }
    }
    for (const value of JSON_BAD) {
      for (const [path, type, body] of POSTS) {
        if (type === 'application/json')
          requests.push(['POST', path.replaceAll('X', 'x'), fill(body, value), type]);
      }
      requests.push(['POST', '/api/lead', `{"${value}":"x","phone":"+919876500001"}`, 'application/json']);
    }
    expect(await failures(requests)).toEqual([]);
    expect(await send('GET', '/healthz')).toBe(200);
  }, 90_000);

  it('answers random byte soup without a 5xx and keeps serving', async () => {
    const byteEscape = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`);
    const junk = fc.constantFrom('%', '%z', '%u', '%%', '/', '.', '?', '&', '=', '#', ';', '+', 'a', '0');
    const value = fc
      .array(fc.oneof(byteEscape, junk), { minLength: 1, maxLength: 30 })
      .map((parts) => parts.join(''));
    const template = fc.constantFrom(...TEMPLATES('abcdefgh'), ...TEMPLATES(flowCode));
    const method = fc.constantFrom('GET', 'HEAD');
    await fc.assert(
      fc.asyncProperty(method, template, value, async (verb, path, text) => {
        const status = await send(verb, fill(path, text));
        expect(status, `${verb} ${fill(path, text)}`).toBeLessThan(500);
      }),
      { seed: 15, numRuns: 400 },
    );
    expect(await send('GET', '/healthz')).toBe(200);
    expect(await send('GET', `/f/${flowCode}?sub1=ok`)).toBe(302);
  }, 90_000);
});
