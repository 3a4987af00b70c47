import { createHook } from 'node:async_hooks';
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingHeaders } from '../src/http/fast-path.js';
import { answerTracking } from '../src/modules/clicks/answer-tracking.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 18, the click measure: garbage collection was the largest share of the event loop's CPU
 * under bench:clicks. These pin the structural cuts: a warm click creates few promises (each a heap
 * object; a click created 38 before), and the raw fast path reads the headers it needs from
 * rawHeaders without making node build the whole `request.headers` object.
 */

const BROWSER = 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36';
let t: TestApp;
let token: string;
let base: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1', CLICK_BATCH_MS: '60000' } });
  token = await t.adminToken();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

/** Promises created while `run` runs (async_hooks sees every one, awaited or not). */
async function promisesOf(run: () => Promise<unknown>): Promise<number> {
  let created = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'PROMISE') created++;
    },
  });
  hook.enable();
  try {
    await run();
  } finally {
    hook.disable();
  }
  return created;
}

type Answer = Awaited<ReturnType<typeof answerTracking>>;

/** Two clicks fill the caches; the third, warm, is counted: its answer and the promises it created. */
async function warmClick(click: (n: number) => Promise<Answer>) {
  expect((await click(1))?.status).toBe(302);
  expect((await click(2))?.status).toBe(302);
  let answer: Answer | undefined;
  const promises = await promisesOf(async () => {
    answer = await click(3);
  });
  return { answer, promises };
}

/** A plain /click for this offer and publisher from the address 49.36.<subnet>.<n>. */
function offerClick(offerId: number | string, pubId: number | string, subnet: number) {
  return (n: number) =>
    answerTracking(t.ctx, {
      path: '/click',
      query: { offer_id: String(offerId), pub_id: String(pubId), sub1: 'a' },
      headers: { 'user-agent': BROWSER },
      ip: `49.36.${subnet}.${n}`,
    });
}

describe('what a click allocates', () => {
  it('a warm /click creates at most 12 promises (38 before the caches were read without one)', async () => {
    const advertiser = await makeAdvertiser(t, token);
    const offer = await makeOffer(t, token, { advertiser_id: advertiser.id, geo: [] });
    const pub = await makePublisher(t, token);
    const click = offerClick(offer.id, pub.id, 7);
    // The first clicks fill the caches (offer, publisher, fraud rules, blocklist, caps, the window).
    const { answer, promises } = await warmClick(click);
    expect(answer?.status).toBe(302);
    expect(promises).toBeLessThanOrEqual(12);
  });

  it('a warm flow click without streams creates at most 12 promises (18 before the flow and its streams were read without one)', async () => {
    const offer = await makeOffer(t, token, { geo: [] });
    const pub = await makePublisher(t, token);
    const flow = await t.call('POST', '/api/publisher/flows', {
      token: pub.token,
      body: { offer_id: String(offer.id) },
    });
    expect(flow.status).toBe(201);
    const click = (n: number) =>
      answerTracking(t.ctx, {
        path: `/f/${flow.body.code}`,
        query: { sub1: 'a' },
        headers: { 'user-agent': BROWSER },
        ip: `49.36.9.${n}`,
      });
    // The first clicks fill the caches (the flow, its streams: none, and what a /click reads).
    const { answer, promises } = await warmClick(click);
    expect(answer?.status).toBe(302);
    expect(answer?.headers.location).toContain('https://lander.example/keto?click_id=');
    expect(promises).toBeLessThanOrEqual(12);
  });

  it('a click takes one map entry by its id until it is committed (three before: writer, its lines, the spool)', async () => {
    const offer = await makeOffer(t, token, { geo: [] });
    const pub = await makePublisher(t, token);
    const click = offerClick(offer.id, pub.id, 10);
    expect((await click(1))?.status).toBe(302);
    const keys: unknown[] = [];
    const set = Map.prototype.set;
    Map.prototype.set = function (this: Map<unknown, unknown>, key: unknown, value: unknown) {
      keys.push(key);
      return set.call(this, key, value);
    };
    let answer: Answer;
    try {
      answer = await click(2);
      await t.ctx.clickWriter.flush();
    } finally {
      Map.prototype.set = set;
    }
    expect(answer?.status).toBe(302);
    const id = new URL(answer?.headers.location as string).searchParams.get('click_id');
    expect(id).toBeTruthy();
    expect(keys.filter((key) => key === id)).toHaveLength(1);
    expect(t.ctx.clickWriter.find(id as string)).toBeUndefined();
  });

  it('the fast path never makes node build request.headers, and still reads the proxy address', async () => {
    const offer = await makeOffer(t, token, { geo: [] });
    const pub = await makePublisher(t, token);
    let built = 0;
    const server = t.app.server;
    const count = (request: IncomingMessage) => {
      const own = Object.getPrototypeOf(request) as object;
      const descriptor =
        Object.getOwnPropertyDescriptor(own, 'headers') ??
        Object.getOwnPropertyDescriptor(Object.getPrototypeOf(own) as object, 'headers');
      Object.defineProperty(request, 'headers', {
        configurable: true,
        get() {
          built++;
          return descriptor?.get?.call(request) as IncomingHttpHeaders;
        },
      });
    };
    server.prependListener('request', count);
    try {
      const r = await fetch(`${base}/click?offer_id=${offer.id}&pub_id=${pub.id}`, {
        redirect: 'manual',
        headers: { 'user-agent': BROWSER, 'x-forwarded-for': '10.0.0.1, 49.36.8.9' },
      });
      expect(r.status).toBe(302);
      const id = new URL(r.headers.get('location') as string).searchParams.get('click_id');
      await t.ctx.clickWriter.flush();
      const row = await t.ctx.db
        .selectFrom('clicks')
        .select(['ip', 'user_agent', 'id'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      if (id) expect(row.id).toBe(id);
      expect(row).toMatchObject({ ip: '49.36.8.9', user_agent: BROWSER });
    } finally {
      server.removeListener('request', count);
    }
    expect(built).toBe(0);
  });

  it('merges repeated and differently cased headers exactly as node does', async () => {
    const compared: Array<[IncomingHttpHeaders, IncomingHttpHeaders]> = [];
    const server = createServer((request, response) => {
      const fast = trackingHeaders(request.rawHeaders);
      const node: IncomingHttpHeaders = {};
      for (const name of ['user-agent', 'referer', 'accept-language', 'cookie', 'x-forwarded-for']) {
        const value = request.headers[name];
        if (value !== undefined) node[name] = value;
      }
      compared.push([fast, node]);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const raw = [
      'GET /click HTTP/1.1',
      'Host: x',
      'User-Agent: first',
      'user-agent: second',
      'REFERER: https://a.example/',
      'Referer: https://b.example/',
      'Accept-Language: en',
      'accept-language: hi;q=0.5',
      'Cookie: a=1',
      'cookie: b=2',
      'X-Forwarded-For: 10.0.0.1',
      'x-forwarded-for: 49.36.0.1',
      'X-Something-Else: 15 chars long',
      'Connection: close',
      '',
      '',
    ].join('\r\n');
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(raw));
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.resume();
    });
    server.close();
    expect(compared).toHaveLength(1);
    const [fast, node] = compared[0] as [IncomingHttpHeaders, IncomingHttpHeaders];
    expect(fast).toEqual(node);
    expect(fast).toEqual({
      'user-agent': 'first',
      referer: 'https://a.example/',
      'accept-language': 'en, hi;q=0.5',
      cookie: 'a=1; b=2',
      'x-forwarded-for': '10.0.0.1, 49.36.0.1',
    });
  });
});
