import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { makeClick, makeNetwork, type Network } from './helpers/conversions.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeOffer } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Seed 004's mapping end to end (issue 22, item 4): a trial is a trial to the publisher's Keitaro
// (status `lead`) and to Facebook (StartTrial) whether or not a `trial` goal approved and paid it.
let t: TestApp;
let tracker: FakeServer;
let graph: FakeServer;
let worker: Worker;
/** An offer with a paid trial goal, a sale goal and a lead goal. */
let goals: Network;
/** The same advertiser and publisher, an offer without goals. */
let plain: Network;

beforeAll(async () => {
  tracker = await startFakeServer();
  graph = await startFakeServer({ status: 200, body: '{"events_received":1}' });
  t = await createTestApp({
    env: { TRUST_PROXY: '1', ALLOW_PRIVATE_TARGETS: '1', FB_GRAPH_URL: graph.url },
  });
  goals = await makeNetwork(t, {
    goals: [
      { key: 'trial', adv_payout: '3.00', pub_payout: '2.00' },
      { key: 'sale', adv_payout: '20.00', pub_payout: '12.00' },
      { key: 'lead', adv_payout: '1.00', pub_payout: '0.60' },
    ],
  });
  const offer = await makeOffer(t, goals.token, { advertiser_id: goals.advertiser.id, geo: '', goals: [] });
  plain = { ...goals, offer };
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
  // The Keitaro preset's words, on the fake tracker (plain http), with {event} added to see it.
  const host = new URL(tracker.url).host;
  const postback = await t.call('POST', '/api/publisher/postbacks', {
    token: goals.publisher.token,
    body: {
      preset: 'keitaro',
      url: `http://${host}/k3y/postback?subid={sub1}&status={status}&payout={payout}&currency={currency}&tid={txid}&e={event}`,
    },
  });
  if (postback.status !== 201) throw new Error(postback.text);
  const capi = await t.call('PUT', '/api/publisher/capi', {
    token: goals.publisher.token,
    body: { pixel_id: '777000111', token: 'EAAB-trial-token' },
  });
  if (capi.status !== 200) throw new Error(capi.text);
});
afterAll(async () => {
  await worker.stop();
  await tracker.close();
  await graph.close();
  await t.close();
});

function ingest(network: Network, path: string, body: Record<string, unknown>) {
  return t.call('POST', `/api/ingest/${path}`, {
    headers: { 'x-offer-key': network.offer.ingest_key },
    body,
  });
}

/** Run the queued jobs; what the tracker and the Graph API received since the last call. */
async function delivered() {
  while ((await worker.runOnce()) > 0) {}
  const keitaro = tracker.requests.map((r) => r.url);
  const facebook = graph.requests.map((r) => {
    const sent = JSON.parse(r.body).data[0];
    return { name: sent.event_name as string, id: sent.event_id as string, value: sent.custom_data?.value };
  });
  tracker.requests.length = 0;
  graph.requests.length = 0;
  return { keitaro, facebook };
}

describe('an ingest trial reaches the tracker and Facebook as a trial', () => {
  it('sends a trial approved on a paid trial goal as a Keitaro lead and a StartTrial, not a sale and a Purchase', async () => {
    const click = await makeClick(t, goals);
    await delivered();
    const trial = await ingest(goals, 'conversion', {
      click_id: click,
      event: 'trial',
      external_payment_id: 'pi_trial_goal',
    });
    expect(trial.status, trial.text).toBe(200);
    // The money is the trial goal's: approved and paid.
    expect(trial.body).toMatchObject({ status: 'approved', goal: 'trial', pub_payout: '2.00' });
    expect(await delivered()).toEqual({
      keitaro: ['/k3y/postback?subid=camp&status=lead&payout=2.00&currency=USD&tid=pi_trial_goal&e=trial'],
      facebook: [
        { name: 'StartTrial', id: `lr.${trial.body.lead_id}.StartTrial.pi_trial_goal`, value: undefined },
      ],
    });

    // The first real payment of the same customer is the sale and the Purchase.
    const sale = await ingest(goals, 'conversion', {
      click_id: click,
      event: 'sale',
      external_payment_id: 'pi_first_sale',
      gross_amount: 30,
      is_first_payment: true,
    });
    expect(sale.body).toMatchObject({ status: 'approved', goal: 'sale', pub_payout: '12.00' });
    expect(await delivered()).toEqual({
      keitaro: ['/k3y/postback?subid=camp&status=sale&payout=12.00&currency=USD&tid=pi_first_sale&e=sale'],
      facebook: [{ name: 'Purchase', id: `lr.${sale.body.lead_id}.Purchase.pi_first_sale`, value: 12 }],
    });

    // A refunded trial is a rejection, not another trial; Facebook hears nothing.
    const refund = await ingest(goals, 'refund', { external_payment_id: 'pi_trial_goal' });
    expect(refund.body).toMatchObject({ result: 'ok', status: 'chargedback' });
    expect(await delivered()).toEqual({
      keitaro: [
        '/k3y/postback?subid=camp&status=rejected&payout=2.00&currency=USD&tid=pi_trial_goal&e=chargeback',
      ],
      facebook: [],
    });
  });

  it('sends a trial on an offer without a trial goal the same way (left processing)', async () => {
    const click = await makeClick(t, plain);
    await delivered();
    const trial = await ingest(plain, 'conversion', {
      click_id: click,
      event: 'trial',
      external_payment_id: 'pi_trial_plain',
    });
    expect(trial.body).toMatchObject({ status: 'processing', goal: null });
    expect(await delivered()).toEqual({
      keitaro: ['/k3y/postback?subid=camp&status=lead&payout=7.50&currency=USD&tid=pi_trial_plain&e=trial'],
      facebook: [
        { name: 'StartTrial', id: `lr.${trial.body.lead_id}.StartTrial.pi_trial_plain`, value: undefined },
      ],
    });
  });

  it('sends a lead approved on a paid lead goal as a Keitaro lead and a Facebook Lead', async () => {
    const click = await makeClick(t, goals);
    await delivered();
    const lead = await ingest(goals, 'conversion', {
      click_id: click,
      event: 'lead',
      external_payment_id: 'pi_lead_goal',
    });
    expect(lead.body).toMatchObject({ status: 'approved', goal: 'lead', pub_payout: '0.60' });
    expect(await delivered()).toEqual({
      keitaro: ['/k3y/postback?subid=camp&status=lead&payout=0.60&currency=USD&tid=pi_lead_goal&e=lead'],
      facebook: [{ name: 'Lead', id: `lr.${lead.body.lead_id}.Lead.pi_lead_goal`, value: undefined }],
    });
  });
});
