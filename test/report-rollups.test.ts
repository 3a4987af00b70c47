import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../src/modules/retention/apply-retention.js';
import { markAllHours, refreshRollups } from '../src/modules/rollups/refresh-rollups.js';
import { makeNetwork, type Network } from './helpers/conversions.js';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;
let statsToken: string;
let euroOffer: number;
let otherPublisher: number;
let flowId: number;
const NOW = '2026-03-31T12:00:00.000Z';
/** Data from 10 days back through today, across Europe's DST change (2026-03-29). */
const FIRST_DAY = Date.parse('2026-03-21T00:00:00.000Z');

/** A fixed pseudo-random sequence, so a failure can be replayed. */
let seed = 42;
function rand(n: number): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % n;
}
const pick = <T>(values: readonly T[]): T => values[rand(values.length)] as T;
const at = (ms: number) => new Date(ms).toISOString();
let counter = 0;
const nextId = (prefix: string) => `${prefix}${String(++counter).padStart(8, '0')}`;

async function addClicks(n: number, when: () => number) {
  const rows = Array.from({ length: n }, () => {
    const offer = pick([Number(net.offer.id), euroOffer, null]);
    return {
      id: nextId('c'),
      created_at: at(when()),
      source: 'click',
      offer_id: offer,
      publisher_id: pick([Number(net.publisher.id), otherPublisher, null]),
      flow_id: pick([flowId, null, null]),
      status: pick(['accepted', 'accepted', 'accepted', 'rejected'] as const),
      reject_reason: null,
      is_unique: rand(2),
      ip: `10.0.${rand(200)}.${rand(200)}`,
      country: pick(['DE', 'US', null]),
      user_agent: 'test',
      referer: null,
      sub1: pick(['a', 'b', null]),
      sub2: pick(['x', null]),
      sub3: null,
      sub4: null,
      sub5: null,
      fbclid: null,
      gclid: null,
      params: '{}',
      destination: null,
    };
  });
  for (let i = 0; i < rows.length; i += 100)
    await t.ctx.db
      .insertInto('clicks')
      .values(rows.slice(i, i + 100))
      .execute();
  return rows;
}

const STATUSES = [
  'processing',
  'hold',
  'approved',
  'cancelled',
  'wrong_number',
  'spam',
  'duplicate',
  'test',
] as const;

async function addLeads(n: number, when: () => number) {
  const leads = Array.from({ length: n }, () => {
    const created = at(when());
    const euro = rand(3) === 0;
    return {
      id: nextId('l'),
      created_at: created,
      updated_at: created,
      source: 'api',
      click_id: null,
      offer_id: euro ? euroOffer : Number(net.offer.id),
      advertiser_id: Number(net.advertiser.id),
      publisher_id: pick([Number(net.publisher.id), otherPublisher, null]),
      flow_id: pick([flowId, null]),
      status: pick(STATUSES),
      fraud_rule: null,
      goal: null,
      external_id: null,
      name: null,
      phone: null,
      phone_e164: null,
      email: null,
      country: pick(['DE', 'US', null]),
      ip: null,
      user_agent: null,
      address: null,
      comment: null,
      status_comment: null,
      sub1: pick(['a', 'b', null]),
      sub2: pick(['x', null]),
      sub3: null,
      sub4: null,
      sub5: null,
      push_status: 'none',
      adv_lead_id: null,
      pushed_at: null,
    };
  });
  await t.ctx.db.insertInto('leads').values(leads).execute();
  const conversions = leads
    .filter((l) => ['approved', 'hold', 'cancelled'].includes(l.status) && rand(4) > 0)
    .map((l) => ({
      id: nextId('v'),
      lead_id: l.id,
      click_id: null,
      offer_id: l.offer_id,
      advertiser_id: l.advertiser_id,
      publisher_id: l.publisher_id,
      flow_id: l.flow_id,
      goal: null,
      status: l.status,
      adv_payout: 1000 + rand(500),
      pub_payout: 700 + rand(300),
      currency: l.offer_id === euroOffer ? 'EUR' : 'USD',
      comment: null,
      external_payment_id: null,
      user_ref: null,
      event: null,
      gross_amount: null,
      gross_currency: null,
      rate_date: null,
      rate: null,
      created_at: l.created_at,
      updated_at: l.created_at,
    }));
  if (conversions.length > 0) await t.ctx.db.insertInto('conversions').values(conversions).execute();
  return leads;
}

const anyTime = () => FIRST_DAY + rand(11 * 24) * 3_600_000 + rand(3_600_000);

/** Every screen the rollups feed, in several groupings, zones and filters. */
function screens(): string[] {
  const pub = Number(net.publisher.id);
  const list: string[] = [];
  for (const tz of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
    for (const period of ['today', '7d', '14d']) list.push(`/api/admin/dashboard?period=${period}&tz=${tz}`);
    for (const group of ['date', 'offer', 'publisher', 'country']) {
      for (const currency of ['USD', 'EUR']) {
        list.push(
          `/api/admin/reports/conversion-stats?from=2026-03-20&to=2026-03-31&group_by=${group}&granularity=${group === 'date' && currency === 'EUR' ? 'week' : 'day'}&currency=${currency}&tz=${tz}`,
        );
      }
    }
    list.push(
      `/api/admin/reports/conversion-stats?from=2026-03-22&to=2026-03-30&group_by=date&currency=USD&publisher_id=${pub}&tz=${tz}`,
    );
    for (const group of ['day', 'offer', 'publisher', 'advertiser', 'country', 'sub1', 'sub2']) {
      list.push(`/api/admin/reports/custom?from=2026-03-20&to=2026-03-31&group_by=${group}&tz=${tz}`);
    }
    list.push(
      `/api/admin/reports/custom?from=2026-03-23&to=2026-03-29&group_by=day&sub1=a&publisher_id=${pub}&tz=${tz}`,
    );
    list.push(`/api/admin/reports/custom?from=2026-03-23&to=2026-03-29&group_by=offer&sub2=x&tz=${tz}`);
  }
  return list;
}

const STATS = ['day', 'offer', 'sub1', 'sub2'].map(
  (group) => () =>
    `/api/affiliate/stats-api?token=${statsToken}&from=2026-03-20&to=2026-03-31&group=${group}&tz=Europe/Berlin`,
);

async function answers(withStats = true): Promise<Record<string, unknown>> {
  const token = await t.adminToken();
  const out: Record<string, unknown> = {};
  for (const url of screens()) {
    const r = await t.call('GET', url, { token });
    if (r.status !== 200) throw new Error(`${url}: ${r.status} ${r.text}`);
    out[url] = r.body;
  }
  if (withStats) {
    for (const url of STATS.map((s) => s())) {
      const r = await t.call('GET', url);
      if (r.status !== 200) throw new Error(`${url}: ${r.status} ${r.text}`);
      out[url] = r.body;
    }
  }
  return out;
}

/** The answers computed from the raw rows alone: no rollup rows, every hour marked. */
async function rawAnswers(withStats = true) {
  const saved = {
    clicks: await t.ctx.db.selectFrom('rollup_clicks').selectAll().execute(),
    leads: await t.ctx.db.selectFrom('rollup_leads').selectAll().execute(),
    marks: await t.ctx.db.selectFrom('rollup_dirty').select(['kind', 'hour']).execute(),
  };
  await t.ctx.db.deleteFrom('rollup_clicks').execute();
  await t.ctx.db.deleteFrom('rollup_leads').execute();
  await t.ctx.db.deleteFrom('rollup_dirty').execute();
  await markAllHours(t.ctx);
  const result = await answers(withStats);
  // Put the rollups back exactly as they were, marks included.
  await t.ctx.db.deleteFrom('rollup_dirty').execute();
  if (saved.clicks.length) await t.ctx.db.insertInto('rollup_clicks').values(saved.clicks).execute();
  if (saved.leads.length) await t.ctx.db.insertInto('rollup_leads').values(saved.leads).execute();
  if (saved.marks.length) await t.ctx.db.insertInto('rollup_dirty').values(saved.marks).execute();
  return result;
}

const count = async (table: 'rollup_clicks' | 'rollup_leads' | 'rollup_dirty') =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp({ env: { PAYOUT_MINIMUM: '0' } });
  t.clock.set(NOW);
  net = await makeNetwork(t);
  const euro = await makeOffer(t, net.token, {
    advertiser_id: net.advertiser.id,
    geo: '',
    adv_payout: '20.00',
    pub_payout: '15.00',
    currency: 'EUR',
  });
  euroOffer = Number(euro.id);
  otherPublisher = Number((await makePublisher(t, net.token)).id);
  const flow = await t.call('POST', '/api/admin/flows', {
    token: net.token,
    body: { publisher_id: net.publisher.id, offer_id: net.offer.id },
  });
  flowId = Number(flow.body.id);
  const generated = await t.call('POST', '/api/publisher/stats-token', { token: net.publisher.token });
  statsToken = generated.body.token;
  await addClicks(1500, anyTime);
  await addLeads(500, anyTime);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('report rollups', () => {
  it('answer every screen exactly as the raw rows do, and stay exact through late clicks and status changes', async () => {
    const raw = await rawAnswers();
    await refreshRollups(t.ctx);
    expect(await count('rollup_dirty')).toBe(0);
    expect(await count('rollup_clicks')).toBeGreaterThan(100);
    expect(await count('rollup_leads')).toBeGreaterThan(100);
    expect(await answers()).toEqual(raw);

    // Late data: a replayed batch of old clicks, leads approved and reversed days later, a lead deleted.
    await addClicks(80, () => FIRST_DAY + 2 * 86_400_000 + rand(3 * 86_400_000));
    const leads = await t.ctx.db
      .selectFrom('leads')
      .select(['id', 'status'])
      .orderBy('id')
      .limit(60)
      .execute();
    for (const [i, lead] of leads.entries()) {
      const status = i % 2 ? 'approved' : 'cancelled';
      await t.ctx.db
        .updateTable('leads')
        .set({ status, updated_at: NOW })
        .where('id', '=', lead.id)
        .execute();
      await t.ctx.db
        .updateTable('conversions')
        .set({ adv_payout: 4321, status })
        .where('lead_id', '=', lead.id)
        .execute();
    }
    await t.ctx.db
      .deleteFrom('conversions')
      .where('lead_id', '=', leads[0]?.id ?? '')
      .execute();
    await addLeads(40, anyTime);
    expect(await count('rollup_dirty')).toBeGreaterThan(0);

    // Before the refresh the marked hours are read raw: still exact.
    const changedRaw = await rawAnswers(false);
    expect(await answers(false)).toEqual(changedRaw);
    // The comparison does read the rollups: without the marks, the stale rollups would answer differently.
    const marks = await t.ctx.db.selectFrom('rollup_dirty').select(['kind', 'hour']).execute();
    await t.ctx.db.deleteFrom('rollup_dirty').execute();
    expect(await answers(false)).not.toEqual(changedRaw);
    await t.ctx.db.insertInto('rollup_dirty').values(marks).execute();

    await refreshRollups(t.ctx);
    expect(await count('rollup_dirty')).toBe(0);
    expect(await answers()).toEqual(await rawAnswers());
  }, 300_000);

  it('keeps answering from the rollups after retention deletes the raw clicks, in bounded chunks', async () => {
    await refreshRollups(t.ctx);
    const token = await t.adminToken();
    const daily = '/api/admin/reports/custom?from=2026-03-20&to=2026-03-31&group_by=day';
    const dashboard = '/api/admin/dashboard?period=14d&tz=Europe/Berlin';
    const stats = `/api/affiliate/stats-api?token=${statsToken}&from=2026-03-20&to=2026-03-31&group=sub1`;
    const before = [
      (await t.call('GET', daily, { token })).body,
      (await t.call('GET', dashboard, { token })).body,
      (await t.call('GET', stats)).body,
    ];
    // Old housekeeping rows beside the clicks: finished jobs go, a pending one stays.
    const old = '2026-03-01T00:00:00.000Z';
    await t.ctx.db
      .insertInto('jobs')
      .values(
        ['done', 'failed', 'pending'].map((status, i) => ({
          id: `job-old-${i}`,
          type: 'test',
          payload: '{}',
          status: status as 'done' | 'failed' | 'pending',
          attempts: 1,
          max_attempts: 1,
          run_at: old,
          locked_by: null,
          locked_until: null,
          last_error: null,
          created_at: old,
          updated_at: old,
        })),
      )
      .execute();

    const put = await t.call('PUT', '/api/admin/retention-settings', {
      token,
      body: { raw_clicks: 3, finished_jobs: 7 },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      raw_clicks: 3,
      postback_log: null,
      outbound_requests: null,
      finished_jobs: 7,
    });
    expect((await t.call('GET', '/api/admin/retention-settings', { token })).body).toEqual(put.body);
    expect(
      (await t.call('PUT', '/api/admin/retention-settings', { token, body: { raw_clicks: 0 } })).status,
    ).toBe(400);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['route'])
      .where('route', '=', 'PUT /api/admin/retention-settings')
      .execute();
    expect(audit).toHaveLength(1);

    const clicksBefore = await t.ctx.db.selectFrom('clicks').select('id').execute();
    const result = await applyRetention(t.ctx);
    expect(result.raw_clicks).toBeGreaterThan(500);
    expect(result.finished_jobs).toBe(2);
    const left = await t.ctx.db.selectFrom('clicks').select(['created_at']).orderBy('created_at').execute();
    expect(left.length).toBe(clicksBefore.length - result.raw_clicks);
    expect((left[0]?.created_at ?? '') >= '2026-03-28T12:00:00.000Z').toBe(true);
    expect(await t.ctx.db.selectFrom('jobs').select('id').where('id', 'like', 'job-old-%').execute()).toEqual(
      [{ id: 'job-old-2' }],
    );

    const after = [
      (await t.call('GET', daily, { token })).body,
      (await t.call('GET', dashboard, { token })).body,
      (await t.call('GET', stats)).body,
    ];
    expect(after).toEqual(before);

    // A replayed click into an expired hour is counted into that hour's rollup by its insert (0056);
    // an expired hour marked for a recompute (an update, a rebuild) keeps its rollup: it is not
    // emptied from the few raw clicks left.
    const expired = (
      await t.ctx.db
        .selectFrom('rollup_clicks')
        .select('hour')
        .where('hour', '<', '2026-03-27T00:00:00.000Z')
        .where('clicks', '>', 0)
        .orderBy('hour')
        .executeTakeFirstOrThrow()
    ).hour;
    const hourTotal = async () =>
      (
        await t.ctx.db
          .selectFrom('rollup_clicks')
          .select(['clicks', 'rejected_clicks'])
          .where('hour', '=', expired)
          .execute()
      ).reduce((n, r) => n + Number(r.clicks) + Number(r.rejected_clicks), 0);
    const stored = await hourTotal();
    expect(stored).toBeGreaterThan(0);
    await addClicks(1, () => Date.parse(expired) + 60_000);
    expect(await hourTotal()).toBe(stored + 1);
    await t.ctx.db.insertInto('rollup_dirty').values({ kind: 'c', hour: expired }).execute();
    const { refreshRollups: refresh } = await import('../src/modules/rollups/refresh-rollups.js');
    const { clicksDeletedBefore } = await import('../src/modules/retention/retention-settings.js');
    const frozen = await refresh(t.ctx, { rawClicksFrom: (await clicksDeletedBefore(t.ctx)) as string });
    expect(frozen.frozenHours).toBe(1);
    expect(await hourTotal()).toBe(stored + 1);
  }, 300_000);
});
