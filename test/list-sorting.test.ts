import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewRow } from '../src/db/schema.js';
import { newId } from '../src/lib/ids.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Server-side sorting of the admin and portal lists, through HTTP on a real database. Every list
 * gets five rows r1…r5 (in id order) whose sort values put ascending, descending and the default
 * (newest first) in three different orders, plus a sixth row its filter leaves out:
 *
 *   r1 "Bravo"  r2 null  r3 "Alpha"  r4 "charlie"  r5 "alpha"
 *   ascending:  r3 r5 r1 r4 r2   (case-insensitive; Alpha = alpha, so id decides; null last)
 *   descending: r4 r1 r5 r3 r2   (null still last; the tie flips with the direction)
 *   default:    r5 r4 r3 r2 r1
 *
 * A byte-order sort would put "Bravo" before "alpha", and NULLS FIRST would put r2 first.
 */

const NULLABLE = ['Bravo', null, 'Alpha', 'charlie', 'alpha'] as const;
/** For NOT NULL columns the second row gets a value that sorts last ascending. */
const FILLED = ['Bravo', 'delta', 'Alpha', 'charlie', 'alpha'] as const;
/** Sorts before everything above: shows up first if a filter stopped working. */
const OUTSIDER = 'aaa';

let t: TestApp;
let adminToken: string;
let portalToken: string;
/** Each list's rows r1…r5, by list. */
const rows: Record<string, string[]> = {};

const T0 = Date.parse('2026-05-01T00:00:00.000Z');
const at = (i: number) => new Date(T0 + i * 60_000).toISOString();
/** Six time-ordered text ids, r1…r5 then the outsider. */
const textIds = () => Array.from({ length: 6 }, (_, i) => newId(T0 + i));

beforeAll(async () => {
  t = await createTestApp();
  adminToken = await t.adminToken();
  const advertiser = await makeAdvertiser(t, adminToken);
  const offer = await makeOffer(t, adminToken, { advertiser_id: advertiser.id, geo: '' });
  const offerId = Number(offer.id);
  const advertiserId = Number(advertiser.id);

  // Publishers through the API: r1 is the one signed in to the portal; the outsider is pending.
  const publishers = [];
  for (const name of FILLED) publishers.push(await makePublisher(t, adminToken, { name }));
  const outsider = await makePublisher(t, adminToken, { name: OUTSIDER, status: 'pending' });
  rows.publishers = publishers.map((p) => p.id);
  portalToken = publishers[0]!.token;
  const owner = Number(publishers[0]!.id);
  const db = t.ctx.db;

  const flows: NewRow<'flows'>[] = FILLED.map((name, i) => ({
    code: `flow-${i + 1}`,
    name,
    publisher_id: owner,
    offer_id: offerId,
    status: 'active',
    created_at: at(i),
    updated_at: at(i),
  }));
  flows.push({ ...flows[0]!, code: 'flow-out', name: OUTSIDER, publisher_id: Number(outsider.id) });
  const flowIds = [];
  for (const flow of flows) {
    flowIds.push((await db.insertInto('flows').values(flow).returning('id').executeTakeFirstOrThrow()).id);
  }
  rows.flows = flowIds.slice(0, 5).map(String);

  const clickIds = textIds();
  await db
    .insertInto('clicks')
    .values(
      clickIds.map((id, i) => ({
        id,
        created_at: at(i),
        source: 'link',
        offer_id: offerId,
        publisher_id: owner,
        status: i < 5 ? ('accepted' as const) : ('rejected' as const),
        reject_reason: i < 5 ? null : 'bot_ua',
        is_unique: 1,
        ip: ['9.1.1.1', '10.0.0.2', '100.0.0.1', '10.0.0.10', '2001:db8::A', '1.1.1.1'][i]!,
        user_agent: 'test',
        sub1: i < 5 ? NULLABLE[i] : OUTSIDER,
        params: '{}',
      })),
    )
    .execute();
  rows.clicks = clickIds.slice(0, 5);

  const leadIds = textIds();
  await db
    .insertInto('leads')
    .values(
      leadIds.map((id, i) => ({
        id,
        created_at: at(i),
        updated_at: at(i),
        source: 'api',
        offer_id: offerId,
        advertiser_id: advertiserId,
        publisher_id: owner,
        status: i < 5 ? ('approved' as const) : ('spam' as const),
        name: i < 5 ? NULLABLE[i] : OUTSIDER,
        push_status: 'sent',
      })),
    )
    .execute();
  rows.leads = leadIds.slice(0, 5);

  const conversionIds = textIds();
  await db
    .insertInto('conversions')
    .values(
      conversionIds.map((id, i) => ({
        id,
        lead_id: leadIds[i]!,
        offer_id: offerId,
        advertiser_id: advertiserId,
        publisher_id: owner,
        goal: i < 5 ? NULLABLE[i] : OUTSIDER,
        status: i < 5 ? ('approved' as const) : ('cancelled' as const),
        // Profit (adv − pub) in minor units: 500, 1000, −100, 9000, 0 — as text "1000" < "500".
        adv_payout: [1500, 1000, 900, 10000, 700, 0][i]!,
        pub_payout: [1000, 0, 1000, 1000, 700, 0][i]!,
        currency: 'USD',
        created_at: at(i),
        updated_at: at(i),
      })),
    )
    .execute();
  rows.conversions = conversionIds.slice(0, 5);

  const postbackIds = textIds();
  await db
    .insertInto('postback_log')
    .values(
      postbackIds.map((id, i) => ({
        id,
        created_at: at(i),
        endpoint: 'postback',
        method: 'GET',
        ip: '203.0.113.9',
        params: '{}',
        unknown_params: '[]',
        status: i < 5 ? NULLABLE[i] : OUTSIDER,
        answer_status: i < 5 ? 200 : 403,
        answer_code: i < 5 ? 'ok' : 'access',
        message: '',
        changes: '{}',
        duration_ms: 3,
      })),
    )
    .execute();
  rows.postbacks = postbackIds.slice(0, 5);

  // decided_at: the same pattern in time, "Alpha" = "alpha" = 1 May, "Bravo" 2 May, "charlie" 3 May.
  const decided = ['2026-05-02', null, '2026-05-01', '2026-05-03', '2026-05-01'];
  const payoutIds = textIds();
  await db
    .insertInto('payouts')
    .values(
      payoutIds.map((id, i) => ({
        id,
        publisher_id: i < 5 ? owner : Number(outsider.id),
        // 9.00 < 10.00 < 100.00 only as numbers.
        amount: [1000, 900, 10000, 2500, 5000, 1][i]!,
        currency: 'USD',
        method: 'paypal',
        destination: i < 5 ? `pub${i + 1}@example.com` : `${OUTSIDER}@example.com`,
        status: 'paid' as const,
        source: 'publisher',
        created_at: at(i),
        decided_at: i < 5 ? (decided[i] ? `${decided[i]}T00:00:00.000Z` : null) : '2026-04-01T00:00:00.000Z',
      })),
    )
    .execute();
  rows.payouts = payoutIds.slice(0, 5);
});
afterAll(() => t?.close());

interface ListCase {
  name: string;
  url: string;
  portal?: boolean;
  /** Leaves the outsider out (`owner`: the publisher whose rows r1…r5 are). */
  filter: (owner: string) => string;
  rows: string;
  /** The column with the r1…r5 pattern, and whether it may be NULL. */
  column: string;
  nullable: boolean;
  /** A column every listed row shares: the order is the id tiebreak alone. */
  tied: string;
  /** A name this endpoint does not offer. */
  refused?: string;
}

const CASES: ListCase[] = [
  {
    name: 'admin clicks',
    url: '/api/admin/clicks',
    filter: () => 'status=accepted',
    rows: 'clicks',
    column: 'sub1',
    nullable: true,
    tied: 'source',
  },
  {
    name: 'admin leads',
    url: '/api/admin/leads',
    filter: () => 'status=approved',
    rows: 'leads',
    column: 'name',
    nullable: true,
    tied: 'push_status',
  },
  {
    name: 'admin conversions',
    url: '/api/admin/conversions',
    filter: () => 'status=approved',
    rows: 'conversions',
    column: 'goal',
    nullable: true,
    tied: 'currency',
  },
  {
    name: 'admin postback log',
    url: '/api/admin/postbacks',
    filter: () => 'answer_code=ok',
    rows: 'postbacks',
    column: 'status',
    nullable: true,
    tied: 'endpoint',
  },
  {
    name: 'admin publishers',
    url: '/api/admin/publishers',
    filter: () => 'status=approved',
    rows: 'publishers',
    column: 'name',
    nullable: false,
    tied: 'status',
  },
  {
    name: 'admin flows',
    url: '/api/admin/flows',
    filter: (owner) => `status=active&publisher_id=${owner}`,
    rows: 'flows',
    column: 'name',
    nullable: false,
    tied: 'status',
  },
  {
    name: 'admin payout requests',
    url: '/api/admin/payouts',
    filter: (owner) => `status=paid&publisher_id=${owner}`,
    rows: 'payouts',
    column: 'decided_at',
    nullable: true,
    tied: 'currency',
  },
  {
    name: 'portal flows',
    url: '/api/publisher/flows',
    portal: true,
    filter: () => '',
    rows: 'flows',
    column: 'name',
    nullable: false,
    tied: 'status',
    refused: 'publisher_id',
  },
  {
    name: 'portal payouts',
    url: '/api/publisher/payouts',
    portal: true,
    filter: () => 'status=paid',
    rows: 'payouts',
    column: 'decided_at',
    nullable: true,
    tied: 'currency',
    refused: 'publisher_id',
  },
];

async function list(c: ListCase, params: string) {
  const query = [c.filter(rows.publishers![0]!), params].filter(Boolean).join('&');
  return t.call('GET', `${c.url}?${query}`, { token: c.portal ? portalToken : adminToken });
}

async function idsOf(c: ListCase, params: string): Promise<string[]> {
  const response = await list(c, params);
  expect(response.status, response.text).toBe(200);
  return (response.body.data as { id: string }[]).map((row) => row.id);
}

/** r1…r5 → their ids, in the order given (1-based). */
function order(c: ListCase, ...positions: number[]): string[] {
  const ids = rows[c.rows]!;
  return positions.map((n) => ids[n - 1]!);
}

describe.each(CASES)('sorting the $name list', (c) => {
  it('keeps the default order, newest first, without a sort', async () => {
    expect(await idsOf(c, '')).toEqual(order(c, 5, 4, 3, 2, 1));
  });

  it('sorts ascending case-insensitively with the tie broken by id, and descending', async () => {
    expect(await idsOf(c, `sort=${c.column}`)).toEqual(order(c, 3, 5, 1, 4, 2));
    expect(await idsOf(c, `sort=${c.column}&order=asc`)).toEqual(order(c, 3, 5, 1, 4, 2));
    // With NULL in r2 it stays last; a NOT NULL column's last value ("delta") comes first.
    expect(await idsOf(c, `sort=${c.column}&order=desc`)).toEqual(
      c.nullable ? order(c, 4, 1, 5, 3, 2) : order(c, 2, 4, 1, 5, 3),
    );
  });

  it('pages a sort on a shared value by id, with no row repeated or skipped', async () => {
    for (const [direction, expected] of [
      ['asc', order(c, 1, 2, 3, 4, 5)],
      ['desc', order(c, 5, 4, 3, 2, 1)],
    ] as const) {
      const pages: string[] = [];
      for (const page of [1, 2, 3]) {
        pages.push(...(await idsOf(c, `sort=${c.tied}&order=${direction}&per_page=2&page=${page}`)));
      }
      expect(pages).toEqual(expected);
    }
  });

  it('refuses an unknown column with a 400 naming the columns it sorts by', async () => {
    for (const unknown of ['nope', c.refused ?? 'password_hash']) {
      const response = await list(c, `sort=${unknown}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'validation', field: 'sort' });
      expect(response.body.message).toContain(`"${unknown}"`);
      expect(response.body.message).toContain(`${c.column}`);
      expect(response.body.message).toContain(`${c.tied}`);
      expect(response.body.message).toContain('created_at');
    }
  });

  it('refuses a direction other than asc or desc, and a direction without a column', async () => {
    expect((await list(c, `sort=${c.column}&order=up`)).status).toBe(400);
    const alone = await list(c, 'order=desc');
    expect(alone.status).toBe(400);
    expect(alone.body.field).toBe('order');
  });
});

describe('sort keys that are not plain columns', () => {
  it('sorts conversions by profit (advertiser minus publisher payout) as numbers', async () => {
    const c = CASES.find((x) => x.rows === 'conversions')!;
    // Profits r1 5.00, r2 10.00, r3 −1.00, r4 90.00, r5 0.00.
    expect(await idsOf(c, 'sort=profit')).toEqual(order(c, 3, 5, 1, 2, 4));
    expect(await idsOf(c, 'sort=profit&order=desc')).toEqual(order(c, 4, 2, 1, 5, 3));
  });

  it('sorts payout requests by amount as numbers, not text', async () => {
    const c = CASES.find((x) => x.rows === 'payouts')!;
    // Amounts r1 10.00, r2 9.00, r3 100.00, r4 25.00, r5 50.00.
    expect(await idsOf(c, 'sort=amount')).toEqual(order(c, 2, 1, 4, 5, 3));
    expect(await idsOf(c, 'sort=amount&order=desc')).toEqual(order(c, 3, 5, 4, 1, 2));
  });

  it('sorts clicks by IP as text in byte order on both engines', async () => {
    const c = CASES.find((x) => x.rows === 'clicks')!;
    // r1 9.1.1.1, r2 10.0.0.2, r3 100.0.0.1, r4 10.0.0.10, r5 2001:db8::A ("." sorts before digits).
    expect(await idsOf(c, 'sort=ip')).toEqual(order(c, 4, 2, 3, 5, 1));
    expect(await idsOf(c, 'sort=ip&order=desc')).toEqual(order(c, 1, 5, 3, 2, 4));
  });

  it('keeps the filter and the page window under a sort', async () => {
    const c = CASES.find((x) => x.rows === 'leads')!;
    const response = await list(c, `sort=name&per_page=2&page=2`);
    expect(response.body.total).toBe(5);
    expect(response.body.page).toBe(2);
    expect(response.body.data.map((l: { id: string }) => l.id)).toEqual(order(c, 1, 4));
  });
});
