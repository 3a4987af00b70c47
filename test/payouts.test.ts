import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { scheduleNet7 } from '../src/modules/payouts/run-net7.js';
import { makeClick, makeNetwork, type Network, postback, unbalancedEvents } from './helpers/conversions.js';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const TRC20 = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const DAY = 86_400_000;

let t: TestApp;
let net: Network;

beforeAll(async () => {
  t = await createTestApp({ env: { PAYOUT_MINIMUM: '20.00', TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
});
afterAll(() => t.close());

type Pub = { id: string; token: string };

/** `n` approved conversions for a publisher on an offer: 7.50 each on the network's offer. */
async function approve(pub: Pub, n: number, offer: Network['offer'] = net.offer): Promise<string[]> {
  const clicks: string[] = [];
  for (let i = 0; i < n; i++) {
    const click = await makeClick(t, { offer, publisher: pub });
    const r = await postback(t, {
      click_id: click,
      status: 'approved',
      token: net.advertiser.postback_token,
    });
    expect(r.status).toBe(200);
    clicks.push(click);
  }
  return clicks;
}

async function newPublisher(): Promise<Pub> {
  return makePublisher(t, net.token);
}

function request(pub: Pub, body: Record<string, unknown>) {
  return t.call('POST', '/api/publisher/payouts', { token: pub.token, body });
}

async function balanceOf(pub: Pub) {
  const r = await t.call('GET', '/api/publisher/payouts', { token: pub.token });
  expect(r.status).toBe(200);
  return r.body.balances as { currency: string; matured: string; requested: string; payable: string }[];
}

async function payoutCount() {
  const row = await t.ctx.db
    .selectFrom('payouts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function ledgerOfPayout(payoutId: string) {
  const rows = await t.ctx.db
    .selectFrom('ledger_entries')
    .select(['account', 'party', 'amount', 'currency'])
    .where('payout_id', '=', payoutId)
    .orderBy('account')
    .execute();
  return rows.map((r) => ({ ...r, amount: Number(r.amount), party: Number(r.party) }));
}

describe('payout requests', () => {
  it('reserves a request from the payable balance, and the admin pays it onto the ledger', async () => {
    const pub = await newPublisher();
    await approve(pub, 10); // 75.00
    expect(await balanceOf(pub)).toEqual([
      {
        currency: 'USD',
        approved: '75.00',
        pending: '0.00',
        paid: '0.00',
        matured: '75.00',
        requested: '0.00',
        payable: '75.00',
        minimum: '20.00',
      },
    ]);
    const created = await request(pub, {
      amount: '60.00',
      currency: 'usd',
      method: 'usdt_trc20',
      address: TRC20,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      publisher_id: pub.id,
      amount: '60.00',
      currency: 'USD',
      method: 'usdt_trc20',
      destination: TRC20,
      status: 'requested',
      source: 'publisher',
    });
    expect(await balanceOf(pub)).toEqual([
      {
        currency: 'USD',
        approved: '75.00',
        pending: '0.00',
        paid: '0.00',
        matured: '75.00',
        requested: '60.00',
        payable: '15.00',
        minimum: '20.00',
      },
    ]);
    // The rest (15.00) is below the reservation's left-over: more is refused, nothing reserved.
    const before = await payoutCount();
    const over = await request(pub, {
      amount: '20.00',
      currency: 'USD',
      method: 'paypal',
      account: 'a@b.example',
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ error: 'insufficient_balance', field: 'amount' });
    expect(await payoutCount()).toBe(before);

    const listed = await t.call('GET', '/api/admin/payouts?status=requested', { token: net.token });
    expect(listed.body.data.map((p: { id: string }) => p.id)).toContain(created.body.id);

    const paid = await t.call('POST', `/api/admin/payouts/${created.body.id}/pay`, {
      token: net.token,
      body: { reference: '0xabc123' },
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', reference: '0xabc123' });
    expect(await ledgerOfPayout(created.body.id)).toEqual([
      { account: 'publisher_approved', party: Number(pub.id), amount: 6000, currency: 'USD' },
      { account: 'publisher_paid', party: Number(pub.id), amount: -6000, currency: 'USD' },
    ]);
    expect(await unbalancedEvents(t)).toEqual([]);
    expect(await balanceOf(pub)).toEqual([
      {
        currency: 'USD',
        approved: '15.00',
        pending: '0.00',
        paid: '60.00',
        matured: '15.00',
        requested: '0.00',
        payable: '15.00',
        minimum: '20.00',
      },
    ]);
    const balances = await t.call('GET', '/api/admin/ledger/balances', { token: net.token });
    expect(balances.body.publishers).toContainEqual({
      publisher_id: pub.id,
      currency: 'USD',
      pending: '0.00',
      approved: '15.00',
      total: '15.00',
    });

    const again = await t.call('POST', `/api/admin/payouts/${created.body.id}/pay`, {
      token: net.token,
      body: { reference: 'twice' },
    });
    expect(again.status).toBe(409);
    expect((await ledgerOfPayout(created.body.id)).length).toBe(2);
  });

  it('a rejection frees the reserved amount and moves no money', async () => {
    const pub = await newPublisher();
    await approve(pub, 4); // 30.00
    const created = await request(pub, {
      amount: '30.00',
      currency: 'USD',
      method: 'wise',
      account: 'GB82 WEST 1234 5698 7654 32',
    });
    expect(created.status).toBe(201);
    expect(created.body.destination).toBe('GB82WEST12345698765432');
    expect((await balanceOf(pub))[0]?.payable).toBe('0.00');
    const rejected = await t.call('POST', `/api/admin/payouts/${created.body.id}/reject`, {
      token: net.token,
      body: { reason: 'KYC missing' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'KYC missing' });
    expect(await ledgerOfPayout(created.body.id)).toEqual([]);
    expect((await balanceOf(pub))[0]?.payable).toBe('30.00');
  });

  it('refuses malformed wallets, a missing address, amounts below the minimum and a suspended publisher', async () => {
    const pub = await newPublisher();
    await approve(pub, 4); // 30.00
    const before = await payoutCount();
    const cases: [Record<string, unknown>, number, string?][] = [
      [{ amount: '25.00', currency: 'USD', method: 'eth', address: '0x1234' }, 422, 'destination'],
      [{ amount: '25.00', currency: 'USD', method: 'usdt_erc20', address: TRC20 }, 422, 'destination'],
      [
        { amount: '25.00', currency: 'USD', method: 'btc', address: 'bc1-not-an-address' },
        422,
        'destination',
      ],
      [{ amount: '25.00', currency: 'USD', method: 'btc' }, 422, 'address'],
      [{ amount: '25.00', currency: 'USD', method: 'paypal', address: TRC20 }, 422, 'address'],
      [{ amount: '19.99', currency: 'USD', method: 'usdt_trc20', address: TRC20 }, 422, 'amount'],
      [{ amount: '25.001', currency: 'USD', method: 'usdt_trc20', address: TRC20 }, 422, 'amount'],
      [{ amount: '-5', currency: 'USD', method: 'usdt_trc20', address: TRC20 }, 422, 'amount'],
      [{ amount: '25.00', currency: 'EUR', method: 'usdt_trc20', address: TRC20 }, 422, 'amount'],
      [{ amount: '25.00', currency: 'USD', method: 'cash', address: TRC20 }, 400],
    ];
    for (const [body, status, field] of cases) {
      const r = await request(pub, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      if (field) expect(r.body.field, JSON.stringify(body)).toBe(field);
    }
    const suspended = await t.call('PATCH', `/api/admin/publishers/${pub.id}`, {
      token: net.token,
      body: { status: 'suspended' },
    });
    expect(suspended.status).toBe(200);
    const refused = await request(pub, {
      amount: '25.00',
      currency: 'USD',
      method: 'usdt_trc20',
      address: TRC20,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('publisher account is suspended');
    expect(await payoutCount()).toBe(before);
  });

  it('two requests at once, with a balance that covers one: exactly one is reserved', async () => {
    const pub = await newPublisher();
    await approve(pub, 6); // 45.00
    const body = { amount: '40.00', currency: 'USD', method: 'usdt_trc20', address: TRC20 };
    const answers = await Promise.all([request(pub, body), request(pub, body), request(pub, body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422]);
    expect((await balanceOf(pub))[0]).toMatchObject({ requested: '40.00', payable: '5.00' });
  });

  it('will not pay a request a reversal since has left uncovered', async () => {
    const pub = await newPublisher();
    const clicks = await approve(pub, 4); // 30.00
    const created = await request(pub, {
      amount: '30.00',
      currency: 'USD',
      method: 'usdt_trc20',
      address: TRC20,
    });
    expect(created.status).toBe(201);
    await postback(t, { click_id: clicks[0], status: 'chargeback', token: net.advertiser.postback_token });
    const paid = await t.call('POST', `/api/admin/payouts/${created.body.id}/pay`, {
      token: net.token,
      body: { reference: 'tx' },
    });
    expect(paid.status).toBe(422);
    expect(paid.body.error).toBe('insufficient_balance');
    expect(await ledgerOfPayout(created.body.id)).toEqual([]);
  });
});

describe('hold period and the Net-7 run', () => {
  it('makes an offer’s approved money payable only after its hold_days', async () => {
    const held = await makeOffer(t, net.token, {
      advertiser_id: net.advertiser.id,
      geo: '',
      adv_payout: '10.00',
      pub_payout: '7.50',
      hold_days: 14,
    });
    expect(held.hold_days).toBe(14);
    const pub = await newPublisher();
    const start = t.clock.now().getTime();
    await approve(pub, 4, held); // 30.00 on hold
    const notYet = { approved: '30.00', matured: '0.00', payable: '0.00' };
    expect(await balanceOf(pub)).toEqual([expect.objectContaining(notYet)]);
    const early = await request(pub, {
      amount: '30.00',
      currency: 'USD',
      method: 'usdt_trc20',
      address: TRC20,
    });
    expect(early.status).toBe(422);
    t.clock.set(new Date(start + 14 * DAY - 60_000));
    expect(await balanceOf(pub)).toEqual([expect.objectContaining(notYet)]);
    t.clock.set(new Date(start + 14 * DAY + 60_000));
    expect((await balanceOf(pub))[0]?.payable).toBe('30.00');
    const ok = await request(pub, { amount: '30.00', currency: 'USD', method: 'usdt_trc20', address: TRC20 });
    expect(ok.status).toBe(201);
  });

  it('the weekly run requests what was approved 7 days before, by each publisher’s saved method', async () => {
    // Everything earlier in the file is reserved or paid out by hand, or has no saved method.
    const pub = await newPublisher();
    const saved = await t.call('PUT', '/api/publisher/payout-method', {
      token: pub.token,
      body: { method: 'eth', address: '0x52908400098527886E0F7030069857D2E4169EE7' },
    });
    expect(saved.status).toBe(200);
    const bad = await t.call('PUT', '/api/publisher/payout-method', {
      token: pub.token,
      body: { method: 'eth', address: '0x5290' },
    });
    expect(bad.status).toBe(422);
    const start = t.clock.now().getTime();
    await approve(pub, 4); // 30.00
    t.clock.set(new Date(start + 3 * DAY));
    await approve(pub, 1); // 7.50, too recent for the first run that pays the 30.00
    const early = await t.call('POST', '/api/admin/payouts/run-net7', { token: net.token });
    expect(early.status).toBe(200);
    expect(early.body.created.filter((p: { publisher_id: string }) => p.publisher_id === pub.id)).toEqual([]);

    t.clock.set(new Date(start + 8 * DAY));
    const run = await t.call('POST', '/api/admin/payouts/run-net7', { token: net.token });
    const mine = run.body.created.filter((p: { publisher_id: string }) => p.publisher_id === pub.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      amount: '30.00',
      method: 'eth',
      destination: '0x52908400098527886E0F7030069857D2E4169EE7',
      status: 'requested',
      source: 'net7',
    });
    // Publishers without a saved method are named, not paid.
    expect(run.body.skipped).toContainEqual(expect.objectContaining({ reason: 'no_payout_method' }));

    const twice = await t.call('POST', '/api/admin/payouts/run-net7', { token: net.token });
    expect(twice.body.created.filter((p: { publisher_id: string }) => p.publisher_id === pub.id)).toEqual([]);
    expect((await balanceOf(pub))[0]).toMatchObject({
      matured: '37.50',
      requested: '30.00',
      payable: '7.50',
    });
  });

  it('names publishers below the minimum or no longer approved, and pays nobody for them', async () => {
    net.token = await t.adminToken({ fresh: true }); // the clock has moved past the old session
    const method = { method: 'usdt_trc20', address: TRC20 };
    const small = await newPublisher();
    const gone = await newPublisher();
    for (const pub of [small, gone]) {
      const saved = await t.call('PUT', '/api/publisher/payout-method', { token: pub.token, body: method });
      expect(saved.status).toBe(200);
    }
    const start = t.clock.now().getTime();
    await approve(small, 2); // 15.00, under the 20.00 minimum
    await approve(gone, 4); // 30.00, but the account is suspended before the run
    const suspended = await t.call('PATCH', `/api/admin/publishers/${gone.id}`, {
      token: net.token,
      body: { status: 'suspended' },
    });
    expect(suspended.status).toBe(200);
    t.clock.set(new Date(start + 8 * DAY));
    const before = await payoutCount();
    const run = await t.call('POST', '/api/admin/payouts/run-net7', { token: net.token });
    expect(run.status).toBe(200);
    const mine = (p: { publisher_id: string }) => p.publisher_id === small.id || p.publisher_id === gone.id;
    expect(run.body.created.filter(mine)).toEqual([]);
    expect(run.body.skipped.filter(mine)).toEqual(
      expect.arrayContaining([
        { publisher_id: small.id, currency: 'USD', reason: 'below_minimum' },
        { publisher_id: gone.id, currency: 'USD', reason: 'not_approved' },
      ]),
    );
    expect(await payoutCount()).toBe(before + run.body.created.length);
  });

  it('a Net-7 run beside a manual request for the same money reserves it once', async () => {
    net.token = await t.adminToken({ fresh: true });
    const pub = await newPublisher();
    const saved = await t.call('PUT', '/api/publisher/payout-method', {
      token: pub.token,
      body: { method: 'usdt_trc20', address: TRC20 },
    });
    expect(saved.status).toBe(200);
    const start = t.clock.now().getTime();
    await approve(pub, 4); // 30.00
    t.clock.set(new Date(start + 8 * DAY));
    const [run, manual] = await Promise.all([
      t.call('POST', '/api/admin/payouts/run-net7', { token: net.token }),
      request(pub, { amount: '30.00', currency: 'USD', method: 'usdt_trc20', address: TRC20 }),
    ]);
    expect(run.status).toBe(200);
    const byRun = run.body.created.filter((p: { publisher_id: string }) => p.publisher_id === pub.id);
    // Whichever came second found nothing left: the run skips (or is refused), the request gets 422.
    expect(byRun.length + (manual.status === 201 ? 1 : 0)).toBe(1);
    if (manual.status !== 201) expect(manual.status).toBe(422);
    expect((await balanceOf(pub))[0]).toMatchObject({ requested: '30.00', payable: '0.00' });
  });

  it('runs by itself on its croner schedule', async () => {
    net.token = await t.adminToken({ fresh: true }); // the clock has moved past the old session
    const pub = await newPublisher();
    const saved = await t.call('PUT', '/api/publisher/payout-method', {
      token: pub.token,
      body: { method: 'usdt_trc20', address: TRC20 },
    });
    expect(saved.status).toBe(200);
    const start = t.clock.now().getTime();
    await approve(pub, 3); // 22.50
    t.clock.set(new Date(start + 8 * DAY));
    const mine = () =>
      t.ctx.db
        .selectFrom('payouts')
        .select(['amount', 'source'])
        .where('publisher_id', '=', Number(pub.id))
        .execute();
    expect(await mine()).toEqual([]);
    // Every second instead of Mondays at midnight; the run is the same.
    const ticking = scheduleNet7(t.ctx, '* * * * * *');
    try {
      const deadline = Date.now() + 5000;
      let rows = await mine();
      while (rows.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        rows = await mine();
      }
      expect(rows.map((r) => ({ amount: Number(r.amount), source: r.source }))).toEqual([
        { amount: 2250, source: 'net7' },
      ]);
    } finally {
      ticking.stop();
    }
  });
});

describe('the publisher’s balance', () => {
  it('shows money on hold as pending, never payable, and only this publisher’s money', async () => {
    const pub = await newPublisher();
    const other = await newPublisher();
    await approve(other, 2);
    const click = await makeClick(t, { offer: net.offer, publisher: pub });
    await postback(t, { click_id: click, status: 'hold', token: net.advertiser.postback_token });
    expect(await balanceOf(pub)).toEqual([
      {
        currency: 'USD',
        approved: '0.00',
        pending: '7.50',
        paid: '0.00',
        matured: '0.00',
        requested: '0.00',
        payable: '0.00',
        minimum: '20.00',
      },
    ]);
    await postback(t, { click_id: click, status: 'approved', token: net.advertiser.postback_token });
    expect((await balanceOf(pub))[0]).toMatchObject({ approved: '7.50', pending: '0.00', payable: '7.50' });
  });
});

describe('PAYOUT_MINIMUM', () => {
  it('defaults to 50.00 and may be 0', () => {
    const base = { DATABASE_URL: 'sqlite::memory:', SECRET_KEY: 'x'.repeat(32) };
    expect(loadConfig(base).payoutMinimum).toBe('50.00');
    expect(loadConfig({ ...base, PAYOUT_MINIMUM: '0' }).payoutMinimum).toBe('0');
    expect(() => loadConfig({ ...base, PAYOUT_MINIMUM: '-1' })).toThrow(/PAYOUT_MINIMUM/);
  });
});

describe('a publisher’s own payout minimum', () => {
  it('an admin sets it per publisher: 0 pays any amount (seed 000), a higher one holds Net-7 back (seed 004); null restores PAYOUT_MINIMUM', async () => {
    net.token = await t.adminToken({ fresh: true });
    const method = { method: 'usdt_trc20', address: TRC20 };
    const anyAmount = await newPublisher();
    const high = await newPublisher();
    for (const pub of [anyAmount, high]) {
      const saved = await t.call('PUT', '/api/publisher/payout-method', { token: pub.token, body: method });
      expect(saved.status).toBe(200);
    }
    const set = (pub: Pub, payout_minimum: string | null) =>
      t.call('PATCH', `/api/admin/publishers/${pub.id}`, { token: net.token, body: { payout_minimum } });
    for (const bad of ['-1', '1,5', 'ten', '1e3']) expect((await set(anyAmount, bad)).status).toBe(400);
    const zero = await set(anyAmount, '0');
    expect(zero.status).toBe(200);
    expect(zero.body.payout_minimum).toBe('0');
    expect((await set(high, '100')).body.payout_minimum).toBe('100');

    const start = t.clock.now().getTime();
    await approve(anyAmount, 1); // 7.50, under the global 20.00
    await approve(high, 4); // 30.00, over the global 20.00 but under its own 100.00
    expect((await balanceOf(anyAmount))[0]).toMatchObject({ payable: '7.50', minimum: '0.00' });
    expect((await balanceOf(high))[0]).toMatchObject({ payable: '30.00', minimum: '100.00' });

    const small = await request(anyAmount, { amount: '1.00', currency: 'USD', ...method });
    expect(small.status).toBe(201);
    const held = await request(high, { amount: '30.00', currency: 'USD', ...method });
    expect(held.status).toBe(422);
    expect(held.body.message).toBe('the minimum payout is 100.00 USD');

    t.clock.set(new Date(start + 8 * DAY));
    const run = await t.call('POST', '/api/admin/payouts/run-net7', { token: net.token });
    expect(run.status).toBe(200);
    const of = (pub: Pub) => (p: { publisher_id: string }) => p.publisher_id === pub.id;
    expect(run.body.created.filter(of(anyAmount))).toEqual([
      expect.objectContaining({ amount: '6.50', source: 'net7' }),
    ]);
    expect(run.body.created.filter(of(high))).toEqual([]);
    expect(run.body.skipped.filter(of(high))).toEqual([
      { publisher_id: high.id, currency: 'USD', reason: 'below_minimum' },
    ]);

    // Back to the network's default (20.00): the 30.00 is paid by the next run.
    expect((await set(high, null)).body.payout_minimum).toBeNull();
    expect((await balanceOf(high))[0]).toMatchObject({ minimum: '20.00' });
    const next = await t.call('POST', '/api/admin/payouts/run-net7', { token: net.token });
    expect(next.body.created.filter(of(high))).toEqual([expect.objectContaining({ amount: '30.00' })]);
  });
});
