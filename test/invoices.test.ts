import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAmount } from '../src/lib/money.js';
import { createSession } from '../src/modules/auth/sessions.js';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { makeOffer } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Advertiser receivables (issue 17 §2): invoices per advertiser and period of local days, one per
 * currency, numbered without gaps; payments, outstanding and ageing; adjustments after issue; the
 * printable HTML and CSV; prepayment advertisers drawn down by approvals, alerted and paused at zero.
 */

let t: TestApp;

beforeAll(async () => {
  // Each click from an address of its own (x-forwarded-for), as from many visitors.
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
});
afterAll(() => t.close());

/** An admin bearer token valid at the clock's current time (sessions last 30 days). */
async function admin(): Promise<string> {
  await t.adminToken();
  const user = await t.ctx.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
  return (await createSession(t.ctx, 'admin', Number(user.id))).token;
}

async function api(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: Record<string, unknown>) {
  return t.call(method, url, { token: await admin(), ...(body ? { body } : {}) });
}

type Offer = Network['offer'];

/** A click on the offer and a postback with this status; returns the click id. */
async function convert(net: Network, status: string, offer: Offer = net.offer): Promise<string> {
  const click = await makeClick(t, { offer, publisher: net.publisher });
  const r = await postback(t, { click_id: click, status, token: net.advertiser.postback_token });
  expect(r.status, r.text).toBe(200);
  return click;
}

async function setStatus(net: Network, click: string, status: string) {
  const r = await postback(t, { click_id: click, status, token: net.advertiser.postback_token });
  expect(r.status, r.text).toBe(200);
}

async function conversionOf(click: string): Promise<string> {
  const row = await t.ctx.db
    .selectFrom('conversions')
    .select('id')
    .where('click_id', '=', click)
    .executeTakeFirstOrThrow();
  return row.id;
}

function invoice(net: Network, from: string, to: string, extra: Record<string, unknown> = {}) {
  return api('POST', '/api/admin/invoices', { advertiser_id: net.advertiser.id, from, to, ...extra });
}

async function issued(net: Network, from: string, to: string, extra: Record<string, unknown> = {}) {
  const r = await invoice(net, from, to, extra);
  expect(r.status, r.text).toBe(201);
  return r.body.data as Invoice[];
}

interface Invoice {
  id: string;
  number: string;
  currency: string;
  status: string;
  total: string;
  paid: string;
  outstanding: string;
  invoice_date: string;
  lines: { kind: string; conversion_id: string; amount: string; status: string }[];
  payments: { amount: string; reference: string; received_on: string }[];
}

const seqOf = (number: string) => Number(number.replace('INV-', ''));

async function receivablesOf(net: Network, query = '') {
  const r = await api('GET', `/api/admin/invoices/receivables?advertiser_id=${net.advertiser.id}${query}`);
  expect(r.status, r.text).toBe(200);
  return r.body.data as Record<string, string | number>[];
}

describe('invoices', () => {
  it('invoices approved conversions less reversals, one invoice per currency, numbered in sequence', async () => {
    t.clock.set('2026-06-03T10:00:00.000Z');
    const net = await makeNetwork(t);
    const eur = await makeOffer(t, await admin(), {
      advertiser_id: net.advertiser.id,
      name: 'Keto EU',
      currency: 'EUR',
      adv_payout: '20.00',
      pub_payout: '15.00',
      geo: '',
    });
    const a = await convert(net, 'approved');
    const b = await convert(net, 'approved');
    const cancelled = await convert(net, 'approved');
    await setStatus(net, cancelled, 'rejected');
    await convert(net, 'hold');
    await convert(net, 'approved', eur);

    const invoices = await issued(net, '2026-06-01', '2026-06-30');
    expect(invoices.map((i) => [i.currency, i.total, i.status, i.lines.length])).toEqual([
      ['EUR', '20.00', 'draft', 1],
      ['USD', '20.00', 'draft', 2],
    ]);
    const usd = invoices[1] as Invoice;
    expect(usd.lines.map((l) => l.conversion_id).sort()).toEqual(
      [await conversionOf(a), await conversionOf(b)].sort(),
    );
    expect(usd.lines.every((l) => l.kind === 'conversion' && l.amount === '10.00')).toBe(true);
    expect(seqOf(usd.number)).toBe(seqOf((invoices[0] as Invoice).number) + 1);
    expect(usd.number).toMatch(/^INV-\d{6}$/);

    // Nothing left: no invoice, and no number used up.
    const again = await invoice(net, '2026-06-01', '2026-06-30');
    expect(again.status).toBe(422);
    expect(again.body.error).toBe('nothing_to_invoice');
    await convert(net, 'approved');
    const [next] = await issued(net, '2026-06-01', '2026-06-30');
    expect(seqOf(next?.number ?? '')).toBe(seqOf(usd.number) + 1);
  });

  it('keeps an issued invoice as it was and puts later changes on the next one as adjustments', async () => {
    t.clock.set('2026-06-10T10:00:00.000Z');
    const net = await makeNetwork(t);
    const a = await convert(net, 'approved');
    const b = await convert(net, 'approved');
    const c = await convert(net, 'approved');
    t.clock.set('2026-06-16T09:00:00.000Z');
    const [first] = await issued(net, '2026-06-01', '2026-06-15');
    expect(first?.total).toBe('30.00');
    expect((await api('POST', `/api/admin/invoices/${first?.id}/send`)).status).toBe(200);

    // After issue: one invoiced conversion cancelled, one charged back, one new approval.
    t.clock.set('2026-06-20T09:00:00.000Z');
    await setStatus(net, a, 'rejected');
    const d = await convert(net, 'approved');
    t.clock.set('2026-07-02T09:00:00.000Z');
    await setStatus(net, b, 'chargeback');

    const stable = await api('GET', `/api/admin/invoices/${first?.id}`);
    expect(stable.body.total).toBe('30.00');
    expect(stable.body.lines.map((l: { amount: string }) => l.amount)).toEqual(['10.00', '10.00', '10.00']);

    const [second] = await issued(net, '2026-06-16', '2026-06-30');
    const lines = (second?.lines ?? []).map((l) => [l.kind, l.conversion_id, l.amount]);
    expect(lines).toEqual([
      ['adjustment', await conversionOf(a), '-10.00'],
      ['conversion', await conversionOf(d), '10.00'],
    ]);
    expect(second?.total).toBe('0.00');
    // The July chargeback is after this period's end: it waits for July's invoice.
    const [third] = await issued(net, '2026-07-01', '2026-07-31');
    expect(third?.lines.map((l) => [l.kind, l.conversion_id, l.amount])).toEqual([
      ['adjustment', await conversionOf(b), '-10.00'],
    ]);
    expect(third?.total).toBe('-10.00');
    expect(await conversionOf(c)).toBeTruthy();
    // A credit: sent, it lowers what the advertiser owes, and takes no payment.
    expect((await api('POST', `/api/admin/invoices/${third?.id}/send`)).status).toBe(200);
    expect((await receivablesOf(net))[0]?.outstanding).toBe('20.00');
    const onCredit = await api('POST', `/api/admin/invoices/${third?.id}/payments`, {
      amount: '1.00',
      received_on: '2026-07-03',
      reference: 'X',
    });
    expect(onCredit.status).toBe(422);
  });

  it('counts the period in local days of the time zone it is asked in', async () => {
    // 2026-06-30T20:00Z is 07-01 05:00 in Tokyo.
    t.clock.set('2026-06-30T20:00:00.000Z');
    const net = await makeNetwork(t);
    await convert(net, 'approved');
    t.clock.set('2026-07-05T00:00:00.000Z');
    const june = await invoice(net, '2026-06-01', '2026-06-30', { tz: 'Asia/Tokyo' });
    expect(june.status).toBe(422);
    const [july] = await issued(net, '2026-07-01', '2026-07-01', { tz: 'Asia/Tokyo' });
    expect(july?.total).toBe('10.00');
    expect(july?.lines).toHaveLength(1);
    const bad = await invoice(net, '2026-07-01', '2026-07-01', { tz: '+09:00' });
    expect(bad.status).toBe(400);
    const inverted = await invoice(net, '2026-07-02', '2026-07-01');
    expect(inverted.status).toBe(422);
    const unreal = await invoice(net, '2026-02-01', '2026-02-30');
    expect([unreal.status, unreal.body.field]).toEqual([422, 'to']);
  });

  it('records partial and full payments; outstanding goes down; statuses guard each step', async () => {
    t.clock.set('2026-06-05T10:00:00.000Z');
    const net = await makeNetwork(t);
    for (let i = 0; i < 3; i++) await convert(net, 'approved');
    const [inv] = await issued(net, '2026-06-01', '2026-06-30');
    const id = inv?.id ?? '';
    const pay = (amount: string, reference = 'SWIFT-1') =>
      api('POST', `/api/admin/invoices/${id}/payments`, { amount, received_on: '2026-06-20', reference });

    expect((await pay('5.00')).status).toBe(409); // a draft is not owed yet
    expect(await receivablesOf(net)).toEqual([]);
    expect((await api('POST', `/api/admin/invoices/${id}/send`)).status).toBe(200);
    expect((await api('POST', `/api/admin/invoices/${id}/send`)).status).toBe(409);
    expect((await receivablesOf(net))[0]?.outstanding).toBe('30.00');

    const partly = await pay('12.50');
    expect(partly.status, partly.text).toBe(201);
    expect([partly.body.status, partly.body.paid, partly.body.outstanding]).toEqual([
      'partly_paid',
      '12.50',
      '17.50',
    ]);
    expect((await receivablesOf(net))[0]?.outstanding).toBe('17.50');

    const over = await pay('17.51');
    expect(over.status).toBe(422);
    expect(over.body.error).toBe('overpayment');
    expect((await pay('1.005')).status).toBe(422);
    expect((await pay('0')).status).toBe(422);

    const full = await pay('17.50', 'SWIFT-2');
    expect([full.body.status, full.body.outstanding]).toEqual(['paid', '0.00']);
    expect(full.body.payments.map((p: { reference: string }) => p.reference)).toEqual(['SWIFT-1', 'SWIFT-2']);
    expect(await receivablesOf(net)).toEqual([]);
    expect((await pay('1.00')).status).toBe(409);
    expect((await api('POST', `/api/admin/invoices/${id}/void`)).status).toBe(409);
  });

  it('voids an unpaid invoice, keeps its number, and gives its conversions to the next invoice', async () => {
    t.clock.set('2026-06-05T10:00:00.000Z');
    const net = await makeNetwork(t);
    const a = await convert(net, 'approved');
    const [first] = await issued(net, '2026-06-01', '2026-06-30');
    const voided = await api('POST', `/api/admin/invoices/${first?.id}/void`);
    expect(voided.body.status).toBe('void');
    expect(voided.body.lines).toHaveLength(1);
    const [second] = await issued(net, '2026-06-01', '2026-06-30');
    expect(second?.lines.map((l) => [l.kind, l.conversion_id])).toEqual([
      ['conversion', await conversionOf(a)],
    ]);
    expect(seqOf(second?.number ?? '')).toBe(seqOf(first?.number ?? '') + 1);
    const list = await api('GET', `/api/admin/invoices?advertiser_id=${net.advertiser.id}`);
    expect(list.body.data.map((i: Invoice) => [i.number, i.status])).toEqual([
      [second?.number, 'draft'],
      [first?.number, 'void'],
    ]);
  });

  it('ages outstanding money by invoice date: 0–30, 31–60, 61–90 and over 90 days', async () => {
    const net = await makeNetwork(t);
    const days = ['2026-02-01', '2026-03-10', '2026-04-15', '2026-05-01', '2026-05-02', '2026-05-20'];
    for (const day of days) {
      t.clock.set(`${day}T10:00:00.000Z`);
      await convert(net, 'approved');
      const [inv] = await issued(net, day, day);
      expect((await api('POST', `/api/admin/invoices/${inv?.id}/send`)).status).toBe(200);
    }
    t.clock.set('2026-06-01T10:00:00.000Z');
    const [row] = await receivablesOf(net);
    // 120 days → 90+; 83 → 61–90; 47 and 31 → 31–60; 30 and 12 → 0–30.
    expect(row).toMatchObject({
      currency: 'USD',
      open_invoices: 6,
      outstanding: '60.00',
      days_0_30: '20.00',
      days_31_60: '20.00',
      days_61_90: '10.00',
      days_90_plus: '10.00',
    });
    const later = await receivablesOf(net, '&as_of=2026-09-01');
    expect(later[0]).toMatchObject({ days_0_30: '0.00', days_90_plus: '60.00' });
  });

  it('numbers invoices made at the same time uniquely and without gaps', async () => {
    t.clock.set('2026-06-05T10:00:00.000Z');
    const nets: Network[] = [];
    for (let i = 0; i < 5; i++) {
      const net = await makeNetwork(t);
      await convert(net, 'approved');
      nets.push(net);
    }
    const token = await admin();
    const before = await api('GET', '/api/admin/invoices?per_page=1');
    const last = seqOf(before.body.data[0]?.number ?? 'INV-0');
    // Each advertiser twice at once: one of the two finds nothing left to invoice.
    const answers = await Promise.all(
      [...nets, ...nets].map((net) =>
        t.call('POST', '/api/admin/invoices', {
          token,
          body: { advertiser_id: net.advertiser.id, from: '2026-06-01', to: '2026-06-30' },
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 201, 201, 422, 422, 422, 422, 422]);
    const numbers = answers.filter((a) => a.status === 201).map((a) => seqOf(a.body.data[0].number));
    expect(numbers.sort((x, y) => x - y)).toEqual([last + 1, last + 2, last + 3, last + 4, last + 5]);
    const claimed = await t.ctx.db
      .selectFrom('invoice_lines')
      .select('conversion_id')
      .where(
        'invoice_id',
        'in',
        answers.filter((a) => a.status === 201).map((a) => a.body.data[0].id),
      )
      .execute();
    expect(new Set(claimed.map((c) => c.conversion_id)).size).toBe(5);
  });

  it('prints as HTML with every value escaped, and exports lines as CSV without formulas', async () => {
    t.clock.set('2026-06-05T10:00:00.000Z');
    const net = await makeNetwork(t, { name: '=HYPERLINK("http://evil")<script>alert(1)</script>' });
    const a = await convert(net, 'approved');
    const [first] = await issued(net, '2026-06-01', '2026-06-30', { notes: 'Bank: <b>DE89</b>' });
    await setStatus(net, a, 'rejected');
    const [second] = await issued(net, '2026-06-01', '2026-06-30');

    const html = await api('GET', `/api/admin/invoices/${first?.id}/html`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.headers['content-security-policy']).toContain("default-src 'none'");
    expect(html.text).toContain(`Invoice ${first?.number}`);
    expect(html.text).not.toContain('<script>');
    expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.text).toContain('Bank: &lt;b&gt;DE89&lt;/b&gt;');
    expect(html.text).toContain('10.00 USD');

    const csv = await api('GET', `/api/admin/invoices/${second?.id}/lines.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const [header, line] = csv.text.replace('\uFEFF', '').trim().split('\r\n');
    expect(header).toBe(
      'invoice,kind,posted_at,conversion_id,lead_id,offer_id,offer,goal,status,amount,currency',
    );
    expect(line).toContain(`"'=HYPERLINK(""http://evil"")<script>alert(1)</script>"`);
    // A negative amount is a plain number and stays one.
    expect(line?.endsWith(',cancelled,-10.00,USD')).toBe(true);
  });

  it('is for admins only', async () => {
    const net = await makeNetwork(t);
    const r = await t.call('GET', '/api/admin/invoices', { token: net.publisher.token });
    expect([401, 403]).toContain(r.status);
    expect((await t.call('GET', '/api/admin/invoices/receivables')).status).toBe(401);
    const missing = await api('POST', '/api/admin/invoices', {
      advertiser_id: '999999',
      from: '2026-06-01',
      to: '2026-06-30',
    });
    expect(missing.status).toBe(404);
  });
});

describe('prepayment advertisers', () => {
  async function billing(net: Network) {
    const r = await api('GET', `/api/admin/advertisers/${net.advertiser.id}/billing`);
    expect(r.status, r.text).toBe(200);
    return r.body;
  }

  async function offerStatus(offer: Offer) {
    return (await api('GET', `/api/admin/offers/${offer.id}`)).body.status as string;
  }

  async function notificationsAbout(net: Network) {
    const r = await api('GET', '/api/admin/notifications?per_page=200');
    return (
      r.body.data as { title: string; code: string; params: unknown; details: Record<string, unknown> }[]
    ).filter((n) => n.details.advertiser_id === net.advertiser.id);
  }

  const topup = (net: Network, amount: string, currency = 'USD') =>
    api('POST', `/api/admin/advertisers/${net.advertiser.id}/topups`, {
      amount,
      currency,
      received_on: '2026-06-01',
      reference: `TOPUP-${amount}`,
    });

  it('draws the balance down with approvals, alerts when low, pauses offers at zero and resumes them on a top-up', async () => {
    t.clock.set('2026-06-05T10:00:00.000Z');
    const net = await makeNetwork(t);
    const other = await makeOffer(t, await admin(), {
      advertiser_id: net.advertiser.id,
      name: 'Manual pause',
      geo: '',
    });
    await api('PATCH', `/api/admin/offers/${other.id}`, { status: 'paused' });
    // Approved before becoming prepaid: stays for invoices, draws nothing.
    await convert(net, 'approved');
    expect((await topup(net, '30.00')).status).toBe(409);
    t.clock.advance(60_000);
    const saved = await api('PUT', `/api/admin/advertisers/${net.advertiser.id}/billing`, {
      mode: 'prepayment',
      low_balance_alert: '15.00',
      pause_at_zero: true,
    });
    expect(saved.status, saved.text).toBe(200);
    expect((await topup(net, '30.00')).status).toBe(201);
    expect((await billing(net)).balances).toEqual([
      { currency: 'USD', topups: '30.00', drawn: '0.00', balance: '30.00', low: false },
    ]);

    await convert(net, 'approved');
    await convert(net, 'hold'); // hold is not drawn
    expect((await billing(net)).balances[0].balance).toBe('20.00');
    expect(await notificationsAbout(net)).toEqual([]);

    const third = await convert(net, 'approved');
    expect((await billing(net)).balances[0]).toMatchObject({ balance: '10.00', low: true });
    expect((await notificationsAbout(net)).map((n) => n.details.kind)).toEqual(['prepayment_low']);
    expect(await offerStatus(net.offer)).toBe('active');

    await convert(net, 'approved');
    expect((await billing(net)).balances[0].balance).toBe('0.00');
    expect(await offerStatus(net.offer)).toBe('paused');
    const kinds = (await notificationsAbout(net)).map((n) => n.details.kind);
    expect(kinds).toEqual(['prepayment_paused', 'prepayment_low']);
    // A stable code and its values beside the English: the web app says them in the reader's language.
    expect((await notificationsAbout(net)).map((n) => ({ code: n.code, params: n.params }))).toEqual([
      {
        code: 'prepayment_paused',
        params: {
          advertiser: expect.any(String),
          advertiser_id: net.advertiser.id,
          balance: '0.00',
          currency: 'USD',
          offers: expect.stringContaining(`(#${net.offer.id})`),
        },
      },
      {
        code: 'prepayment_low',
        params: {
          advertiser: expect.any(String),
          advertiser_id: net.advertiser.id,
          balance: '10.00',
          alert_at: '15.00',
          currency: 'USD',
        },
      },
    ]);
    // Paused: the offer takes no more clicks.
    await expect(convert(net, 'approved')).rejects.toThrow();

    // A reversal gives its money back to the balance; a top-up resumes what the zero paused, only that.
    await setStatus(net, third, 'rejected');
    expect((await billing(net)).balances[0].balance).toBe('10.00');
    const after = await topup(net, '50.00');
    expect(after.body.balances[0]).toMatchObject({
      topups: '80.00',
      drawn: '20.00',
      balance: '60.00',
      low: false,
    });
    expect(await offerStatus(net.offer)).toBe('active');
    expect(await offerStatus(other)).toBe('paused');
    expect(after.body.topups.map((x: { reference: string }) => x.reference)).toEqual([
      'TOPUP-50.00',
      'TOPUP-30.00',
    ]);
  });

  it('leaves offers running at zero without pause_at_zero, and ignores invoice advertisers', async () => {
    t.clock.set('2026-06-05T10:00:00.000Z');
    const net = await makeNetwork(t);
    await api('PUT', `/api/admin/advertisers/${net.advertiser.id}/billing`, { mode: 'prepayment' });
    await topup(net, '10.00');
    await convert(net, 'approved');
    await convert(net, 'approved');
    expect((await billing(net)).balances[0].balance).toBe('-10.00');
    expect(await offerStatus(net.offer)).toBe('active');
    // Without an alert level the operator is told once, when it runs out.
    expect((await notificationsAbout(net)).map((n) => n.details.kind)).toEqual(['prepayment_low']);

    const plain = await makeNetwork(t);
    await convert(plain, 'approved');
    expect((await billing(plain)).mode).toBe('invoice');
    expect(await notificationsAbout(plain)).toEqual([]);
    const bad = await api('PUT', `/api/admin/advertisers/${net.advertiser.id}/billing`, {
      mode: 'prepayment',
      low_balance_alert: 'lots',
    });
    expect(bad.status).toBe(422);
  });
});

describe("Finance's collect from advertisers", () => {
  interface FinanceRow {
    advertiser_id: string;
    currency: string;
    revenue: string;
    invoiced: string;
    received: string;
    to_collect: string;
  }

  async function finance(query = '') {
    const r = await api('GET', `/api/admin/finance${query}`);
    expect(r.status, r.text).toBe(200);
    return r.body as { cards: { currency: string; to_collect: string }[]; advertisers: FinanceRow[] };
  }

  async function rowOf(net: Network, query = '') {
    const rows = (await finance(query)).advertisers.filter((a) => a.advertiser_id === net.advertiser.id);
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  const cardToCollect = async (currency: string) =>
    (await finance()).cards.find((c) => c.currency === currency)?.to_collect;

  it('goes down by exactly a payment recorded on an invoice, per advertiser and in the total', async () => {
    t.clock.set('2026-06-06T10:00:00.000Z');
    const net = await makeNetwork(t);
    for (let i = 0; i < 3; i++) await convert(net, 'approved');
    const [inv] = await issued(net, '2026-06-01', '2026-06-30');
    expect(await rowOf(net)).toMatchObject({
      revenue: '30.00',
      invoiced: '0.00',
      received: '0.00',
      to_collect: '30.00',
    });
    expect((await api('POST', `/api/admin/invoices/${inv?.id}/send`)).status).toBe(200);
    const totalBefore = await cardToCollect('USD');

    const paid = await api('POST', `/api/admin/invoices/${inv?.id}/payments`, {
      amount: '12.50',
      received_on: '2026-06-07',
      reference: 'SWIFT-9',
    });
    expect(paid.status, paid.text).toBe(201);
    expect(await rowOf(net)).toMatchObject({
      revenue: '30.00',
      invoiced: '30.00',
      received: '12.50',
      to_collect: '17.50',
    });
    expect(parseAmount(String(await cardToCollect('USD')), 'USD')).toBe(
      parseAmount(String(totalBefore), 'USD') - 1250,
    );

    expect(await rowOf(net, '?currency=USD')).toMatchObject({ received: '12.50', to_collect: '17.50' });

    // Over a range: invoices dated and payments received on its days; the period's revenue less them.
    expect(await rowOf(net, '?from=2026-06-07&to=2026-06-08')).toMatchObject({
      revenue: '0.00',
      invoiced: '0.00',
      received: '12.50',
      to_collect: '-12.50',
    });
    expect(await rowOf(net, '?from=2026-06-06&to=2026-06-06')).toMatchObject({
      revenue: '30.00',
      invoiced: '30.00',
      received: '0.00',
      to_collect: '30.00',
    });
  });

  it("counts a prepaid advertiser's top-ups as received: in credit until approvals draw them down", async () => {
    t.clock.set('2026-06-09T10:00:00.000Z');
    const net = await makeNetwork(t);
    await api('PUT', `/api/admin/advertisers/${net.advertiser.id}/billing`, { mode: 'prepayment' });
    const r = await api('POST', `/api/admin/advertisers/${net.advertiser.id}/topups`, {
      amount: '25.00',
      currency: 'USD',
      received_on: '2026-06-09',
      reference: 'WIRE-7',
    });
    expect(r.status, r.text).toBe(201);
    expect(await rowOf(net)).toMatchObject({ revenue: '0.00', received: '25.00', to_collect: '-25.00' });
    await convert(net, 'approved');
    expect(await rowOf(net)).toMatchObject({ revenue: '10.00', received: '25.00', to_collect: '-15.00' });
  });
});
