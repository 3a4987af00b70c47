import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownRowWatch } from '../src/db/compiled-writes.js';
import {
  conversionsOfLead,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
  postback,
  trackPostback,
} from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * A postback writes its lead and conversion without `returning *` (issue 18, session 16): the rows it
 * goes on with are built from the values written (an insert writes every column, an update changes
 * the row read under the lead's lock). Here each such row, as the app holds it right after its
 * statement, must be the row `select *` reads back in the same transaction, on both databases:
 * column types, PostgreSQL's bigint parsing, nulls and defaults alike.
 */

let t: TestApp;
let net: Network;
let eur: Network;
let statements: string[] | undefined;

interface Seen {
  table: string;
  held: unknown;
  stored: unknown;
}
const seen: Seen[] = [];

beforeAll(async () => {
  t = await createTestApp({
    env: { TRUST_PROXY: '1' },
    onQuery: (text) => statements?.push(text.replace(/\s+/g, ' ')),
  });
  net = await makeNetwork(t);
  // An offer in EUR on a USD base: its conversions carry a rate, and payouts sent in USD the sent_* columns.
  eur = await makeNetwork(t, { currency: 'EUR' });
  for (const [day, rate] of [
    ['2026-05-01', '1.10'],
    ['2026-06-01', '1.25'],
  ]) {
    const r = await t.call('POST', '/api/admin/currency-rates', {
      token: net.token,
      body: { currency: 'EUR', rate_date: day, rate },
    });
    expect([200, 201], r.text).toContain(r.status);
  }
  knownRowWatch.watch = async (db, table, row) => {
    const stored = await db
      .selectFrom(table as 'leads' | 'conversions')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirst();
    // A copy: the app may go on to spread the row into another, never to change it, but be sure.
    seen.push({ table, held: structuredClone(row), stored });
  };
});
afterAll(async () => {
  knownRowWatch.watch = undefined;
  await t.close();
});

/** A minute later (so every update changes updated_at), send it and expect 200. */
async function ok(send: () => Promise<{ status: number; text: string }>) {
  t.clock.advance(60_000);
  const r = await send();
  expect(r.status, r.text).toBe(200);
  return r;
}

const ingest = (path: string, body: Record<string, unknown>) =>
  t.call('POST', path, { headers: { 'x-offer-key': net.offer.ingest_key }, body });

describe('rows a postback writes without returning *', () => {
  it('are the rows the database holds, for every insert and update of a lead and a conversion', async () => {
    const token = net.advertiser.postback_token;
    // A lead and its conversion created by a postback (written once, with its status), then changed.
    const plain = await makeClick(t, net);
    await ok(() => postback(t, { click_id: plain, status: 'hold', token }));
    await ok(() => postback(t, { click_id: plain, status: 'approved', token }));
    await ok(() => postback(t, { click_id: plain, status: 'approved', token, comment: 'paid on time' }));
    await ok(() => postback(t, { click_id: plain, status: 'cancelled', token }));

    // A lead with the advertiser's id (inserted in processing, then updated), its data and tags, a goal.
    const withData = await makeClick(t, net, '&utm_source=facebook&utm_campaign=spring');
    await ok(() =>
      trackPostback(t, {
        id: token,
        click: withData,
        exto: 'L-16',
        goal: 'reg',
        status: 'approved',
        auto: '1',
        name: 'Asha Rao',
        phone: '98765 43210',
        email: 'asha@example',
        comment: 'call after 6pm',
        geo: 'IN',
        ip: '49.36.9.9',
        'meta[age]': '34',
        utm_source: 'tiktok',
      }),
    );
    await ok(() =>
      trackPostback(t, { id: token, click: withData, exto: 'L-16', name: 'Asha R.', 'meta[city]': 'Pune' }),
    );
    await ok(() => trackPostback(t, { id: token, click: withData, exto: 'L-16', status: 'rejected' }));

    // Payouts sent in another currency than the offer's: the sent_* columns and the day's rate.
    const foreign = await makeClick(t, eur);
    const eurToken = eur.advertiser.postback_token;
    await ok(() =>
      trackPostback(t, {
        id: eurToken,
        click: foreign,
        status: 'approved',
        auto: '1',
        pay: '12.50',
        cc: 'usd',
      }),
    );
    await ok(() =>
      trackPostback(t, { id: eurToken, click: foreign, status: 'approved', wm: '5.00', cc: 'USD' }),
    );
    await ok(() => trackPostback(t, { id: eurToken, click: foreign, status: 'approved', pay: '11.00' }));

    // Payments (external_payment_id): a first one on a click with no lead, a rebill, a refund.
    const paid = await makeClick(t, net);
    const sale = { click_id: paid, currency: 'USD', gross_amount: 20 };
    await ok(() =>
      ingest('/api/ingest/conversion', {
        ...sale,
        event: 'sale',
        external_payment_id: 'pi_16a',
        user_ref: 'u-1',
      }),
    );
    await ok(() =>
      ingest('/api/ingest/conversion', { ...sale, event: 'rebill', external_payment_id: 'pi_16b' }),
    );
    await ok(() => ingest('/api/ingest/refund', { external_payment_id: 'pi_16a' }));
    // … and a status postback on the paid lead afterwards.
    await ok(() => postback(t, { click_id: paid, status: 'approved', token }));

    for (const { table, held, stored } of seen) expect(held, table).toStrictEqual(stored);
    // Every kind of write was seen, with the columns that differ most between the databases filled.
    const rows = (table: string) =>
      seen.filter((s) => s.table === table).map((s) => s.stored as Record<string, unknown>);
    expect(rows('leads').length).toBeGreaterThanOrEqual(10);
    expect(rows('conversions').length).toBeGreaterThanOrEqual(12);
    expect(rows('conversions').some((c) => c.sent_adv_payout === 1250 && c.rate === '1.25')).toBe(true);
    expect(
      rows('conversions').some((c) => c.external_payment_id === 'pi_16a' && c.gross_amount === 2000),
    ).toBe(true);
    expect(rows('leads').some((l) => l.external_id === 'L-16' && l.name === 'Asha R.')).toBe(true);
    // What the rows end as: the last row the app held of each is what the tables hold now.
    for (const click of [plain, withData, foreign, paid]) {
      for (const lead of await leadsOfClick(t, click)) {
        const last = seen
          .filter((s) => s.table === 'leads' && (s.held as { id: string }).id === lead.id)
          .at(-1);
        expect(last?.held, click).toBeDefined();
        for (const conversion of await conversionsOfLead(t, lead.id)) {
          const held = seen.filter((s) => (s.held as { id: string }).id === conversion.id).at(-1)?.held;
          expect(held, conversion.id).toStrictEqual(conversion);
        }
      }
    }
  });

  it('inserts and updates the lead and the conversion without returning *', async () => {
    const clickId = await makeClick(t, net);
    const token = net.advertiser.postback_token;
    await t.ctx.clickWriter.flush();
    statements = [];
    await ok(() => postback(t, { click_id: clickId, status: 'hold', token }));
    await ok(() => postback(t, { click_id: clickId, status: 'approved', token }));
    const exto = await makeClick(t, net);
    await t.ctx.clickWriter.flush();
    await ok(() =>
      trackPostback(t, { id: token, click: exto, exto: 'L-17', status: 'approved', auto: '1', name: 'Ravi' }),
    );
    const run = statements;
    statements = undefined;
    const listing = `\n${run.join('\n')}`;
    const writes = run.filter((s) => /^(insert into|update) "(leads|conversions)"/.test(s));
    // hold: lead and conversion inserts; approved: both updated; exto: lead insert, its data, its
    // conversion, the lead's status.
    expect(writes.filter((s) => s.startsWith('insert')).length, listing).toBe(4);
    expect(writes.filter((s) => s.startsWith('update')).length, listing).toBeGreaterThanOrEqual(3);
    expect(
      writes.filter((s) => / returning /.test(s)),
      listing,
    ).toEqual([]);
  });
});
