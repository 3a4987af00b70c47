import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { leadsOfClick, makeClick, type Network, query, trackPostback } from './helpers/conversions.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER, indianIp, leadRow, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Forwarding leads (seed 003's lifehack, issue 22 item 8): a flow's lead creation postback fired for
 * every new lead of the flow, and an offer that asks for leads made by a postback or the pixel to be
 * pushed to its advertiser.
 */

let t: TestApp;
let token: string;
let network: FakeServer;
let worker: Worker;

beforeAll(async () => {
  network = await startFakeServer();
  t = await createTestApp({ env: { TRUST_PROXY: '1', ALLOW_PRIVATE_TARGETS: '1' } });
  token = await t.adminToken();
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await network.close();
});
beforeEach(() => {
  network.requests.length = 0;
});

/** Run every due job, until none is left. */
async function drain(): Promise<void> {
  for (let i = 0; i < 20; i++) if ((await worker.runOnce()) === 0) return;
}

async function makeFlow(net: Network, code: string) {
  const r = await t.call('POST', '/api/admin/flows', {
    token,
    body: { publisher_id: net.publisher.id, offer_id: net.offer.id, code },
  });
  expect(r.status, r.text).toBe(201);
  return r.body as { id: string; code: string };
}

function setLeadPostback(flowId: string, body: Record<string, unknown>, as = token, portal = false) {
  return t.call('PATCH', `/api/${portal ? 'publisher' : 'admin'}/flows/${flowId}`, { token: as, body });
}

/** A real click through /f/:code; returns its id. */
async function flowClick(code: string): Promise<string> {
  const r = await t.call('GET', `/f/${code}?sub1=zone-7`, {
    headers: { 'x-forwarded-for': indianIp(), 'user-agent': BROWSER },
  });
  expect(r.status, r.text).toBe(302);
  const id = new URL(String(r.headers.location)).searchParams.get('click_id');
  if (!id) throw new Error(`no click id in ${r.headers.location}`);
  return id;
}

/** An advertiser whose lead API is the fake server (under /adv), an offer of theirs, a publisher. */
async function makeNet(): Promise<Network> {
  const adv = await makeAdvertiser(t, token, { endpoint_url: `${network.url}/adv/lead` });
  const offer = await makeOffer(t, token, { advertiser_id: adv.id, geo: '', pixel_mode: 'approved' });
  return { token, advertiser: adv, offer, publisher: await makePublisher(t, token) };
}

const received = (path: string) => network.requests.filter((r) => r.url.startsWith(path));

describe("a flow's lead creation postback", () => {
  let net: Network;
  let flow: { id: string; code: string };

  beforeAll(async () => {
    net = await makeNet();
    flow = await makeFlow(net, 'thanks-in');
    const r = await setLeadPostback(flow.id, {
      lead_postback_url: `${network.url}/net/lead?key=K1&name={name}&phone={phone}&lead={lead_id}&click={click_id}&s={status}&o={adv_offer_id}&f={flow_code}`,
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ lead_postback_method: 'GET', lead_postback_set_by: 'admin' });
  });

  it('forwards a lead a thank-you page created by postback, with its name and phone URL-encoded', async () => {
    const click = await flowClick(flow.code);
    const r = await trackPostback(t, {
      id: net.advertiser.postback_token,
      click,
      name: 'Asha Rao & Co',
      phone: '+91 98765 43210',
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body.lead_created).toBe(true);
    await drain();
    const [sent] = received('/net/lead');
    expect(sent?.method).toBe('GET');
    expect(sent?.url).toBe(
      `/net/lead?key=K1&name=Asha%20Rao%20%26%20Co&phone=%2B91%2098765%2043210&lead=${r.body.lead_id}&click=${click}&s=processing&o=6411&f=thanks-in`,
    );
    const log = await t.ctx.db
      .selectFrom('outbound_requests')
      .select(['kind', 'subject_id', 'response_status'])
      .where('kind', '=', 'flow_lead_postback')
      .where('subject_id', '=', r.body.lead_id)
      .execute();
    expect(log).toEqual([{ kind: 'flow_lead_postback', subject_id: r.body.lead_id, response_status: 200 }]);
  });

  it('forwards a lead made by flow + subid (no click), and one taken by POST /api/lead', async () => {
    const byFlow = await trackPostback(t, {
      id: net.advertiser.postback_token,
      flow: flow.code,
      subid: 'app-1',
      name: 'Ravi',
      phone: '+919800000001',
    });
    expect(byFlow.status, byFlow.text).toBe(200);
    const form = await submitLead(t, { flow: flow.code, name: 'Meena', phone: '+919812345678' });
    expect(form.status, form.text).toBe(201);
    await drain();
    const urls = received('/net/lead').map((r) => new URL(r.url, 'http://x').searchParams);
    expect(urls.map((p) => [p.get('name'), p.get('phone'), p.get('lead')])).toEqual(
      expect.arrayContaining([
        ['Ravi', '+919800000001', byFlow.body.lead_id],
        ['Meena', '+919812345678', form.body.id],
      ]),
    );
    expect(urls).toHaveLength(2);
  });

  it('sends POST as a form or JSON body made of the URL query', async () => {
    const r = await setLeadPostback(flow.id, {
      lead_postback_url: `${network.url}/net/post?api_key=K2&phone={phone}&sub={sub1}`,
      lead_postback_method: 'POST',
      lead_postback_encoding: 'form',
    });
    expect(r.status, r.text).toBe(200);
    await submitLead(t, { click_id: await flowClick(flow.code), name: 'Form', phone: '+919812345601' });
    await drain();
    await setLeadPostback(flow.id, { lead_postback_encoding: 'json' });
    await submitLead(t, { click_id: await flowClick(flow.code), name: 'Json', phone: '+919812345602' });
    await drain();
    const [asForm, asJson] = received('/net/post');
    expect(asForm).toMatchObject({ method: 'POST', url: '/net/post' });
    expect(asForm?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(asForm?.body).toBe('api_key=K2&phone=%2B919812345601&sub=zone-7');
    expect(asJson?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(asJson?.body ?? '')).toEqual({ api_key: 'K2', phone: '+919812345602', sub: 'zone-7' });
  });

  it('forwards leads the pixel and the ingest API made on the flow, and retries a receiver that fails', async () => {
    const r = await setLeadPostback(flow.id, {
      lead_postback_url: `${network.url}/net/made?lead={lead_id}&s={status}`,
      lead_postback_method: 'GET',
    });
    expect(r.status, r.text).toBe(200);
    network.respondWith({ status: 503 });
    const byPixel = await flowClick(flow.code);
    expect(
      (await t.call('GET', `/pixel.gif?${query({ click_id: byPixel, order_id: 'F-1' })}`)).headers[
        'x-pixel-result'
      ],
    ).toBe('ok');
    await drain();
    expect(received('/net/made')).toHaveLength(1);
    // The first answer was 503: the job tries again after its backoff.
    t.clock.advance(60_000);
    await drain();
    const [pixelLead] = await leadsOfClick(t, byPixel);
    expect(received('/net/made').map((q) => q.url)).toEqual([
      `/net/made?lead=${pixelLead?.id}&s=approved`,
      `/net/made?lead=${pixelLead?.id}&s=approved`,
    ]);
    const byIngest = await flowClick(flow.code);
    const ingest = await t.call('POST', '/api/ingest/conversion', {
      headers: { 'x-offer-key': net.offer.ingest_key },
      body: { click_id: byIngest, event: 'sale', external_payment_id: 'pay-1', gross_amount: 10 },
    });
    expect(ingest.status, ingest.text).toBe(200);
    await drain();
    const [ingestLead] = await leadsOfClick(t, byIngest);
    expect(received('/net/made').map((q) => q.url)).toContain(`/net/made?lead=${ingestLead?.id}&s=approved`);
    expect(ingestLead?.push_status).toBe('skipped');
  });

  it('does not forward test leads, and sends nothing for flows without one or once removed', async () => {
    await submitLead(t, { flow: flow.code, name: 'Test', phone: '+919812345603', test: true });
    const plain = await makeFlow(net, 'no-forward');
    await submitLead(t, { flow: plain.code, name: 'Plain', phone: '+919812345604' });
    expect((await setLeadPostback(flow.id, { lead_postback_url: null })).body).toMatchObject({
      lead_postback_url: null,
      lead_postback_set_by: null,
    });
    await submitLead(t, { flow: flow.code, name: 'After', phone: '+919812345605' });
    await drain();
    expect(received('/net')).toEqual([]);
  });

  it('refuses unknown macros and URLs that are not http(s)', async () => {
    const unknown = await setLeadPostback(flow.id, { lead_postback_url: 'https://net.example/l?x={secret}' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.field).toBe('lead_postback_url');
    const ftp = await setLeadPostback(flow.id, { lead_postback_url: 'ftp://net.example/l' });
    expect(ftp.status).toBe(422);
  });
});

describe("the publisher's own flows", () => {
  let net: Network;
  let own: { id: string; code: string };
  let other: { id: string; token: string };

  beforeAll(async () => {
    net = await makeNet();
    own = await makeFlow(net, 'pub-own');
    other = await makePublisher(t, token);
  });

  it('sets a creation postback on their own flow, without the buyer’s data, and it fires', async () => {
    const url = `${network.url}/tracker/lead?cid={sub1}&lead={lead_id}`;
    const saved = await setLeadPostback(own.id, { lead_postback_url: url }, net.publisher.token, true);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ lead_postback_url: url, lead_postback_set_by: 'publisher' });
    const form = await submitLead(t, {
      click_id: await flowClick(own.code),
      name: 'N',
      phone: '+919812345606',
    });
    await drain();
    expect(received('/tracker/lead').map((r) => r.url)).toEqual([
      `/tracker/lead?cid=zone-7&lead=${form.body.id}`,
    ]);

    const phone = await setLeadPostback(
      own.id,
      { lead_postback_url: `${network.url}/tracker/lead?p={phone}` },
      net.publisher.token,
      true,
    );
    expect(phone.status).toBe(422);
    expect(phone.body.message).toContain('{phone}');
  });

  it("cannot set or read one on another publisher's flow", async () => {
    const r = await setLeadPostback(
      own.id,
      { lead_postback_url: `${network.url}/steal?p={click_id}` },
      other.token,
      true,
    );
    expect(r.status).toBe(404);
    expect((await t.call('GET', `/api/publisher/flows/${own.id}`, { token: other.token })).status).toBe(404);
    const flow = await t.call('GET', `/api/admin/flows/${own.id}`, { token });
    expect(flow.body.lead_postback_url).not.toContain('/steal');
  });

  it("sees that the operator forwards their flow's leads, but not where, and cannot change it", async () => {
    const admin = await setLeadPostback(own.id, {
      lead_postback_url: `${network.url}/net/lead?key=SECRET&phone={phone}`,
    });
    expect(admin.status).toBe(200);
    const seen = await t.call('GET', `/api/publisher/flows/${own.id}`, { token: net.publisher.token });
    expect(seen.body).toMatchObject({ lead_postback_url: null, lead_postback_set_by: 'admin' });
    const listed = await t.call('GET', '/api/publisher/flows', { token: net.publisher.token });
    expect(JSON.stringify(listed.body)).not.toContain('SECRET');
    const change = await setLeadPostback(
      own.id,
      { lead_postback_url: `${network.url}/tracker/lead?cid={sub1}` },
      net.publisher.token,
      true,
    );
    expect(change.status).toBe(409);
    expect(change.body.field).toBe('lead_postback_url');
  });
});

describe('pushing leads made by a postback or the pixel (offer setting push_created_leads)', () => {
  let advertiser: FakeServer;
  let pushing: Network;
  let quiet: Network;

  beforeAll(async () => {
    advertiser = await startFakeServer({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"status":"ok","id":"ADV-1"}',
    });
    const build = async (push: boolean): Promise<Network> => {
      const adv = await makeAdvertiser(t, token, {
        endpoint_url: `${advertiser.url}/lead/add`,
        post_encoding: 'json',
        auth_location: 'header',
        auth_key: 'KEY',
      });
      const offer = await makeOffer(t, token, {
        advertiser_id: adv.id,
        geo: '',
        push_created_leads: push,
        pixel_mode: 'approved',
      });
      expect(offer.push_created_leads).toBe(push);
      return { token, advertiser: adv, offer, publisher: await makePublisher(t, token) };
    };
    pushing = await build(true);
    quiet = await build(false);
  });
  afterAll(() => advertiser.close());
  beforeEach(() => {
    advertiser.requests.length = 0;
  });

  it("pushes a thank-you page's lead to the advertiser when the offer asks for it", async () => {
    const click = await makeClick(t, pushing);
    const r = await trackPostback(t, {
      id: pushing.advertiser.postback_token,
      click,
      name: 'Asha',
      phone: '+919876543210',
    });
    expect(r.body.lead_created).toBe(true);
    await drain();
    expect(advertiser.requests).toHaveLength(1);
    expect(JSON.parse(advertiser.requests[0]?.body ?? '')).toMatchObject({
      name: 'Asha',
      phone: '+919876543210',
      click_id: click,
    });
    expect(await leadRow(t, r.body.lead_id)).toMatchObject({ push_status: 'sent', adv_lead_id: 'ADV-1' });
  });

  it('pushes a lead the pixel made', async () => {
    const click = await makeClick(t, pushing);
    const r = await t.call('GET', `/pixel.gif?${query({ click_id: click, order_id: 'P-1' })}`);
    expect(r.headers['x-pixel-result']).toBe('ok');
    await drain();
    const [lead] = await leadsOfClick(t, click);
    expect(lead).toMatchObject({ source: 'pixel', push_status: 'sent' });
    expect(JSON.parse(advertiser.requests[0]?.body ?? '')).toMatchObject({ click_id: click });
  });

  it('does not push them without the setting (push_status skipped)', async () => {
    const click = await makeClick(t, quiet);
    const r = await trackPostback(t, {
      id: quiet.advertiser.postback_token,
      click,
      name: 'Asha',
      phone: '+919876543210',
    });
    await t.call('GET', `/pixel.gif?${query({ click_id: await makeClick(t, quiet), order_id: 'P-2' })}`);
    await drain();
    expect(advertiser.requests).toEqual([]);
    expect(await leadRow(t, r.body.lead_id)).toMatchObject({ push_status: 'skipped' });
  });

  it('never pushes an echo: a second lead on a pushed click, or one named by the id the advertiser gave', async () => {
    const click = await makeClick(t, pushing);
    const first = await trackPostback(t, {
      id: pushing.advertiser.postback_token,
      click,
      uid: 'TY-1',
      phone: '+919800000011',
    });
    await drain();
    expect(advertiser.requests).toHaveLength(1);
    // The advertiser reports the order it got with its own id (ADV-1) as a new lead of the click.
    const echo = await trackPostback(t, { id: pushing.advertiser.postback_token, click, uid: 'ADV-9' });
    expect(echo.body.lead_created).toBe(true);
    // The same by flow + subid: the subid is the id their API answered our push with.
    const flow = await makeFlow(pushing, 'echo-flow');
    const byFlow = await trackPostback(t, {
      id: pushing.advertiser.postback_token,
      flow: flow.code,
      subid: 'ADV-1',
    });
    expect(byFlow.body.lead_created).toBe(true);
    await drain();
    expect(advertiser.requests).toHaveLength(1);
    expect(await leadRow(t, echo.body.lead_id)).toMatchObject({ push_status: 'skipped' });
    expect(await leadRow(t, byFlow.body.lead_id)).toMatchObject({ push_status: 'skipped' });
    expect(await leadRow(t, first.body.lead_id)).toMatchObject({ push_status: 'sent' });
  });

  it('does not push while the offer is paused', async () => {
    const click = await makeClick(t, pushing);
    expect(
      (await t.call('PATCH', `/api/admin/offers/${pushing.offer.id}`, { token, body: { status: 'paused' } }))
        .status,
    ).toBe(200);
    try {
      const r = await trackPostback(t, {
        id: pushing.advertiser.postback_token,
        click,
        phone: '+919800000013',
      });
      expect(r.body.lead_created).toBe(true);
      await drain();
      expect(advertiser.requests).toEqual([]);
      expect(await leadRow(t, r.body.lead_id)).toMatchObject({ push_status: 'skipped' });
    } finally {
      await t.call('PATCH', `/api/admin/offers/${pushing.offer.id}`, { token, body: { status: 'active' } });
    }
  });

  it('does not push a lead created as cancelled or trash', async () => {
    const click = await makeClick(t, pushing);
    const r = await trackPostback(t, {
      id: pushing.advertiser.postback_token,
      click,
      status: 'cancel',
      auto: '1',
      phone: '+919800000012',
    });
    expect(r.body.lead_created).toBe(true);
    await drain();
    expect(advertiser.requests).toEqual([]);
  });
});

describe('private targets', () => {
  it('refuses a literal private address for a lead postback unless ALLOW_PRIVATE_TARGETS is set', async () => {
    const strict = await createTestApp();
    try {
      const admin = await strict.adminToken();
      const pub = await makePublisher(strict, admin);
      const offer = await makeOffer(strict, admin, { geo: '' });
      const flow = await strict.call('POST', '/api/admin/flows', {
        token: admin,
        body: { publisher_id: pub.id, offer_id: offer.id },
      });
      for (const url of ['http://127.0.0.1:9/l?p={phone}', 'http://10.1.2.3/l', 'http://localhost/l']) {
        const r = await strict.call('PATCH', `/api/admin/flows/${flow.body.id}`, {
          token: admin,
          body: { lead_postback_url: url },
        });
        expect(r.status, url).toBe(422);
        expect(r.body).toMatchObject({ field: 'lead_postback_url' });
        expect(r.body.message).toContain('ALLOW_PRIVATE_TARGETS');
      }
    } finally {
      await strict.close();
    }
  });
});
