import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLead } from '../src/modules/leads/create-lead.js';
import { LeadRefusedError } from '../src/modules/leads/errors.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { makeClick, submitLead } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let offerA: { id: string; advertiser_id: string };
let offerB: { id: string };
let pub: { id: string };
let otherPub: { id: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  const adv = await makeAdvertiser(t, token);
  offerA = await makeOffer(t, token, { advertiser_id: adv.id, name: 'Offer A' });
  offerB = await makeOffer(t, token, { advertiser_id: adv.id, name: 'Offer B' });
  pub = await makePublisher(t, token);
  otherPub = await makePublisher(t, token);
  const a = { offer_id: offerA.id, pub_id: pub.id };
  ids.john = (
    await submitLead(t, { ...a, name: 'John Smith', phone: '+919876543210', sub1: 'fb-spring' })
  ).body.id;
  ids.johnDup = (await submitLead(t, { ...a, name: 'John S', phone: '+919876543210' })).body.id;
  ids.asha = (
    await submitLead(t, { ...a, name: 'Asha Rao', email: 'asha@example.com', country: 'IN' })
  ).body.id;
  ids.test = (await submitLead(t, { ...a, name: 'QA', phone: '+919800000009', test: true })).body.id;
  ids.bot = (await submitLead(t, { ...a, phone: '+919800000008', user_agent: 'curl/8' })).body.id;
  const clickId = await makeClick(t, offerB.id, otherPub.id);
  ids.clicked = (await submitLead(t, { click_id: clickId, name: 'Ravi', phone: '+919811112222' })).body.id;
  ids.clickId = clickId;
});
afterAll(() => t.close());

const list = (query: Record<string, string> = {}) => t.call('GET', '/api/admin/leads', { token, query });
const idsOf = (body: { data: { id: string }[] }) => body.data.map((l) => l.id);

describe('GET /api/admin/leads', () => {
  it('lists leads newest first with counts per status for the chip bar', async () => {
    const response = await list();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ page: 1, per_page: 50, total: 6 });
    expect(idsOf(response.body)).toEqual([ids.clicked, ids.bot, ids.test, ids.asha, ids.johnDup, ids.john]);
    expect(response.body.counts).toEqual({
      total: 6,
      processing: 3,
      hold: 0,
      approved: 0,
      cancelled: 0,
      wrong_number: 0,
      spam: 1,
      duplicate: 1,
      test: 1,
      chargedback: 0,
    });
    expect(response.body.data[0]).toMatchObject({
      id: ids.clicked,
      offer_id: offerB.id,
      publisher_id: otherPub.id,
      click_id: ids.clickId,
      meta: {},
      push_status: 'pending',
    });
  });

  it('filters by one or several statuses while the counts keep every status', async () => {
    const several = await list({ status: 'spam,duplicate' });
    expect(idsOf(several.body).sort()).toEqual([ids.bot, ids.johnDup].sort());
    expect(several.body.total).toBe(2);
    expect(several.body.counts).toMatchObject({ total: 6, processing: 3, spam: 1, duplicate: 1 });
  });

  it('counts reflect the search and the offer filter', async () => {
    const john = await list({ q: 'john' });
    expect(idsOf(john.body).sort()).toEqual([ids.john, ids.johnDup].sort());
    expect(john.body.counts).toMatchObject({ total: 2, processing: 1, duplicate: 1, spam: 0 });
    const offer = await list({ offer_id: offerB.id });
    expect(idsOf(offer.body)).toEqual([ids.clicked]);
    expect(offer.body.counts).toMatchObject({ total: 1, processing: 1 });
  });

  it('searches name, phone, email and click id', async () => {
    expect(idsOf((await list({ q: '9811112' })).body)).toEqual([ids.clicked]);
    expect(idsOf((await list({ q: 'ASHA@' })).body)).toEqual([ids.asha]);
    expect(idsOf((await list({ q: ids.clickId! })).body)).toEqual([ids.clicked]);
    expect((await list({ q: 'nobody' })).body.total).toBe(0);
  });

  it('filters on columns: exact ids and codes, text that contains, time ranges', async () => {
    expect(idsOf((await list({ publisher_id: otherPub.id })).body)).toEqual([ids.clicked]);
    expect(idsOf((await list({ fraud_rule: 'bot_ua' })).body)).toEqual([ids.bot]);
    expect(idsOf((await list({ push_status: 'skipped' })).body).sort()).toEqual(
      [ids.bot, ids.test, ids.johnDup].sort(),
    );
    expect(idsOf((await list({ sub1: 'spring' })).body)).toEqual([ids.john]);
    expect(idsOf((await list({ name: 'rao' })).body)).toEqual([ids.asha]);
    expect(idsOf((await list({ country: 'in', email: 'asha' })).body)).toEqual([ids.asha]);
    expect(idsOf((await list({ click_id: ids.clickId! })).body)).toEqual([ids.clicked]);
    expect((await list({ from: '2026-06-01', to: '2026-06-01' })).body.total).toBe(6);
    expect((await list({ from: '2026-06-02' })).body.total).toBe(0);
  });

  it('pages through the list', async () => {
    const first = await list({ per_page: '4' });
    const second = await list({ per_page: '4', page: '2' });
    expect(first.body.data).toHaveLength(4);
    expect(second.body.data).toHaveLength(2);
    expect(second.body.total).toBe(6);
  });

  it('refuses unknown filters and bad values, and strangers', async () => {
    expect((await list({ colour: 'red' })).status).toBe(400);
    expect((await list({ status: 'Approved!' })).status).toBe(400);
    expect((await list({ per_page: '501' })).status).toBe(400);
    expect((await t.call('GET', '/api/admin/leads')).status).toBe(401);
  });
});

describe('GET /api/admin/leads/:id', () => {
  it('shows the lead with its push attempts (none yet)', async () => {
    const response = await t.call('GET', `/api/admin/leads/${ids.asha}`, { token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: ids.asha, email: 'asha@example.com', push_requests: [] });
    expect((await t.call('GET', '/api/admin/leads/01KT1GW6G0H2PTE0RGGBQX2MJD', { token })).status).toBe(404);
  });
});

describe('createLead, the use case other modules call', () => {
  it('creates a lead without contact or push and writes more in the same transaction', async () => {
    const clickId = await makeClick(t, offerA.id, pub.id);
    const lead = await createLead(
      t.ctx,
      { source: 'postback', clickId, externalId: 'ADV-1', goal: 'lead' },
      {
        push: false,
        requireContact: false,
        within: async (tx, created) => {
          await tx
            .updateTable('leads')
            .set({ status_comment: 'via postback' })
            .where('id', '=', created.id)
            .execute();
        },
      },
    );
    expect(lead).toMatchObject({
      source: 'postback',
      click_id: clickId,
      external_id: 'ADV-1',
      goal: 'lead',
      status: 'processing',
      push_status: 'skipped',
    });
    const stored = await t.call('GET', `/api/admin/leads/${lead.id}`, { token });
    expect(stored.body.status_comment).toBe('via postback');
  });

  it('rolls the lead back when the caller’s writes fail, and refuses with typed errors', async () => {
    const before = (await list()).body.total;
    await expect(
      createLead(
        t.ctx,
        {
          source: 'postback',
          offerId: Number(offerA.id),
          publisherId: Number(pub.id),
          phone: '+919833330000',
        },
        {
          within: async () => {
            throw new Error('conversion failed');
          },
        },
      ),
    ).rejects.toThrow('conversion failed');
    expect((await list()).body.total).toBe(before);
    await expect(createLead(t.ctx, { source: 'pixel', clickId: 'nope' })).rejects.toBeInstanceOf(
      LeadRefusedError,
    );
  });
});
