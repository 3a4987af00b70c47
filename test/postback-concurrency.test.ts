import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impliedPostings } from '../src/modules/ledger/postings.js';
import {
  conversionsOfLead,
  leadsOfClick,
  ledgerOf,
  makeClick,
  makeNetwork,
  type Network,
  postback,
  trackPostback,
  unbalancedEvents,
} from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
});
afterAll(() => t.close());

const historyOf = (conversionId: string) =>
  t.ctx.db.selectFrom('lead_status_history').selectAll().where('conversion_id', '=', conversionId).execute();

async function expectOneOfEach(clickId: string, results: { status: number; body: any }[]) {
  expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
  expect(results.filter((r) => r.body.result === 'ok')).toHaveLength(1);
  expect(results.filter((r) => r.body.result === 'no-changes')).toHaveLength(19);
  expect(results.filter((r) => r.body.lead_created)).toHaveLength(1);
  const leads = await leadsOfClick(t, clickId);
  expect(leads).toHaveLength(1);
  const conversions = await conversionsOfLead(t, leads[0]!.id);
  expect(conversions).toHaveLength(1);
  expect(await historyOf(conversions[0]!.id)).toHaveLength(1);
  expect(new Set(results.map((r) => r.body.conversion_id))).toEqual(new Set([conversions[0]!.id]));
  return conversions[0]!;
}

describe('20 identical postbacks at once', () => {
  it('make one lead, one conversion and one set of ledger entries (seed 000 dialect, no lead id)', async () => {
    const click = await makeClick(t, net);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        postback(t, { click_id: click, status: 'approved', token: net.advertiser.postback_token }),
      ),
    );
    const conversion = await expectOneOfEach(click, results);
    expect(await ledgerOf(t, conversion.id)).toEqual({
      advertiser_receivable: 1000,
      publisher_approved: -750,
      network_margin: -250,
    });
  });

  it('make one lead for one click and exto (seed 001 dialect)', async () => {
    const click = await makeClick(t, net);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        trackPostback(t, {
          id: net.advertiser.postback_token,
          click,
          exto: 'ADV-1',
          status: 'hold',
          auto: '1',
        }),
      ),
    );
    const conversion = await expectOneOfEach(click, results);
    expect(conversion.status).toBe('hold');
    expect(await ledgerOf(t, conversion.id)).toEqual({
      advertiser_pending: 1000,
      publisher_pending: -750,
      margin_pending: -250,
    });
  });

  it('record one payment for 20 identical ingest calls, each answered with the same result', async () => {
    const click = await makeClick(t, net);
    const body = { click_id: click, event: 'sale', external_payment_id: 'pi_concurrent', gross_amount: 30 };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.call('POST', '/api/ingest/conversion', { headers: { 'x-offer-key': net.offer.ingest_key }, body }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const conversions = await t.ctx.db
      .selectFrom('conversions')
      .selectAll()
      .where('external_payment_id', '=', 'pi_concurrent')
      .execute();
    expect(conversions).toHaveLength(1);
    expect(await leadsOfClick(t, click)).toHaveLength(1);
  });

  it('leave the ledger matching the final state when different statuses race', async () => {
    const click = await makeClick(t, net);
    const words = ['approved', 'hold', 'rejected', 'pending', 'chargeback'];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postback(t, {
          click_id: click,
          status: words[i % words.length],
          token: net.advertiser.postback_token,
        }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const [lead] = await leadsOfClick(t, click);
    const [conversion] = await conversionsOfLead(t, lead!.id);
    expect(lead?.status).toBe(conversion?.status);
    const implied = impliedPostings({
      status: conversion!.status,
      advPayout: conversion!.adv_payout,
      pubPayout: conversion!.pub_payout,
      currency: conversion!.currency,
      advertiserId: conversion!.advertiser_id,
      publisherId: conversion!.publisher_id,
    });
    expect(await ledgerOf(t, conversion!.id)).toEqual(
      Object.fromEntries(implied.map((p) => [p.account, p.amount])),
    );
    expect(await unbalancedEvents(t)).toEqual([]);
  });
});
