import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversionsOfLead,
  lastLog,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
} from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Postbacks as networks and trackers document them (issue 16), each sent through the real
 * `/postback` endpoint exactly as written in the cited page (our click id, token and amounts filled
 * in where the page has macros), checking the status, payout and currency it lands as.
 * The offer pays 10.00 USD (publisher 7.50); EUR is 1.10 USD from 2026-05-01.
 */

let t: TestApp;

beforeAll(async () => {
  // Each click from an address of its own (X-Forwarded-For), as other postback tests do.
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  const token = await t.adminToken();
  const rate = await t.call('POST', '/api/admin/currency-rates', {
    token,
    body: { currency: 'EUR', rate_date: '2026-05-01', rate: '1.10' },
  });
  expect(rate.status, rate.text).toBe(201);
});
afterAll(() => t.close());

const networks = new Map<string, Network>();

/** A network (advertiser, USD offer, publisher), set up from an integration template when named; one per template. */
async function networkFor(template?: string): Promise<Network> {
  const known = networks.get(template ?? '');
  if (known) return known;
  const net = await makeNetwork(t);
  networks.set(template ?? '', net);
  if (template) {
    const applied = await t.call('POST', `/api/admin/integrations/${template}/apply`, {
      token: net.token,
      body: { advertiser_id: net.advertiser.id },
    });
    expect(applied.status, applied.text).toBe(200);
  }
  return net;
}

/** Send the sample as the network would: `{click}` and `{token}` filled in, every other value as documented. */
async function send(net: Network, query: string, clickId: string) {
  const filled = query.replaceAll('{click}', clickId).replaceAll('{token}', net.advertiser.postback_token);
  const separator = /(^|&)token=/.test(filled) ? '' : `&token=${net.advertiser.postback_token}`;
  return t.call('GET', `/postback?${filled}${separator}`);
}

async function landed(clickId: string) {
  const [lead] = await leadsOfClick(t, clickId);
  if (!lead) return undefined;
  const [conversion] = await conversionsOfLead(t, lead.id);
  return { status: lead.status, adv_payout: conversion?.adv_payout, currency: conversion?.currency };
}

interface Sample {
  name: string;
  /** The page the sample was taken from. */
  source: string;
  template?: string;
  query: string;
  expected: { status: string; adv_payout: number; currency: string };
}

const samples: Sample[] = [
  {
    name: 'Affise: clickid, sum and status 1 (approved) as its postback URL parameters name them',
    source: 'https://help-center.affise.com/en/articles/6475468-affise-postback-url-parameters',
    template: 'affise',
    query: 'clickid={click}&action_id=5c8a1f0e9b2d&sum=12.34&status=1',
    expected: { status: 'approved', adv_payout: 1234, currency: 'USD' },
  },
  {
    name: 'Affise: status=2 forces pending',
    source: 'http://help-center.affise.com/en/articles/4103329-statistics-conversion-statuses',
    template: 'affise',
    query: 'clickid={click}&status=2',
    expected: { status: 'processing', adv_payout: 1000, currency: 'USD' },
  },
  {
    name: 'Scaleo example 1: conv_status=spam named trash by trash_status',
    source: 'https://help.scaleo.io/article/483-custom-statuses-for-conversions',
    query: 'click_id={click}&conv_status=spam&trash_status=spam,duplicate&approved_status=ok,approved',
    expected: { status: 'wrong_number', adv_payout: 1000, currency: 'USD' },
  },
  {
    name: 'Scaleo example 2: conv_status=ok named approved by approved_status',
    source: 'https://help.scaleo.io/article/483-custom-statuses-for-conversions',
    query:
      'click_id={click}&goal_alias=sale&conv_status=ok&trash_status=spam,duplicate&approved_status=ok,approved&pending_status=wait,check&token={token}',
    expected: { status: 'approved', adv_payout: 1000, currency: 'USD' },
  },
  {
    name: 'Scaleo conv-change from a merchant: amount in EUR, conv_status=approved, converted to USD',
    source: 'https://qa-docs.kukuruku.win/docs/postbacks',
    query: 'click_id={click}&amount=50.00&currency=EUR&token={token}&goal_alias=ftd&conv_status=approved',
    expected: { status: 'approved', adv_payout: 5500, currency: 'USD' },
  },
  {
    name: 'Dr.Cash: our click in tracking_uuid, its order id in transaction_id',
    source: 'https://pastebin.com/0iZRzFJ2',
    query:
      'access_token=74581a0d8c&status=approved&tracking_uuid={click}&transaction_id=DC-778812&payout=14.50',
    expected: { status: 'approved', adv_payout: 1450, currency: 'USD' },
  },
  {
    name: 'Dr.Cash: status=new',
    source: 'https://pastebin.com/0iZRzFJ2',
    query: 'access_token=74581a0d8c&status=new&tracking_uuid={click}&transaction_id=DC-778813&payout=14.50',
    expected: { status: 'processing', adv_payout: 1450, currency: 'USD' },
  },
  {
    name: 'KMA (its global postback as Kadam documents it): our click in data, status A (approved)',
    source: 'https://wiki.kadam.net/en/index.php?diff=prev&oldid=6847&title=Configuring_postback_for_KMA',
    template: 'kma',
    query: 'data={click}&partner=kma&cost=12.00&status=A',
    // `cost` is Kadam's parameter, not an advertiser payout: the offer's payout, and a warning.
    expected: { status: 'approved', adv_payout: 1000, currency: 'USD' },
  },
  {
    name: 'AdCombo through the Keitaro template: status=sale (confirmed by the call centre)',
    source:
      'https://docs.keitaro.io/en/conversions-and-postback/integration-with-affiliate-networks/adcombo.html',
    query: 'subid={click}&payout=21.0&status=sale&tid=52949935&from=adcombo.com',
    expected: { status: 'approved', adv_payout: 2100, currency: 'USD' },
  },
  {
    name: 'AdCombo through the Keitaro template: status=lead (being processed)',
    source:
      'https://docs.keitaro.io/en/conversions-and-postback/integration-with-affiliate-networks/adcombo.html',
    query: 'subid={click}&payout=21.0&status=lead&tid=52949936&from=adcombo.com',
    expected: { status: 'processing', adv_payout: 2100, currency: 'USD' },
  },
  {
    name: 'AdCombo through the Keitaro template: status=rejected',
    source:
      'https://docs.keitaro.io/en/conversions-and-postback/integration-with-affiliate-networks/adcombo.html',
    query: 'subid={click}&payout=21.0&status=rejected&tid=52949937&from=adcombo.com',
    expected: { status: 'cancelled', adv_payout: 2100, currency: 'USD' },
  },
  {
    name: "AdCombo's raw words with Keitaro lists: status=confirmed",
    source: 'https://pastebin.com/r4j3f1UA',
    query:
      'subid={click}&payout=21.0&status=confirmed&tid=52949935&from=adcombo.com&lead_status=hold&sale_status=lead&rejected_status=reject,trash,cancelled',
    expected: { status: 'approved', adv_payout: 2100, currency: 'USD' },
  },
  {
    name: "AdCombo's raw words with Keitaro lists: its `lead` is a sale (approved)",
    source: 'https://pastebin.com/j1NRkc8A',
    query:
      'subid={click}&payout=21.0&status=lead&tid=52949938&from=adcombo.com&lead_status=hold&sale_status=lead&rejected_status=reject',
    expected: { status: 'approved', adv_payout: 2100, currency: 'USD' },
  },
  {
    name: "AdCombo's raw words with Keitaro lists: its `hold` is still being processed",
    source: 'https://pastebin.com/j1NRkc8A',
    query:
      'subid={click}&payout=21.0&status=hold&tid=52949939&from=adcombo.com&lead_status=hold&sale_status=lead&rejected_status=reject',
    expected: { status: 'processing', adv_payout: 2100, currency: 'USD' },
  },
  {
    name: 'Keitaro: a payout in EUR with status=lead, converted to USD',
    source: 'https://docs.keitaro.io/en/conversions/postback.html',
    query: 'subid={click}&status=lead&payout=10&currency=EUR',
    expected: { status: 'processing', adv_payout: 1100, currency: 'USD' },
  },
  {
    name: 'Keitaro status transformations: billed is a sale',
    source: 'https://docs.keitaro.io/en/conversions/postback.html',
    query: 'subid={click}&status=billed&payout=5&lead_status=reg,topup&sale_status=billed',
    expected: { status: 'approved', adv_payout: 500, currency: 'USD' },
  },
  {
    name: 'Keitaro status transformations: reg is a lead',
    source: 'https://docs.keitaro.io/en/conversions/postback.html',
    query: 'subid={click}&status=reg&payout=5&lead_status=reg,topup&sale_status=billed',
    expected: { status: 'processing', adv_payout: 500, currency: 'USD' },
  },
  {
    name: 'Everflow advertiser postback: transaction_id is the click, amount the payout, no status',
    source: 'https://helpdesk.everflow.io/customer/accessing-editing-s2s-postback-urls',
    query: 'nid=123&transaction_id={click}&amount=12.34',
    expected: { status: 'approved', adv_payout: 1234, currency: 'USD' },
  },
  {
    name: 'AlterCPA to a Keitaro-style URL: status=rejected for a cancel',
    source: 'https://docs.altercpa.top/en/trackers/keitaro/',
    query: 'subid={click}&status=rejected',
    expected: { status: 'cancelled', adv_payout: 1000, currency: 'USD' },
  },
];

describe('documented postback samples land as the network means them', () => {
  it.each(samples.map((s) => [s.name, s] as const))('%s', async (_name, sample) => {
    const net = await networkFor(sample.template);
    const clickId = await makeClick(t, net);
    const r = await send(net, sample.query, clickId);
    expect(r.status, `${sample.source}\n${r.text}`).toBe(200);
    expect(await landed(clickId), sample.source).toEqual(sample.expected);
  });

  it('answers the KMA sample with a warning about cost, and logs it', async () => {
    const net = await networkFor('kma');
    const clickId = await makeClick(t, net);
    const r = await send(net, 'data={click}&partner=kma&cost=12.00&status=A', clickId);
    expect(r.body.warnings).toEqual(['cost=12.00 looks like a payout but was not used']);
    expect((await lastLog(t)).warnings).toEqual(
      JSON.stringify(['cost=12.00 looks like a payout but was not used']),
    );
  });

  it("ignores a status in Keitaro's ignore_status list: answered, logged, nothing changed", async () => {
    // https://docs.keitaro.io/en/conversions/postback.html: ignore_status=ping,test
    const net = await networkFor();
    const clickId = await makeClick(t, net);
    const r = await send(net, 'subid={click}&status=ping&ignore_status=ping,test', clickId);
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ result: 'ignored', lead_created: false });
    expect(await leadsOfClick(t, clickId)).toEqual([]);
    expect(await lastLog(t)).toMatchObject({ answer_status: 200, answer_code: 'ignored', click_id: clickId });
  });

  it('never books payout=12.34&currency=EUR as 12.34 USD: converted, or refused naming the missing rate', async () => {
    const net = await networkFor();
    const clickId = await makeClick(t, net);
    const r = await send(net, 'click_id={click}&payout=12.34&currency=EUR', clickId);
    expect(r.status, r.text).toBe(200);
    expect(r.body.converted).toEqual({ sent: '12.34 EUR', booked: '13.57 USD' });
    expect(await landed(clickId)).toEqual({ status: 'approved', adv_payout: 1357, currency: 'USD' });
    const noRate = await makeClick(t, net);
    const refused = await send(net, 'click_id={click}&payout=12.34&cur=GBP', noRate);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: 'bad-currency', field: 'currency' });
    expect(refused.body.message).toMatch(/no exchange rate for GBP is known on or before 2026-06-01/);
    expect(await leadsOfClick(t, noRate)).toEqual([]);
  });
});
