import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { sha256Hex } from '../src/lib/crypto.js';
import { newId } from '../src/lib/ids.js';
import { insertLead } from '../src/modules/leads/queries.js';
import type { ConversionEvent } from '../src/modules/publisher-postbacks/notify-publisher.js';
import { tellPublisher } from '../src/modules/publisher-postbacks/tell-publisher.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let graph: FakeServer;
let worker: Worker;

beforeAll(async () => {
  graph = await startFakeServer({ status: 200, body: '{"events_received":1}' });
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1', FB_GRAPH_URL: graph.url, TRUST_PROXY: '1' } });
  token = await t.adminToken();
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
});
afterAll(async () => {
  await worker.stop();
  await graph.close();
  await t.close();
});

/** A real click with an fbclid, and a lead on it, as the pipeline would have them. */
async function clickAndLead(publisherId: string) {
  const offer = await makeOffer(t, token, { geo: [], landing_url: 'https://l.example/?c={click_id}' });
  const r = await t.call('GET', `/click?offer_id=${offer.id}&pub_id=${publisherId}&fbclid=IwAR0fb123`, {
    headers: { 'user-agent': 'Mozilla/5.0 Chrome/126.0', 'x-forwarded-for': '49.36.0.10' },
  });
  const clickId = new URL(String(r.headers.location)).searchParams.get('c')!;
  const now = t.clock.now().toISOString();
  const lead = await insertLead(t.ctx.db, {
    id: newId(),
    created_at: now,
    updated_at: now,
    source: 'api',
    click_id: clickId,
    offer_id: Number(offer.id),
    advertiser_id: Number(offer.advertiser_id),
    publisher_id: Number(publisherId),
    status: 'processing',
    email: ' John@Example.com ',
    phone: '+91 98765-43210',
    phone_e164: '+919876543210',
    ip: '49.36.0.10',
    user_agent: 'Mozilla/5.0 Chrome/126.0',
    push_status: 'skipped',
  });
  return { offer, clickId, lead };
}

async function fire(e: ConversionEvent) {
  const before = graph.requests.length;
  await t.ctx.db.transaction().execute((tx) => tellPublisher(tx, t.ctx, e));
  while ((await worker.runOnce()) > 0) {}
  return graph.requests.slice(before);
}

describe('Facebook Conversions API per publisher', () => {
  it('stores the token encrypted and never shows it again', async () => {
    const pub = await makePublisher(t, token);
    // None set yet: a 200 with null (a 404 here was an error in every portal visitor's console).
    const none = await t.call('GET', '/api/publisher/capi', { token: pub.token });
    expect(none.status).toBe(200);
    expect(none.body).toBeNull();
    const saved = await t.call('PUT', '/api/publisher/capi', {
      token: pub.token,
      body: { pixel_id: '123456789012', token: 'EAAB-super-secret-token', test_event_code: 'TEST123' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      pixel_id: '123456789012',
      has_token: true,
      test_event_code: 'TEST123',
      effective_at: t.clock.now().toISOString(),
      previous_pixel_id: null,
    });
    expect(
      JSON.stringify((await t.call('GET', '/api/publisher/capi', { token: pub.token })).body),
    ).not.toContain('EAAB');
    const row = await t.ctx.db
      .selectFrom('publisher_capi')
      .selectAll()
      .where('publisher_id', '=', Number(pub.id))
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('super-secret');
    expect(
      (await t.call('PUT', '/api/publisher/capi', { token: pub.token, body: { pixel_id: 'abc' } })).status,
    ).toBe(400);
  });

  it('sends Lead and Purchase with fbc from the fbclid, hashed user data, a stable event_id and the test code', async () => {
    const pub = await makePublisher(t, token);
    await t.call('PUT', '/api/publisher/capi', {
      token: pub.token,
      body: { pixel_id: '555000111', token: 'EAAB-pub-token-0001', test_event_code: 'TEST42' },
    });
    const { offer, clickId, lead } = await clickAndLead(pub.id);
    const base = {
      leadId: lead.id,
      clickId,
      offerId: Number(offer.id),
      publisherId: Number(pub.id),
      flowId: null,
      goal: null,
      publisherPayout: 750,
      currency: 'USD',
      subs: [],
    } as const;
    const [leadRequest] = await fire({ ...base, event: 'lead', status: 'processing' });
    expect(leadRequest?.method).toBe('POST');
    expect(leadRequest?.url).toBe('/v21.0/555000111/events');
    const body = JSON.parse(leadRequest!.body);
    expect(body.access_token).toBe('EAAB-pub-token-0001');
    expect(body.test_event_code).toBe('TEST42');
    const sent = body.data[0];
    await t.ctx.clickWriter.flush();
    const clickRow = await t.ctx.db
      .selectFrom('clicks')
      .select('created_at')
      .where('id', '=', clickId)
      .executeTakeFirstOrThrow();
    expect(sent).toMatchObject({
      event_name: 'Lead',
      event_id: `lr.${lead.id}.Lead`,
      action_source: 'website',
      user_data: {
        em: [sha256Hex('john@example.com')],
        ph: [sha256Hex('919876543210')],
        fbc: `fb.1.${Date.parse(clickRow.created_at)}.IwAR0fb123`,
        client_ip_address: '49.36.0.10',
        client_user_agent: 'Mozilla/5.0 Chrome/126.0',
      },
    });
    const [purchase] = await fire({ ...base, event: 'approved', status: 'approved' });
    expect(JSON.parse(purchase!.body).data[0]).toMatchObject({
      event_name: 'Purchase',
      custom_data: { value: 7.5, currency: 'USD' },
    });
    const [trial] = await fire({ ...base, event: 'lead', status: 'processing', trial: true, txid: 'pi_1' });
    expect(JSON.parse(trial!.body).data[0]).toMatchObject({
      event_name: 'StartTrial',
      event_id: `lr.${lead.id}.StartTrial.pi_1`,
    });
    expect(await fire({ ...base, event: 'cancelled', status: 'cancelled' })).toEqual([]);

    // Neither the job rows nor the request log hold the token in clear.
    const jobs = await t.ctx.db
      .selectFrom('jobs')
      .select('payload')
      .where('type', '=', 'capi_event')
      .execute();
    expect(jobs.length).toBeGreaterThan(0);
    expect(JSON.stringify(jobs)).not.toContain('EAAB-pub-token-0001');
    const log = await t.call('GET', `/api/admin/outbound-requests?kind=capi&subject_id=${lead.id}`, {
      token,
    });
    expect(log.body.data.length).toBe(3);
    expect(JSON.stringify(log.body)).not.toContain('EAAB-pub-token-0001');
  });

  it('keeps sending to the previous pixel for 24 hours after a change', async () => {
    const pub = await makePublisher(t, token);
    await t.call('PUT', '/api/publisher/capi', {
      token: pub.token,
      body: { pixel_id: '111111111', token: 'EAAB-first-token' },
    });
    const changed = await t.call('PUT', '/api/publisher/capi', {
      token: pub.token,
      body: { pixel_id: '222222222' },
    });
    expect(changed.body.previous_pixel_id).toBe('111111111');
    const { offer, clickId, lead } = await clickAndLead(pub.id);
    const e: ConversionEvent = {
      event: 'lead',
      status: 'processing',
      leadId: lead.id,
      clickId,
      offerId: Number(offer.id),
      publisherId: Number(pub.id),
      flowId: null,
      goal: null,
      publisherPayout: 0,
      currency: 'USD',
      subs: [],
    };
    expect((await fire(e))[0]?.url).toBe('/v21.0/111111111/events');
    t.clock.advance(24 * 3_600_000 + 1000);
    const [after] = await fire(e);
    expect(after?.url).toBe('/v21.0/222222222/events');
    expect(JSON.parse(after!.body).access_token).toBe('EAAB-first-token');
    token = await t.adminToken({ fresh: true });
  });
});
