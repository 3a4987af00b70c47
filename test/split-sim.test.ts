import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNetwork, type Network } from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 19: the split test's daily series per arm, a simulation leaves no audit entry, and
// automation's cap_used reads the caps module.
let t: TestApp;
let token: string;
let net: Network;

const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0';
let ipCounter = 0;
const nextIp = () => {
  ipCounter += 1;
  return `8.8.${Math.floor(ipCounter / 250) + 1}.${(ipCounter % 250) + 1}`;
};

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  net = await makeNetwork(t, { landing_url: 'https://offer.example/' });
});
afterAll(() => t.close());

async function flowWith(streams: unknown[]) {
  const flow = await t.call('POST', '/api/admin/flows', {
    token,
    body: { publisher_id: net.publisher.id, offer_id: net.offer.id },
  });
  expect(flow.status).toBe(201);
  const saved = await t.call('PUT', `/api/admin/flows/${flow.body.id}/streams`, { token, body: { streams } });
  expect(saved.status).toBe(200);
  return { id: String(flow.body.id), code: String(flow.body.code), streams: saved.body.streams };
}

async function visit(code: string) {
  const r = await t.call('GET', `/f/${code}`, {
    headers: { 'x-forwarded-for': nextIp(), 'user-agent': WINDOWS },
  });
  expect(r.status).toBe(302);
  await t.ctx.clickWriter.flush();
  return String(r.headers.location);
}

describe('split test: daily series per arm', () => {
  it("answers each arm's clicks and leads per UTC day, and the days add up to the totals", async () => {
    t.clock.set('2026-06-01T12:00:00.000Z');
    const flow = await flowWith([
      {
        name: 'A/B',
        arms: [
          { type: 'url', url: 'https://one.example/?c={click_id}', weight: 50 },
          { type: 'url', url: 'https://two.example/?c={click_id}', weight: 50 },
        ],
      },
    ]);
    const firstDay: string[] = [];
    for (let i = 0; i < 10; i++) firstDay.push(await visit(flow.code));
    t.clock.set('2026-06-02T09:00:00.000Z');
    for (let i = 0; i < 6; i++) await visit(flow.code);
    // One lead on a first-day click.
    const clickId = new URL(firstDay[0] as string).searchParams.get('c');
    const pb = await t.call(
      'GET',
      `/postback?click_id=${clickId}&status=approved&payout=10.00&token=${net.advertiser.postback_token}`,
    );
    expect(pb.status).toBe(200);

    const r = await t.call('GET', `/api/admin/flows/${flow.id}/split-test?from=2026-06-01&to=2026-06-02`, {
      token,
    });
    expect(r.status).toBe(200);
    const arms = r.body.streams[0].arms as {
      clicks: number;
      leads: number;
      daily: { day: string; clicks: number; leads: number }[];
    }[];
    const perDay = (day: string) =>
      arms.reduce((sum, a) => sum + (a.daily.find((d) => d.day === day)?.clicks ?? 0), 0);
    expect(perDay('2026-06-01')).toBe(10);
    expect(perDay('2026-06-02')).toBe(6);
    for (const arm of arms) {
      expect(arm.daily.reduce((s, d) => s + d.clicks, 0)).toBe(arm.clicks);
      expect(arm.daily.reduce((s, d) => s + d.leads, 0)).toBe(arm.leads);
      expect(arm.daily.map((d) => d.day)).toEqual([...arm.daily.map((d) => d.day)].sort());
    }
    expect(arms.reduce((s, a) => s + a.leads, 0)).toBe(1);
    const leadDay = arms.flatMap((a) => a.daily).find((d) => d.leads === 1);
    expect(leadDay?.day).toBe('2026-06-01');

    // The range bounds the series: the second day only.
    const second = await t.call(
      'GET',
      `/api/admin/flows/${flow.id}/split-test?from=2026-06-02&to=2026-06-02`,
      {
        token,
      },
    );
    const days = (second.body.streams[0].arms as { daily: { day: string }[] }[]).flatMap((a) =>
      a.daily.map((d) => d.day),
    );
    expect(new Set(days)).toEqual(new Set(['2026-06-02']));

    // The publisher's own flow answers the same series in the portal.
    const portal = await t.call(
      'GET',
      `/api/publisher/flows/${flow.id}/split-test?from=2026-06-01&to=2026-06-02`,
      {
        token: net.publisher.token,
      },
    );
    expect(portal.status).toBe(200);
    expect(portal.body.streams[0].arms.map((a: { daily: unknown }) => a.daily)).toEqual(
      arms.map((a) => a.daily),
    );
  });
});

describe('simulate a click', () => {
  it('writes no audit entry (it changes nothing), while saving streams does', async () => {
    const auditCount = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const flow = await flowWith([{ name: 'All', arms: [{ type: 'url', url: 'https://all.example/' }] }]);
    const before = await auditCount();
    const sim = await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, {
      token,
      body: { country: 'US', user_agent: WINDOWS },
    });
    expect(sim.status).toBe(200);
    expect(sim.body.location).toBe('https://all.example/');
    expect(await auditCount()).toBe(before);
    const saved = await t.call('PUT', `/api/admin/flows/${flow.id}/streams`, {
      token,
      body: { streams: [{ name: 'All', arms: [{ type: 'url', url: 'https://all2.example/' }] }] },
    });
    expect(saved.status).toBe(200);
    expect(await auditCount()).toBe(before + 1);
  });
});

describe("automation's cap_used", () => {
  it("measures an offer's caps-module cap (the fullest offer-wide one), not only offers.daily_cap", async () => {
    const capped = await makeNetwork(t, { landing_url: 'https://capped.example/' });
    const addCap = (body: Record<string, unknown>) =>
      t.call('POST', '/api/admin/caps', {
        token,
        body: { offer_id: capped.offer.id, period: 'daily', metric: 'clicks', ...body },
      });
    const wide = await addCap({ limit: '10' });
    // An offer × publisher cap is left out: one publisher's cap does not make the offer full.
    // (soft, so it counts past its limit without stopping the clicks).
    const perPublisher = await addCap({ limit: '3', mode: 'soft', publisher_id: capped.publisher.id });
    expect([wide.status, perPublisher.status]).toEqual([201, 201]);
    for (let i = 0; i < 6; i++) {
      const r = await t.call('GET', `/click?offer_id=${capped.offer.id}&pub_id=${capped.publisher.id}`, {
        headers: { 'x-forwarded-for': nextIp(), 'user-agent': WINDOWS },
      });
      expect(r.status).toBe(302);
    }
    const caps = await t.call('GET', `/api/admin/caps?offer_id=${capped.offer.id}`, { token });
    expect(caps.body.find((c: { id: string }) => c.id === wide.body.id)?.used).toBe('6');
    const rule = await t.call('POST', '/api/admin/automation/rules', {
      token,
      body: {
        name: 'Cap nearly full',
        metric: 'cap_used',
        scope: 'offer',
        target_id: capped.offer.id,
        operator: 'gte',
        threshold: '50',
        window_hours: 24,
        min_volume: 1,
        actions: [{ type: 'alert_admin' }],
      },
    });
    expect(rule.status, rule.text).toBe(201);
    const run = await t.call('POST', `/api/admin/automation/rules/${rule.body.id}/run`, {
      token,
      body: { dry_run: true },
    });
    expect(run.status).toBe(200);
    expect(run.body.evaluated).toEqual([
      expect.objectContaining({ subject_id: capped.offer.id, value: '60.00', volume: 6, matched: true }),
    ]);
  });
});
