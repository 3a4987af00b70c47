import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0017 from '../src/db/migrations/0017-pixel-mode-payout-guard.js';
import {
  count,
  lastLog,
  leadsOfClick,
  ledgerOf,
  makeClick,
  makeNetwork,
  type Network,
  query,
} from './helpers/conversions.js';
import { makeOffer } from './helpers/fixtures.js';
import { signPixel } from './helpers/pixel.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 15 item 2: the public pixel was a mint. With any click id, ten order ids made ten approved
 * conversions on every offer. Now it is an opt-in per offer, one conversion per click by default,
 * optionally signed, and rate-limited.
 */

let t: TestApp;
let token: string;

const GOALS = [
  { key: 'reg', adv_payout: '3.00', pub_payout: '2.00' },
  { key: 'sale', adv_payout: '10.00', pub_payout: '5.00', revshare_percent: '30' },
];

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
});
afterAll(() => t.close());

/** A network whose offer has these pixel settings. */
function network(settings: Record<string, unknown> = {}): Promise<Network> {
  return makeNetwork(t, { goals: GOALS, ...settings });
}

function pixel(params: Record<string, string | undefined>, headers: Record<string, string> = {}) {
  return t.call('GET', `/pixel.gif?${query(params)}`, { headers });
}

async function conversionsOfClick(clickId: string) {
  return t.ctx.db
    .selectFrom('conversions')
    .selectAll()
    .where('click_id', '=', clickId)
    .orderBy('id')
    .execute();
}

function expectGif(r: { status: number; headers: Record<string, unknown> }) {
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toBe('image/gif');
}

const fraudEvents = (q: Record<string, string>) =>
  t.call('GET', '/api/admin/fraud/events', { token, query: q });

describe('pixel_mode: an opt-in per offer', () => {
  it('is off by default: the pixel answers the GIF, records nothing and logs the refusal', async () => {
    const net = await network();
    expect(net.offer).toMatchObject({ pixel_mode: 'off', pixel_max_per_click: 1, pixel_require_sig: false });
    const clickId = await makeClick(t, net);
    const before = await count(t, 'conversions');
    for (let i = 1; i <= 3; i++) {
      const r = await pixel({ click_id: clickId, order_id: `forged${i}` });
      expectGif(r);
      expect(r.headers['x-pixel-result']).toBe('pixel-off');
    }
    expect(await count(t, 'conversions')).toBe(before);
    expect(await leadsOfClick(t, clickId)).toHaveLength(0);
    const log = await lastLog(t);
    expect(log).toMatchObject({
      endpoint: 'pixel',
      answer_status: 403,
      answer_code: 'pixel-off',
      click_id: clickId,
      offer_id: Number(net.offer.id),
    });
    expect(log.message).toContain('pixel_mode is off');
  });

  it('hold: what the pixel calls approved waits on hold, receivable and payable nothing yet', async () => {
    const net = await network({ pixel_mode: 'hold' });
    const clickId = await makeClick(t, net);
    expect((await pixel({ click_id: clickId, order_id: 'H-1' })).headers['x-pixel-result']).toBe('ok');
    const [conversion] = await conversionsOfClick(clickId);
    expect(conversion).toMatchObject({ status: 'hold', adv_payout: 1000, pub_payout: 750 });
    expect(await ledgerOf(t, conversion!.id)).not.toHaveProperty('publisher_approved');
  });

  it('approved: records the conversion approved, and an admin can turn the pixel off again', async () => {
    const net = await network({ pixel_mode: 'approved' });
    const clickId = await makeClick(t, net);
    expect((await pixel({ click_id: clickId, order_id: 'A-1' })).headers['x-pixel-result']).toBe('ok');
    expect((await conversionsOfClick(clickId))[0]).toMatchObject({ status: 'approved' });
    const off = await t.call('PATCH', `/api/admin/offers/${net.offer.id}`, {
      token,
      body: { pixel_mode: 'off' },
    });
    expect(off.status).toBe(200);
    expect(off.body.pixel_mode).toBe('off');
    const other = await makeClick(t, net);
    expect((await pixel({ click_id: other, order_id: 'A-2' })).headers['x-pixel-result']).toBe('pixel-off');
    expect(await conversionsOfClick(other)).toHaveLength(0);
  });

  it('refuses settings that are not one of the modes, or a limit under 1, naming the field', async () => {
    const net = await network();
    for (const body of [{ pixel_mode: 'on' }, { pixel_max_per_click: 0 }, { pixel_require_sig: 'yes' }]) {
      const r = await t.call('PATCH', `/api/admin/offers/${net.offer.id}`, { token, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.message).toContain(Object.keys(body)[0]);
    }
    expect((await t.call('GET', `/api/admin/offers/${net.offer.id}`, { token })).body.pixel_mode).toBe('off');
  });
});

describe('pixel_max_per_click', () => {
  it('the issue’s attack: forged1…forged10 on one click make one conversion; nine are fraud events', async () => {
    const net = await network({ pixel_mode: 'approved' });
    const clickId = await makeClick(t, net);
    const results: unknown[] = [];
    for (let i = 1; i <= 10; i++) {
      const r = await pixel(
        { click_id: clickId, order_id: `forged${i}` },
        { 'x-forwarded-for': '66.77.1.1' },
      );
      expectGif(r);
      results.push(r.headers['x-pixel-result']);
    }
    expect(results).toEqual(['ok', ...Array(9).fill('pixel-limit')]);
    const conversions = await conversionsOfClick(clickId);
    expect(conversions).toHaveLength(1);
    await t.ctx.clickWriter.flush();
    expect((await lastLog(t)).message).toMatch(
      /order forged10 refused: click \S+ already has 1 pixel conversion, the most offer \d+ allows \(pixel_max_per_click 1\)/,
    );
    // The refusals are listed as fraud events, with the click's publisher, filterable by rule.
    const events = await fraudEvents({ kind: 'pixel', offer_id: net.offer.id });
    expect(events.status).toBe(200);
    expect(events.body.total).toBe(9);
    expect(events.body.data[0]).toMatchObject({
      kind: 'pixel',
      rule: 'pixel_limit',
      ip: '66.77.1.1',
      offer_id: net.offer.id,
      publisher_id: net.publisher.id,
      // The detail is the server's sentence: a code and its values too, which the web app translates.
      detail: expect.stringContaining('pixel_max_per_click'),
      code: 'pixel_limit',
      params: { offer_id: net.offer.id },
    });
    expect((await fraudEvents({ rule: 'pixel_limit', publisher_id: net.publisher.id })).body.total).toBe(9);
    expect((await fraudEvents({ rule: 'pixel_bad_sig', offer_id: net.offer.id })).body.total).toBe(0);
    // A reload of the recorded order is still only a duplicate, not a fraud event.
    expect((await pixel({ click_id: clickId, order_id: 'forged1' })).headers['x-pixel-result']).toBe(
      'duplicate-order',
    );
  });

  it('lets an offer with rebills raise the limit: 3 orders per click, the 4th refused', async () => {
    const net = await network({ pixel_mode: 'approved', pixel_max_per_click: 3 });
    const clickId = await makeClick(t, net);
    const results: unknown[] = [];
    for (const order of ['R-1', 'R-2', 'R-3', 'R-4']) {
      results.push((await pixel({ click_id: clickId, order_id: order })).headers['x-pixel-result']);
    }
    expect(results).toEqual(['ok', 'ok', 'ok', 'pixel-limit']);
    expect(await conversionsOfClick(clickId)).toHaveLength(3);
  });

  it('holds under concurrency: 12 forged pixels at once for one click make one conversion', async () => {
    const net = await network({ pixel_mode: 'approved' });
    const clickId = await makeClick(t, net);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => pixel({ click_id: clickId, order_id: `burst${i}` })),
    );
    const codes = answers.map((r) => r.headers['x-pixel-result']);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'pixel-limit')).toHaveLength(11);
    expect(await conversionsOfClick(clickId)).toHaveLength(1);
  });
});

describe('the amount of an unsigned pixel', () => {
  it('never chooses the payout: a revenue-share goal pays its fixed payouts, and no gross is stored', async () => {
    const net = await network({ pixel_mode: 'approved' });
    const clickId = await makeClick(t, net);
    const r = await pixel({ click_id: clickId, goal: 'sale', amount: '9000.00', order_id: 'U-1' });
    expect(r.headers['x-pixel-result']).toBe('ok');
    const [conversion] = await conversionsOfClick(clickId);
    // 30% of 9000.00 would be 2700.00; the goal's fixed 10.00 / 5.00 it is.
    expect(conversion).toMatchObject({ goal: 'sale', adv_payout: 1000, pub_payout: 500, gross_amount: null });
  });
});

describe('a signed pixel', () => {
  it('is refused without sig or with a wrong one when the offer requires it; a right one records', async () => {
    const net = await network({ pixel_mode: 'approved', pixel_require_sig: true, pixel_max_per_click: 5 });
    const key = net.offer.pixel_key;
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const clickId = await makeClick(t, net);
    const order = { click_id: clickId, order_id: 'S-1', amount: '200.00', currency: 'USD', goal: 'sale' };

    const unsigned = await pixel(order);
    expectGif(unsigned);
    expect(unsigned.headers['x-pixel-result']).toBe('no-sig');
    const forged = await pixel({ ...order, sig: 'a'.repeat(64) }, { 'x-forwarded-for': '66.77.2.2' });
    expect(forged.headers['x-pixel-result']).toBe('bad-sig');
    // A right sig for one order does not carry over to another goal, amount, currency or status.
    const sig = signPixel(key, order);
    for (const tampered of [
      { goal: 'reg' },
      { amount: '2000.00' },
      { currency: 'KWD' },
      { status: 'approved' },
      { order_id: 'S-2' },
    ]) {
      const r = await pixel({ ...order, ...tampered, sig });
      expect(r.headers['x-pixel-result'], JSON.stringify(tampered)).toBe('bad-sig');
    }
    expect(await conversionsOfClick(clickId)).toHaveLength(0);
    await t.ctx.clickWriter.flush();
    const events = await fraudEvents({ rule: 'pixel_bad_sig', offer_id: net.offer.id });
    expect(events.body.total).toBe(6);
    expect(events.body.data.at(-1)).toMatchObject({ ip: '66.77.2.2', publisher_id: net.publisher.id });

    const signed = await pixel({ ...order, sig });
    expect(signed.headers['x-pixel-result']).toBe('ok');
    const [conversion] = await conversionsOfClick(clickId);
    // A signed amount is trusted: 30% of 200.00, the publisher's 5/10 of that.
    expect(conversion).toMatchObject({ adv_payout: 6000, pub_payout: 3000, gross_amount: 20000 });
    expect((await lastLog(t)).changes).toMatchObject({ signed: true });
    // Upper-case hex is the same signature.
    const again = { ...order, order_id: 'S-3' };
    const upper = signPixel(key, again).toUpperCase();
    expect((await pixel({ ...again, sig: upper })).headers['x-pixel-result']).toBe('ok');
  });

  it('refuses a wrong sig even where signing is optional, and the old key after a rotation', async () => {
    const net = await network({ pixel_mode: 'approved', pixel_max_per_click: 5 });
    const clickId = await makeClick(t, net);
    const order = { click_id: clickId, order_id: 'K-1' };
    expect((await pixel({ ...order, sig: 'deadbeef' })).headers['x-pixel-result']).toBe('bad-sig');
    const oldKey = net.offer.pixel_key;
    const rotated = await t.call('POST', `/api/admin/offers/${net.offer.id}/pixel-key`, { token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.pixel_key).not.toBe(oldKey);
    const withOld = await pixel({ ...order, sig: signPixel(oldKey, order) });
    expect(withOld.headers['x-pixel-result']).toBe('bad-sig');
    const withNew = await pixel({ ...order, sig: signPixel(rotated.body.pixel_key, order) });
    expect(withNew.headers['x-pixel-result']).toBe('ok');
    expect((await t.call('GET', `/api/admin/offers/${net.offer.id}`, { token })).body.pixel_key).toBe(
      rotated.body.pixel_key,
    );
    expect((await t.call('POST', '/api/admin/offers/999999/pixel-key', { token })).status).toBe(404);
  });

  it("matches docs/conversion-pixel.md's shell and node one-liners", async () => {
    const doc = readFileSync(new URL('../docs/conversion-pixel.md', import.meta.url), 'utf8');
    expect(
      doc.startsWith('# Conversion pixel\n'),
      'docs/conversion-pixel.md is the "Conversion pixel" page',
    ).toBe(true);
    const section = doc;
    const shell = /^SIG=\$\(.*\)$/m.exec(section)?.[0];
    const node = /^const sig = createHmac\(.*\);$/m.exec(section)?.[0];
    expect(shell, 'docs/conversion-pixel.md shows SIG=$(… openssl …)').toBeDefined();
    expect(node, 'docs/conversion-pixel.md shows const sig = createHmac(…)').toBeDefined();
    const net = await network({ pixel_mode: 'approved', pixel_require_sig: true });
    const clickId = await makeClick(t, net);
    const order = { click_id: clickId, order_id: 'RM-1', amount: '49.90', currency: 'USD', goal: 'sale' };
    const fromShell = execFileSync('sh', ['-c', `${shell}\nprintf '%s' "$SIG"`], {
      env: {
        PATH: process.env.PATH,
        KEY: net.offer.pixel_key,
        CLICK_ID: clickId,
        ORDER_ID: order.order_id,
        AMOUNT: order.amount,
        CURRENCY: order.currency,
        GOAL: order.goal,
        STATUS: '',
      },
    }).toString();
    const fromNode = new Function(
      'createHmac',
      'KEY',
      'clickId',
      'orderId',
      'amount',
      'currency',
      'goal',
      'status',
      `${node}\nreturn sig;`,
    )(createHmac, net.offer.pixel_key, clickId, order.order_id, order.amount, order.currency, order.goal, '');
    expect(fromShell).toMatch(/^[0-9a-f]{64}$/);
    expect(fromNode).toBe(fromShell);
    const r = await pixel({ ...order, sig: fromShell });
    expect(r.headers['x-pixel-result']).toBe('ok');
  });
});

describe('the pixel key', () => {
  it('is the admin’s and the advertiser’s: publishers never see it', async () => {
    const net = await network({ pixel_mode: 'approved', visibility: 'public' });
    const key = net.offer.pixel_key;
    for (const path of ['/api/publisher/offers', '/api/publisher/marketplace']) {
      const r = await t.call('GET', path, { token: net.publisher.token });
      expect(r.status, path).toBe(200);
      expect(r.text, path).toContain(net.offer.id);
      expect(r.text, path).not.toContain(key);
    }
    const snippet = await t.call('GET', `/api/admin/offers/${net.offer.id}/pixel`, { token });
    expect(snippet.text).not.toContain(key);
  });

  it('is new for every offer', async () => {
    const [a, b] = [await makeOffer(t, token), await makeOffer(t, token)];
    expect(a.pixel_key).not.toBe(b.pixel_key);
  });
});

describe('rate limit', () => {
  it('answers 429 to /pixel.gif and /pixel.js past INTAKE_RATE_LIMIT a minute from one address', async () => {
    const own = await createTestApp({ env: { INTAKE_RATE_LIMIT: '3', TRUST_PROXY: '1' } });
    try {
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
      for (const path of ['/pixel.gif?click_id=nope', '/pixel.js']) {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await own.call('GET', path, from('49.36.7.7'))).status);
        expect(statuses, path).toEqual([200, 200, 200, 429, 429]);
        expect((await own.call('GET', path, from('49.36.7.8'))).status, path).toBe(200);
      }
      // A refused pixel writes no log row: a flood does not fill the postback log.
      expect(await count(own, 'postback_log')).toBe(4);
    } finally {
      await own.close();
    }
  });
});

describe('migration 0017 on a network that already used the pixel', () => {
  it('puts offers whose pixel recorded conversions on hold, every other offer off, each with its own key', async () => {
    const own = await createTestApp({ env: { TRUST_PROXY: '1' } });
    try {
      const used = await makeNetwork(own, { pixel_mode: 'approved' });
      const unused = await makeOffer(own, used.token, { advertiser_id: used.advertiser.id, geo: '' });
      const clickId = await makeClick(own, used);
      const fired = await own.call('GET', `/pixel.gif?click_id=${clickId}&order_id=OLD-1`);
      expect(fired.headers['x-pixel-result']).toBe('ok');
      // Back to the schema before 0017, then forward again as an upgrade would.
      await m0017.down(own.ctx.db);
      await m0017.up(own.ctx.db);
      const rows = await own.ctx.db
        .selectFrom('offers')
        .select([
          'id',
          'pixel_mode',
          'pixel_max_per_click',
          'pixel_require_sig',
          'pixel_key',
          'allow_pub_above_adv',
        ])
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [String(r.id), r.pixel_mode])).toEqual([
        [used.offer.id, 'hold'],
        [unused.id, 'off'],
      ]);
      for (const row of rows) {
        expect(row).toMatchObject({ pixel_max_per_click: 1, pixel_require_sig: 0, allow_pub_above_adv: 0 });
        expect(row.pixel_key).toMatch(/^[A-Za-z0-9_-]{32}$/);
      }
      expect(rows[0]!.pixel_key).not.toBe(rows[1]!.pixel_key);
    } finally {
      await own.close();
    }
  });
});
