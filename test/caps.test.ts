import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type Cap, cachedCapsFor, capsFor } from '../src/modules/caps/cap-rules.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER, indianIp, nextPhone, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let advertiserId: string;
let pub: { id: string; token: string };

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1', INTAKE_RATE_LIMIT: '0' } });
  token = await t.adminToken();
  advertiserId = (await makeAdvertiser(t, token)).id;
  pub = await makePublisher(t, token);
});
afterAll(() => t.close());

const newOffer = (extra: Record<string, unknown> = {}) =>
  makeOffer(t, token, { advertiser_id: advertiserId, ...extra });
const addCap = (body: Record<string, unknown>) => t.call('POST', '/api/admin/caps', { token, body });
const click = (offerId: string, publisherId = pub.id, headers: Record<string, string> = {}) =>
  t.call('GET', `/click?offer_id=${offerId}&pub_id=${publisherId}`, {
    headers: { 'x-forwarded-for': indianIp(), 'user-agent': BROWSER, ...headers },
  });
const lead = (offerId: string, publisherId = pub.id) =>
  submitLead(
    t,
    { offer_id: offerId, pub_id: Number(publisherId), name: 'Asha', phone: nextPhone() },
    {
      'x-forwarded-for': indianIp(),
    },
  );

async function lastClicks(n: number) {
  await t.ctx.clickWriter.flush();
  return t.ctx.db.selectFrom('clicks').selectAll().orderBy('id', 'desc').limit(n).execute();
}

async function capOf(id: string) {
  const list = await t.call('GET', '/api/admin/caps', { token });
  return list.body.find((c: { id: string }) => c.id === id);
}

describe('caps: admin API', () => {
  it('creates, lists with usage and edits caps; refuses nonsense with a clear 4xx', async () => {
    const offer = await newOffer();
    expect((await addCap({ period: 'daily', metric: 'leads', limit: '10' })).status).toBe(422);
    expect(
      (
        await addCap({
          offer_id: offer.id,
          period: 'daily',
          metric: 'leads',
          limit: '10',
          time_zone: 'Mars/Base',
        })
      ).status,
    ).toBe(422);
    expect(
      (await addCap({ offer_id: offer.id, period: 'weekly', metric: 'leads', limit: '10' })).status,
    ).toBe(400);
    expect(
      (await addCap({ offer_id: offer.id, period: 'daily', metric: 'leads', limit: '1.5' })).status,
    ).toBe(422);
    expect((await addCap({ offer_id: '999999', period: 'daily', metric: 'leads', limit: '10' })).status).toBe(
      422,
    );

    const created = await addCap({
      offer_id: offer.id,
      publisher_id: pub.id,
      period: 'daily',
      metric: 'payout',
      limit: '250.00',
      time_zone: 'Asia/Kolkata',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      offer_id: offer.id,
      publisher_id: pub.id,
      metric: 'payout',
      limit: '250.00',
      currency: 'USD',
      mode: 'hard',
      on_reached: 'trafficback',
      time_zone: 'Asia/Kolkata',
      used: '0.00',
      percent: 0,
      period_key: '2026-06-01',
    });
    const edited = await t.call('PATCH', `/api/admin/caps/${created.body.id}`, {
      token,
      body: { limit: '300.50', mode: 'soft' },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({ limit: '300.50', mode: 'soft' });
    const byOffer = await t.call('GET', `/api/admin/caps?offer_id=${offer.id}`, { token });
    expect(byOffer.body.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expect((await t.call('PATCH', '/api/admin/caps/999999', { token, body: { limit: '1' } })).status).toBe(
      404,
    );

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['route', 'object_id'])
      .where('route', 'like', '% /api/admin/caps%')
      .execute();
    expect(audit.map((a) => a.route)).toEqual(
      expect.arrayContaining(['POST /api/admin/caps', 'PATCH /api/admin/caps/:id']),
    );
  });
});

describe('caps: the cached index', () => {
  it("hands its lists out read-only: the shared frozen empty list and the index's own lists", async () => {
    // Typed readonly (npm run typecheck fails on a caller that would change them): a push into the
    // frozen empty list throws, and one into an index list would change every later click's caps.
    expectTypeOf(capsFor).returns.resolves.toEqualTypeOf<readonly Cap[]>();
    expectTypeOf(cachedCapsFor).returns.toEqualTypeOf<readonly Cap[] | undefined>();
    const offer = await newOffer();
    const none = await capsFor(t.ctx, { offerId: Number(offer.id), publisherId: Number(pub.id) });
    expect(none).toEqual([]);
    expect(Object.isFrozen(none)).toBe(true);
    expect(cachedCapsFor(t.ctx, { offerId: Number(offer.id), publisherId: null })).toBe(none);
  });
});

describe('caps: clicks', () => {
  it('a hard daily click cap takes exactly its limit; the rest go to trafficback with cap_reached', async () => {
    const offer = await newOffer({ trafficback_url: 'https://tb.example/back' });
    const cap = await addCap({ offer_id: offer.id, period: 'daily', metric: 'clicks', limit: '5' });
    expect(cap.status, cap.text).toBe(201);
    const answers = await Promise.all(Array.from({ length: 30 }, () => click(offer.id)));
    const landed = answers.filter((a) => String(a.headers.location).startsWith('https://lander.example'));
    const back = answers.filter((a) => String(a.headers.location).startsWith('https://tb.example'));
    expect(landed).toHaveLength(5);
    expect(back).toHaveLength(25);
    const rows = await lastClicks(30);
    expect(rows.filter((r) => r.reject_reason === 'cap_reached')).toHaveLength(25);
    expect((await capOf(cap.body.id)).used).toBe('5');
    expect((await capOf(cap.body.id)).percent).toBe(100);

    // The next local day starts at zero.
    t.clock.advance(24 * 3_600_000);
    expect(String((await click(offer.id)).headers.location)).toMatch(/^https:\/\/lander\.example/);
    t.clock.set('2026-06-01T12:00:00.000Z');
  });

  it('counts days in the cap’s time zone', async () => {
    const offer = await newOffer();
    await addCap({
      offer_id: offer.id,
      period: 'daily',
      metric: 'clicks',
      limit: '1',
      time_zone: 'Asia/Kolkata',
      on_reached: 'refuse',
    });
    t.clock.set('2026-06-01T18:20:00.000Z'); // 23:50 in India
    expect((await click(offer.id)).status).toBe(302);
    expect((await click(offer.id)).status).toBe(403);
    t.clock.set('2026-06-01T18:40:00.000Z'); // 00:10 the next day in India, still June 1 in UTC
    expect((await click(offer.id)).status).toBe(302);
    t.clock.set('2026-06-01T12:00:00.000Z');
  });

  it('a cap that refuses answers 403 even with a trafficback URL; a soft cap never stops', async () => {
    const offer = await newOffer({ trafficback_url: 'https://tb.example/back' });
    await addCap({ offer_id: offer.id, period: 'total', metric: 'clicks', limit: '1', on_reached: 'refuse' });
    expect((await click(offer.id)).status).toBe(302);
    const refused = await click(offer.id);
    expect(refused.status).toBe(403);
    expect(refused.headers.location).toBeUndefined();

    const soft = await newOffer();
    const cap = await addCap({
      offer_id: soft.id,
      period: 'hourly',
      metric: 'clicks',
      limit: '2',
      mode: 'soft',
    });
    for (let i = 0; i < 4; i++) expect((await click(soft.id)).status).toBe(302);
    expect((await capOf(cap.body.id)).used).toBe('4');
  });

  it('a cap per offer × publisher leaves other publishers alone; a publisher cap covers every offer', async () => {
    const offer = await newOffer();
    const other = await makePublisher(t, token);
    await addCap({
      offer_id: offer.id,
      publisher_id: pub.id,
      period: 'daily',
      metric: 'clicks',
      limit: '1',
      on_reached: 'refuse',
    });
    expect((await click(offer.id)).status).toBe(302);
    expect((await click(offer.id)).status).toBe(403);
    expect((await click(offer.id, other.id)).status).toBe(302);

    const third = await makePublisher(t, token);
    await addCap({
      publisher_id: third.id,
      period: 'daily',
      metric: 'clicks',
      limit: '2',
      on_reached: 'refuse',
    });
    const a = await newOffer();
    const b = await newOffer();
    expect((await click(a.id, third.id)).status).toBe(302);
    expect((await click(b.id, third.id)).status).toBe(302);
    expect((await click(a.id, third.id)).status).toBe(403);
  });

  it('alerts the operator at 90 % and at 100 %, once per period', async () => {
    const offer = await newOffer();
    const cap = await addCap({ offer_id: offer.id, period: 'daily', metric: 'clicks', limit: '10' });
    const mine = async () =>
      (await t.call('GET', '/api/admin/notifications?per_page=200', { token })).body.data.filter(
        (n: { details: { cap_id?: string } }) => n.details.cap_id === cap.body.id,
      );
    for (let i = 0; i < 8; i++) await click(offer.id);
    expect(await mine()).toHaveLength(0);
    await click(offer.id);
    const at90 = await mine();
    expect(at90).toHaveLength(1);
    expect(at90[0].title).toMatch(/90 %/);
    for (let i = 0; i < 5; i++) await click(offer.id);
    const after = await mine();
    expect(after).toHaveLength(2);
    expect(after[0].title).toMatch(/Cap reached/);
    // A stable code and its values beside the English: the web app says them in the reader's language.
    expect(after.map((n: { code: string; params: unknown }) => [n.code, n.params])).toEqual([
      [
        'cap_reached',
        expect.objectContaining({
          id: Number(cap.body.id),
          period: 'daily',
          metric: 'clicks',
          used: 10,
          limit: 10,
        }),
      ],
      [
        'cap_near',
        expect.objectContaining({ id: Number(cap.body.id), offer: Number(offer.id), publisher: '', used: 9 }),
      ],
    ]);
  });

  it('traffic of an offer without caps adds no statement to the click path', async () => {
    const statements: string[] = [];
    const counted = await createTestApp({
      env: { TRUST_PROXY: '1' },
      onQuery: (sql) => statements.push(sql),
    });
    try {
      const admin = await counted.adminToken();
      const capped = await makeOffer(counted, admin);
      const free = await makeOffer(counted, admin, { advertiser_id: capped.advertiser_id });
      const publisher = await makePublisher(counted, admin);
      await counted.call('POST', '/api/admin/caps', {
        token: admin,
        body: { offer_id: capped.id, period: 'daily', metric: 'clicks', limit: '100' },
      });
      const go = (offerId: string) =>
        counted.call('GET', `/click?offer_id=${offerId}&pub_id=${publisher.id}`, {
          headers: { 'x-forwarded-for': indianIp(), 'user-agent': BROWSER },
        });
      await go(free.id); // warm the per-process caches
      await go(capped.id);
      statements.length = 0;
      expect((await go(free.id)).status).toBe(302);
      expect(statements.filter((s) => /cap/.test(s))).toEqual([]);
      statements.length = 0;
      expect((await go(capped.id)).status).toBe(302);
      expect(statements.filter((s) => /cap_counters/.test(s)).length).toBeGreaterThan(0);
    } finally {
      await counted.close();
    }
  });
});

describe('caps: leads and conversions', () => {
  it('a hard lead cap refuses the lead past it; a rejected lead gives its unit back', async () => {
    const offer = await newOffer();
    const cap = await addCap({
      offer_id: offer.id,
      publisher_id: pub.id,
      period: 'daily',
      metric: 'leads',
      limit: '2',
    });
    const first = await lead(offer.id);
    expect(first.status, first.text).toBe(201);
    expect((await lead(offer.id)).status).toBe(201);
    const refused = await lead(offer.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'cap_reached' });
    expect((await capOf(cap.body.id)).used).toBe('2');

    const cancelled = await t.call('POST', `/api/admin/leads/${first.body.id}/status`, {
      token,
      body: { status: 'cancelled', reason: 'fake' },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect((await capOf(cap.body.id)).used).toBe('1');
    // Cancelled again or twice: given back once only.
    await t.call('POST', `/api/admin/leads/${first.body.id}/status`, {
      token,
      body: { status: 'wrong_number', reason: 'still fake' },
    });
    expect((await capOf(cap.body.id)).used).toBe('1');
    expect((await lead(offer.id)).status).toBe(201);
    expect((await lead(offer.id)).status).toBe(403);
  });

  it('approved conversions and payout count; a full hard conversion cap stops clicks and leads', async () => {
    const offer = await newOffer({ trafficback_url: 'https://tb.example/back' });
    const conversions = await addCap({
      offer_id: offer.id,
      period: 'monthly',
      metric: 'conversions',
      limit: '1',
    });
    const payout = await addCap({
      offer_id: offer.id,
      period: 'monthly',
      metric: 'payout',
      limit: '100.00',
      mode: 'soft',
    });
    const made = await lead(offer.id);
    expect(made.status).toBe(201);
    expect((await click(offer.id)).headers.location).toMatch(/^https:\/\/lander/);
    const approved = await t.call('POST', `/api/admin/leads/${made.body.id}/status`, {
      token,
      body: { status: 'approved', reason: 'sale' },
    });
    expect(approved.status, approved.text).toBe(200);
    expect((await capOf(conversions.body.id)).used).toBe('1');
    expect((await capOf(payout.body.id)).used).toBe('7.50');
    expect((await click(offer.id)).headers.location).toMatch(/^https:\/\/tb\.example/);
    expect((await lead(offer.id)).status).toBe(403);

    // A reversal gives the conversion back and traffic flows again.
    await t.call('POST', `/api/admin/leads/${made.body.id}/status`, {
      token,
      body: { status: 'cancelled', reason: 'returned' },
    });
    expect((await capOf(conversions.body.id)).used).toBe('0');
    expect((await capOf(payout.body.id)).used).toBe('0.00');
    expect((await click(offer.id)).headers.location).toMatch(/^https:\/\/lander/);
  });
});

describe('caps: publisher portal', () => {
  it('a publisher sees the usage of the caps naming them, and no one else’s', async () => {
    const offer = await newOffer();
    const other = await makePublisher(t, token);
    const mineCap = await addCap({
      offer_id: offer.id,
      publisher_id: pub.id,
      period: 'daily',
      metric: 'clicks',
      limit: '50',
    });
    await addCap({
      offer_id: offer.id,
      publisher_id: other.id,
      period: 'daily',
      metric: 'clicks',
      limit: '70',
    });
    await click(offer.id);
    const seen = await t.call('GET', '/api/publisher/caps', { token: pub.token });
    expect(seen.status).toBe(200);
    const ids = seen.body.map((c: { id: string }) => c.id);
    expect(ids).toContain(mineCap.body.id);
    expect(seen.body.every((c: { publisher_id: string }) => c.publisher_id === pub.id)).toBe(true);
    expect(seen.body.find((c: { id: string }) => c.id === mineCap.body.id)).toMatchObject({
      used: '1',
      limit: '50',
    });
    expect((await t.call('GET', '/api/publisher/caps')).status).toBe(401);
  });
});
