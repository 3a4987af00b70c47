import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { runDueRules, scheduleAutomation } from '../src/modules/automation/schedule-rules.js';
import { countTowardCap } from '../src/modules/offers/caps.js';
import { makeClick, makeNetwork, type Network, postback } from './helpers/conversions.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let hook: FakeServer;
let worker: Worker;

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36';

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1', ALLOW_PRIVATE_TARGETS: '1' } });
  token = await t.adminToken();
  hook = await startFakeServer();
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
});
afterAll(async () => {
  await worker.stop();
  await hook.close();
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  t.call(method, url, { token, body });

function rule(overrides: Record<string, unknown>) {
  return {
    name: 'Low approval',
    metric: 'approval_rate',
    scope: 'offer',
    operator: 'lt',
    threshold: '50',
    window_hours: 24,
    min_volume: 4,
    actions: [{ type: 'alert_admin' }],
    ...overrides,
  };
}

async function createRule(overrides: Record<string, unknown>) {
  const response = await api('POST', '/api/admin/automation/rules', rule(overrides));
  expect(response.status, response.text).toBe(201);
  return response.body as { id: string; next_run_at: string };
}

/** Leads by postback on fresh clicks: `approved` of them approved, the rest rejected. */
async function leads(net: Network, approved: number, rejected: number) {
  for (let i = 0; i < approved + rejected; i++) {
    const clickId = await makeClick(t, net);
    const r = await postback(t, {
      click_id: clickId,
      status: i < approved ? 'approved' : 'rejected',
      token: net.advertiser.postback_token,
    });
    expect(r.status).toBe(200);
  }
}

const click = (net: Network, ip: string, userAgent = BROWSER) =>
  t.call('GET', `/click?offer_id=${net.offer.id}&pub_id=${net.publisher.id}`, {
    headers: { 'x-forwarded-for': ip, 'user-agent': userAgent },
  });

const offerOf = async (id: string) => (await api('GET', `/api/admin/offers/${id}`)).body;
const publisherOf = async (id: string) => (await api('GET', `/api/admin/publishers/${id}`)).body;
const countOf = async (table: 'automation_runs' | 'admin_notifications' | 'jobs' | 'audit_log') =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('automation rules: bad input', () => {
  it('refuses unknown metrics, scopes, operators and actions with the reason, and stores nothing', async () => {
    const net = await makeNetwork(t);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ metric: 'bounce_rate' }, 422, 'unknown metric "bounce_rate"'],
      [{ scope: 'country' }, 422, 'unknown scope "country"'],
      [{ operator: 'eq' }, 422, 'unknown operator "eq"'],
      [{ actions: [{ type: 'delete_offer' }] }, 422, 'unknown actions/0/type "delete_offer"'],
      [{ scope: 'publisher', actions: [{ type: 'pause_offer' }] }, 422, 'pause_offer needs scope "offer"'],
      [{ metric: 'cap_used', scope: 'all' }, 422, 'cap_used needs scope "offer"'],
      [{ actions: [{ type: 'reduce_cap' }] }, 422, 'reduce_cap needs percent from 1 to 99'],
      [{ threshold: 'half' }, 422, 'threshold must be a percentage'],
      [{ threshold: '150' }, 422, 'threshold must be at most 100'],
      [{ metric: 'epc', threshold: '-1' }, 422, 'threshold must be a decimal amount'],
      [{ window_hours: 0 }, 422, 'window_hours must be from 1 to 720'],
      [{ schedule: 'every day' }, 422, 'schedule is not a cron pattern'],
      [{ target_id: '999999' }, 422, 'offer 999999 does not exist'],
      [{ scope: 'all', target_id: net.offer.id }, 422, 'target_id needs scope offer or publisher'],
      [{ actions: [{ type: 'alert_admin', webhook_url: 'ftp://x' }] }, 422, 'actions/0/webhook_url'],
      [{ actions: [] }, 400, 'actions'],
      [{ colour: 'red' }, 400, 'colour'],
      [{ window_hours: '24' }, 400, 'window_hours'],
    ];
    for (const [overrides, status, message] of cases) {
      const response = await api('POST', '/api/admin/automation/rules', rule(overrides));
      expect(response.status, JSON.stringify(overrides)).toBe(status);
      expect(`${response.body.message} ${response.body.field ?? ''}`, JSON.stringify(overrides)).toContain(
        message,
      );
    }
    expect((await api('GET', '/api/admin/automation/rules')).body.total).toBe(0);
    expect((await api('POST', '/api/admin/automation/rules/999/run', { dry_run: true })).status).toBe(404);
    expect((await api('PATCH', '/api/admin/automation/rules/999', { name: 'x' })).status).toBe(404);
    expect((await t.call('GET', '/api/admin/automation/rules')).status).toBe(401);
  });
});

describe('automation actions through the API', () => {
  it('pause_offer: a dry run shows it and changes nothing; the run pauses the offer and clicks stop', async () => {
    const net = await makeNetwork(t, { trafficback_url: 'https://trafficback.example/tb?c={click_id}' });
    await leads(net, 1, 3);
    const { id } = await createRule({
      target_id: net.offer.id,
      actions: [{ type: 'pause_offer' }, { type: 'alert_admin' }],
    });
    const before = { runs: await countOf('automation_runs'), notes: await countOf('admin_notifications') };

    const auditedBefore = await countOf('audit_log');
    const dry = await api('POST', `/api/admin/automation/rules/${id}/run`, { dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      id: null,
      trigger: 'dry_run',
      status: 'ok',
      evaluated: [{ subject: 'offer', subject_id: net.offer.id, value: '25.00', volume: 4, matched: true }],
      actions: [
        {
          type: 'pause_offer',
          subject_id: net.offer.id,
          done: false,
          detail: expect.stringContaining('would pause'),
          // A stable code and its values: the web app says the detail in the reader's language.
          code: 'would_pause_offer',
          params: { id: Number(net.offer.id), name: expect.any(String) },
        },
        {
          type: 'alert_admin',
          done: false,
          detail: 'would notify the admin about 1 subject',
          code: 'would_notify',
          params: { subjects: 1 },
        },
      ],
    });
    expect((await offerOf(net.offer.id)).status).toBe('active');
    expect(await countOf('automation_runs')).toBe(before.runs);
    expect(await countOf('admin_notifications')).toBe(before.notes);
    // A dry run through run's own path changed nothing either: no audit entry.
    expect(await countOf('audit_log')).toBe(auditedBefore);
    expect((await click(net, '8.200.0.1')).status).toBe(302);

    // The dry-run path (what the web app sends) answers the same, and leaves no audit entry either:
    // it changed nothing.
    const audited = await countOf('audit_log');
    const dryPath = await api('POST', `/api/admin/automation/rules/${id}/dry-run`);
    expect(dryPath.status, dryPath.text).toBe(200);
    expect(dryPath.body).toMatchObject({ id: null, trigger: 'dry_run', actions: dry.body.actions });
    expect((await offerOf(net.offer.id)).status).toBe('active');
    expect(await countOf('automation_runs')).toBe(before.runs);
    expect(await countOf('audit_log')).toBe(audited);
    expect((await api('POST', '/api/admin/automation/rules/999/dry-run')).status).toBe(404);

    const run = await api('POST', `/api/admin/automation/rules/${id}/run`, {});
    expect(run.body).toMatchObject({
      id: expect.any(String),
      trigger: 'manual',
      actions: [
        { type: 'pause_offer', done: true, from: 'active', to: 'paused' },
        { type: 'alert_admin', done: true, notification_id: expect.any(String) },
      ],
    });
    expect((await offerOf(net.offer.id)).status).toBe('paused');
    const refused = await click(net, '8.200.0.2');
    expect(refused.status).toBe(302);
    expect(String(refused.headers.location)).toMatch(/^https:\/\/trafficback\.example\/tb/);
    await t.ctx.clickWriter.flush();
    const last = await t.ctx.db
      .selectFrom('clicks')
      .select('reject_reason')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last.reject_reason).toBe('offer_paused');

    const runs = await api('GET', `/api/admin/automation/runs?rule_id=${id}`);
    expect(runs.body.total).toBe(1);
    expect(runs.body.data[0]).toMatchObject({
      id: run.body.id,
      rule_name: 'Low approval',
      evaluated: [{ value: '25.00', matched: true }],
      actions: [{ type: 'pause_offer', done: true }, { type: 'alert_admin' }],
    });
    // A second run finds the offer paused and skips it (offers that are not active are not watched).
    const again = await api('POST', `/api/admin/automation/rules/${id}/run`, {});
    expect(again.body.actions[0]).toMatchObject({ type: 'pause_offer', done: false });
  });

  it('does not judge a subject below the minimum volume, nor one the threshold does not cross', async () => {
    const net = await makeNetwork(t);
    await leads(net, 1, 2);
    const few = await createRule({ target_id: net.offer.id, actions: [{ type: 'pause_offer' }] });
    const dry = await api('POST', `/api/admin/automation/rules/${few.id}/run`, { dry_run: true });
    expect(dry.body.evaluated).toEqual([
      expect.objectContaining({
        value: '33.33',
        volume: 3,
        matched: false,
        note: 'volume 3 below minimum 4',
        // A stable code and its values: the web app says the note in the reader's language.
        note_code: 'below_min_volume',
        note_params: { volume: 3, min: 4 },
      }),
    ]);
    expect(dry.body.actions).toEqual([]);
    const high = await createRule({
      target_id: net.offer.id,
      min_volume: 1,
      threshold: '30',
      actions: [{ type: 'pause_offer' }],
    });
    const run = await api('POST', `/api/admin/automation/rules/${high.id}/run`, {});
    expect(run.body.evaluated[0]).toMatchObject({ value: '33.33', matched: false });
    expect((await offerOf(net.offer.id)).status).toBe('active');
  });

  it('suspend_publisher: a publisher whose fraud rate crosses the threshold is suspended and clicks stop', async () => {
    const net = await makeNetwork(t);
    expect((await click(net, '8.201.0.1')).status).toBe(302);
    expect((await click(net, '8.201.0.2')).status).toBe(302);
    expect((await click(net, '8.201.0.3', GOOGLEBOT)).status).toBe(403);
    expect((await click(net, '8.201.0.4', GOOGLEBOT)).status).toBe(403);
    await t.ctx.clickWriter.flush();
    const { id } = await createRule({
      name: 'Fraudy publisher',
      metric: 'fraud_rate',
      scope: 'publisher',
      target_id: net.publisher.id,
      operator: 'gte',
      threshold: '50',
      actions: [{ type: 'suspend_publisher' }],
    });
    const run = await api('POST', `/api/admin/automation/rules/${id}/run`);
    expect(run.body).toMatchObject({
      evaluated: [
        { subject: 'publisher', subject_id: net.publisher.id, value: '50.00', volume: 4, matched: true },
      ],
      actions: [{ type: 'suspend_publisher', done: true, from: 'approved', to: 'suspended' }],
    });
    expect((await publisherOf(net.publisher.id)).status).toBe('suspended');
    expect((await click(net, '8.201.0.5')).status).toBe(403);
    await t.ctx.clickWriter.flush();
    const last = await t.ctx.db
      .selectFrom('clicks')
      .select('reject_reason')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last.reject_reason).toBe('publisher_not_approved');
  });

  it('reduce_cap: cuts the daily cap by a percent down to its floor, recording each step', async () => {
    const net = await makeNetwork(t, { daily_cap: 10 });
    await countTowardCap(t.ctx.db, Number(net.offer.id), t.clock.now().toISOString().slice(0, 10), 6);
    const { id } = await createRule({
      name: 'Cap nearly used',
      metric: 'cap_used',
      target_id: net.offer.id,
      operator: 'gte',
      threshold: '50',
      actions: [{ type: 'reduce_cap', percent: 30, floor: 5 }],
    });
    const dry = await api('POST', `/api/admin/automation/rules/${id}/run`, { dry_run: true });
    expect(dry.body.actions[0]).toMatchObject({ done: false, from: 10, to: 7 });
    expect((await offerOf(net.offer.id)).daily_cap).toBe(10);
    const first = await api('POST', `/api/admin/automation/rules/${id}/run`);
    expect(first.body.evaluated[0]).toMatchObject({ value: '60.00', volume: 6, matched: true });
    expect(first.body.actions[0]).toMatchObject({
      type: 'reduce_cap',
      done: true,
      from: 10,
      to: 7,
      code: 'reduced_cap',
      params: { id: Number(net.offer.id), from: 10, to: 7 },
    });
    expect((await offerOf(net.offer.id)).daily_cap).toBe(7);
    const second = await api('POST', `/api/admin/automation/rules/${id}/run`);
    expect(second.body.actions[0]).toMatchObject({ done: true, from: 7, to: 5 });
    const third = await api('POST', `/api/admin/automation/rules/${id}/run`);
    expect(third.body.actions[0]).toMatchObject({
      done: false,
      detail: expect.stringContaining('floor'),
      code: 'cap_at_floor',
    });
    expect((await offerOf(net.offer.id)).daily_cap).toBe(5);
    const runs = await api('GET', `/api/admin/automation/runs?rule_id=${id}`);
    expect(runs.body.data.map((r: { actions: { to?: number }[] }) => r.actions[0]?.to)).toEqual([
      undefined,
      5,
      7,
    ]);
  });

  it('alert_admin: a notification, and the webhook delivered through a retried outbound job', async () => {
    const net = await makeNetwork(t);
    // 4 clicks, one approved at 10.00: EPC 2.50.
    await leads(net, 1, 0);
    for (let i = 0; i < 3; i++) await makeClick(t, net);
    await t.ctx.clickWriter.flush();
    const { id } = await createRule({
      name: 'EPC high',
      metric: 'epc',
      target_id: net.offer.id,
      operator: 'gt',
      threshold: '2.00',
      actions: [{ type: 'alert_admin', webhook_url: `${hook.url}/alerts?src=leadrail` }],
    });
    const unreadBefore = (await api('GET', '/api/admin/notifications')).body.unread;
    hook.respondWith({ status: 503, body: 'busy' });
    const run = await api('POST', `/api/admin/automation/rules/${id}/run`);
    expect(run.body.evaluated).toEqual([
      expect.objectContaining({ currency: 'USD', value: '2.50', volume: 4, matched: true }),
    ]);
    const notificationId = run.body.actions[0].notification_id;

    const notes = await api('GET', '/api/admin/notifications?unread=true');
    expect(notes.body.unread).toBe(unreadBefore + 1);
    expect(notes.body.data[0]).toMatchObject({
      id: notificationId,
      rule_id: id,
      run_id: run.body.id,
      title: 'Automation rule "EPC high" matched 1 subject',
      message: expect.stringContaining('epc gt 2.00 over 24 h'),
      // A stable code and its values: the web app says title and message in the reader's language.
      code: 'automation_alert',
      params: {
        rule: 'EPC high',
        count: 1,
        metric: 'epc',
        operator: '>',
        threshold: '2.00',
        hours: 24,
        subjects: expect.stringMatching(new RegExp(`^#${net.offer.id} \\(.+\\): 2\\.50 USD$`)),
      },
    });

    expect(await worker.runOnce()).toBe(1);
    expect(hook.requests).toHaveLength(1);
    t.clock.advance(31_000);
    expect(await worker.runOnce()).toBe(1);
    expect(hook.requests).toHaveLength(2);
    const delivered = hook.requests[1];
    expect(delivered?.method).toBe('POST');
    expect(delivered?.url).toBe('/alerts?src=leadrail');
    expect(JSON.parse(delivered?.body ?? '{}')).toMatchObject({
      event: 'automation.alert',
      notification_id: notificationId,
      metric: 'epc',
      matched: [{ subject_id: net.offer.id, value: '2.50' }],
    });
    const log = await api('GET', '/api/admin/outbound-requests?kind=automation_alert');
    expect(log.body.data.map((r: { response_status: number }) => r.response_status)).toEqual([200, 503]);

    expect((await api('POST', `/api/admin/notifications/${notificationId}/read`)).body).toEqual({
      marked: 1,
    });
    expect((await api('POST', `/api/admin/notifications/${notificationId}/read`)).body).toEqual({
      marked: 0,
    });
    expect((await api('GET', '/api/admin/notifications')).body.unread).toBe(unreadBefore);
    expect((await api('POST', '/api/admin/notifications/01ARZ3NDEKTSV4RRFFQ69G5FAV/read')).status).toBe(404);
    await api('POST', '/api/admin/notifications/read-all');
    expect((await api('GET', '/api/admin/notifications?unread=true')).body.total).toBe(0);
  });

  it('judges the whole network as one subject with scope all', async () => {
    const net = await makeNetwork(t);
    await leads(net, 2, 2);
    const { id } = await createRule({
      name: 'Network approval',
      scope: 'all',
      operator: 'gte',
      threshold: '0',
      min_volume: 1,
    });
    const dry = await api('POST', `/api/admin/automation/rules/${id}/run`, { dry_run: true });
    expect(dry.body.evaluated).toEqual([
      expect.objectContaining({ subject: 'all', subject_id: null, currency: null, matched: true }),
    ]);
    expect(dry.body.evaluated[0].volume).toBeGreaterThanOrEqual(4);
    expect(dry.body.actions).toEqual([expect.objectContaining({ type: 'alert_admin', done: false })]);
  });

  it('reads, updates and deletes rules; runs stay in the log', async () => {
    const net = await makeNetwork(t);
    const created = await createRule({ target_id: net.offer.id });
    expect((await api('GET', `/api/admin/automation/rules/${created.id}`)).body).toMatchObject({
      id: created.id,
      metric: 'approval_rate',
      threshold: '50',
      enabled: true,
      schedule: '*/15 * * * *',
      min_volume: 4,
    });
    const patched = await api('PATCH', `/api/admin/automation/rules/${created.id}`, {
      enabled: false,
      threshold: '40.5',
    });
    expect(patched.body).toMatchObject({ enabled: false, threshold: '40.5', next_run_at: null });
    const bad = await api('PATCH', `/api/admin/automation/rules/${created.id}`, {
      actions: [{ type: 'suspend_publisher' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe('suspend_publisher needs scope "publisher", the rule\'s scope is "offer"');
    await api('POST', `/api/admin/automation/rules/${created.id}/run`);
    expect((await api('DELETE', `/api/admin/automation/rules/${created.id}`)).status).toBe(204);
    expect((await api('GET', `/api/admin/automation/rules/${created.id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/admin/automation/rules/${created.id}`)).status).toBe(404);
    const runs = await api('GET', `/api/admin/automation/runs?rule_id=${created.id}`);
    expect(runs.body.data).toEqual([expect.objectContaining({ rule_id: created.id, rule_name: null })]);
  });
});

describe('automation schedule', () => {
  it('runs a rule when its cron time comes, once across processes racing for it', async () => {
    const net = await makeNetwork(t);
    await leads(net, 0, 4);
    const { id, next_run_at } = await createRule({
      target_id: net.offer.id,
      schedule: '0 * * * *',
      actions: [{ type: 'pause_offer' }],
    });
    const now = t.clock.now();
    expect(next_run_at).toBe(new Date(Math.floor(now.getTime() / 3_600_000 + 1) * 3_600_000).toISOString());
    expect(await runDueRules(t.ctx)).not.toContain(id);
    expect((await offerOf(net.offer.id)).status).toBe('active');

    t.clock.set(new Date(next_run_at));
    const [a, b] = await Promise.all([runDueRules(t.ctx), runDueRules(t.ctx)]);
    expect([...a, ...b].filter((r) => r === id)).toHaveLength(1);
    expect((await offerOf(net.offer.id)).status).toBe('paused');
    const rule = (await api('GET', `/api/admin/automation/rules/${id}`)).body;
    expect(rule.next_run_at).toBe(new Date(new Date(next_run_at).getTime() + 3_600_000).toISOString());
    expect(rule.last_run_at).toBe(next_run_at);
    const runs = await api('GET', `/api/admin/automation/runs?rule_id=${id}`);
    expect(runs.body.data).toEqual([expect.objectContaining({ trigger: 'schedule', status: 'ok' })]);
    expect(await runDueRules(t.ctx)).not.toContain(id);
  });

  it('ticks with croner in the process', async () => {
    const net = await makeNetwork(t);
    const { id, next_run_at } = await createRule({ target_id: net.offer.id, schedule: '*/5 * * * *' });
    t.clock.set(new Date(next_run_at));
    const ticking = scheduleAutomation(t.ctx, '* * * * * *');
    try {
      const deadline = Date.now() + 5000;
      let total = 0;
      while (total === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        total = (await api('GET', `/api/admin/automation/runs?rule_id=${id}`)).body.total;
      }
      expect(total).toBe(1);
    } finally {
      ticking.stop();
    }
  });
});
