import { makeAdvertiser, makeOffer, makePublisher } from './fixtures.js';
import type { TestApp, TestResponse } from './test-app.js';

/** A small network for postback tests: one advertiser, an offer with goals, a publisher; clicks on demand. */

const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36';
let ipCounter = 0;

export interface Network {
  token: string;
  advertiser: { id: string; postback_token: string };
  offer: { id: string; ingest_key: string; pixel_key: string; currency: string };
  publisher: { id: string; token: string };
}

export const GOALS = [
  { key: 'reg', aliases: ['registration', 'signup'], adv_payout: '3.00', pub_payout: '2.00' },
  { key: 'dep', aliases: ['deposit', 'ftd'], adv_payout: '40.00', pub_payout: '30.00' },
];

export async function makeNetwork(
  t: TestApp,
  offerOverrides: Record<string, unknown> = {},
): Promise<Network> {
  const token = await t.adminToken();
  const advertiser = await makeAdvertiser(t, token);
  const offer = await makeOffer(t, token, {
    advertiser_id: advertiser.id,
    geo: '',
    adv_payout: '10.00',
    pub_payout: '7.50',
    goals: GOALS,
    ...offerOverrides,
  });
  const publisher = await makePublisher(t, token);
  return { token, advertiser, offer, publisher };
}

/** A real click through /click, from an address of its own; returns its id. */
export async function makeClick(
  t: TestApp,
  network: Pick<Network, 'offer' | 'publisher'>,
  query = '',
): Promise<string> {
  ipCounter += 1;
  const ip = `8.${8 + Math.floor(ipCounter / 60000)}.${Math.floor(ipCounter / 250) % 240}.${(ipCounter % 250) + 1}`;
  const response = await t.call(
    'GET',
    `/click?offer_id=${network.offer.id}&pub_id=${network.publisher.id}&sub1=camp${query}`,
    { headers: { 'x-forwarded-for': ip, 'user-agent': BROWSER } },
  );
  if (response.status !== 302) throw new Error(`click failed: ${response.status} ${response.text}`);
  const location = new URL(String(response.headers.location));
  const clickId = location.searchParams.get('click_id');
  if (!clickId) throw new Error(`no click id in ${location}`);
  return clickId;
}

export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
  return search.toString();
}

export function postback(t: TestApp, params: Record<string, string | undefined>): Promise<TestResponse> {
  return t.call('GET', `/postback?${query(params)}`);
}

export function trackPostback(t: TestApp, params: Record<string, string | undefined>): Promise<TestResponse> {
  return t.call('GET', `/api/track/postback.json?${query(params)}`);
}

export async function leadsOfClick(t: TestApp, clickId: string) {
  return t.ctx.db.selectFrom('leads').selectAll().where('click_id', '=', clickId).orderBy('id').execute();
}

export async function conversionsOfLead(t: TestApp, leadId: string) {
  return t.ctx.db.selectFrom('conversions').selectAll().where('lead_id', '=', leadId).orderBy('id').execute();
}

/** Ledger sums per account for one conversion, as plain numbers. */
export async function ledgerOf(t: TestApp, conversionId: string): Promise<Record<string, number>> {
  const rows = await t.ctx.db
    .selectFrom('ledger_entries')
    .select(['account', 'amount'])
    .where('conversion_id', '=', conversionId)
    .execute();
  const sums: Record<string, number> = {};
  for (const row of rows) sums[row.account] = (sums[row.account] ?? 0) + Number(row.amount);
  for (const key of Object.keys(sums)) if (sums[key] === 0) delete sums[key];
  return sums;
}

/** Every ledger event sums to zero per currency. */
export async function unbalancedEvents(t: TestApp): Promise<string[]> {
  const rows = await t.ctx.db
    .selectFrom('ledger_entries')
    .select(['event_id', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .groupBy(['event_id', 'currency'])
    .execute();
  return rows.filter((r) => Number(r.total) !== 0).map((r) => r.event_id);
}

export async function lastLog(t: TestApp) {
  const row = await t.ctx.db
    .selectFrom('postback_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return {
    ...row,
    params: JSON.parse(row.params),
    changes: JSON.parse(row.changes),
    unknown_params: JSON.parse(row.unknown_params),
  };
}

export async function count(
  t: TestApp,
  table: 'leads' | 'conversions' | 'ledger_entries' | 'lead_status_history' | 'postback_log',
) {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
