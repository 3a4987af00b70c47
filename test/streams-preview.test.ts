import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 19, the stream editor's live preview: simulate evaluates an editor's UNSAVED streams (checked
// like a save, nothing stored), and a publisher's editor lists their flow offer's landings.
let t: TestApp;
let token: string;
let offerA: { id: string };
let offerB: { id: string };
let pub: { id: string; token: string };
let other: { id: string; token: string };
let siteA: string;
let siteOff: string;

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

beforeAll(async () => {
  t = await createTestApp();
  token = await t.adminToken();
  const advertiser = await makeAdvertiser(t, token);
  offerA = await makeOffer(t, token, {
    advertiser_id: advertiser.id,
    geo: '',
    landing_url: 'https://a.example/',
  });
  offerB = await makeOffer(t, token, {
    advertiser_id: advertiser.id,
    geo: '',
    name: 'Offer B',
    landing_url: 'https://b.example/?c={click_id}',
  });
  pub = await makePublisher(t, token);
  other = await makePublisher(t, token);
  const sites: string[] = [];
  for (const slug of ['prev-a', 'prev-off']) {
    const r = await t.call('POST', '/api/admin/sites', {
      token,
      body: { offer_id: offerA.id, name: `Landing ${slug}`, slug, template: 'empty' },
    });
    expect(r.status).toBe(201);
    sites.push(r.body.id);
  }
  [siteA, siteOff] = sites as [string, string];
  expect(
    (await t.call('PATCH', `/api/admin/sites/${siteOff}`, { token, body: { status: 'disabled' } })).status,
  ).toBe(200);
});
afterAll(() => t.close());

async function makeFlow(publisherId: string) {
  const r = await t.call('POST', '/api/admin/flows', {
    token,
    body: { publisher_id: publisherId, offer_id: offerA.id },
  });
  expect(r.status).toBe(201);
  return r.body as { id: string };
}

async function storedRows() {
  const n = async (table: 'clicks' | 'flow_streams' | 'stream_arms') =>
    Number(
      (
        await t.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { clicks: await n('clicks'), streams: await n('flow_streams'), arms: await n('stream_arms') };
}

describe('simulate with unsaved streams', () => {
  it('routes by the streams in the body instead of the saved ones, and saves nothing', async () => {
    const flow = await makeFlow(pub.id);
    const saved = await t.call('PUT', `/api/admin/flows/${flow.id}/streams`, {
      token,
      body: { streams: [{ name: 'everyone', arms: [{ type: 'url', url: 'https://saved.example/' }] }] },
    });
    expect(saved.status).toBe(200);
    const before = await storedRows();
    const draft = [
      {
        id: saved.body.streams[0].id,
        name: 'everyone else',
        filters: { type: 'not', filter: { type: 'os', values: ['iOS'] } },
        arms: [{ id: saved.body.streams[0].arms[0].id, type: 'url', url: 'https://saved.example/' }],
      },
      {
        name: 'iPhones',
        filters: { type: 'os', values: ['iOS'] },
        arms: [
          { type: 'trafficback', weight: 0 },
          { type: 'offer', offer_id: offerB.id, weight: 3 },
        ],
      },
    ];
    const r = await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, {
      token,
      body: { country: 'US', user_agent: IPHONE, streams: draft },
    });
    expect(r.status).toBe(200);
    expect(r.body.streams.map((s: { name: string; matched: boolean }) => [s.name, s.matched])).toEqual([
      ['everyone else', false],
      ['iPhones', true],
    ]);
    expect(r.body).toMatchObject({
      stream_index: 1,
      arm_index: 1,
      offer_id: offerB.id,
      location: 'https://b.example/?c=SIMULATED',
    });
    // A new stream and arm have no id yet: they are reported with a negative one, never a saved row's.
    expect(Number(r.body.stream_id)).toBeLessThan(0);
    expect(await storedRows()).toEqual(before);
    const after = await t.call('GET', `/api/admin/flows/${flow.id}/streams`, { token });
    expect(after.body.streams.map((s: { name: string }) => s.name)).toEqual(['everyone']);

    // Without `streams` the saved list is what counts.
    const plain = await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, {
      token,
      body: { country: 'US', user_agent: IPHONE },
    });
    expect(plain.body).toMatchObject({ stream_index: 0, arm_index: 0, location: 'https://saved.example/' });
  });

  it('checks unsaved streams like a save: the field of the first problem, 422', async () => {
    const flow = await makeFlow(pub.id);
    const bad = async (streams: unknown[]) =>
      t.call('POST', `/api/admin/flows/${flow.id}/simulate`, { token, body: { country: 'IN', streams } });
    const filter = await bad([
      { name: 'ok', arms: [{ type: 'trafficback' }] },
      { name: 'bad', filters: { type: 'country', values: ['India'] }, arms: [{ type: 'trafficback' }] },
    ]);
    expect(filter.status).toBe(422);
    expect(filter.body.field).toBe('streams[1].filters');
    const site = await bad([{ name: 'off', arms: [{ type: 'landing', site_id: siteOff }] }]);
    expect(site.status).toBe(422);
    expect(site.body.field).toBe('streams[0].arms[0].site_id');
  });
});

describe('the portal editor', () => {
  it('refuses a url arm in a publisher preview as it does on save', async () => {
    const flow = await makeFlow(pub.id);
    const r = await t.call('POST', `/api/publisher/flows/${flow.id}/simulate`, {
      token: pub.token,
      body: {
        country: 'IN',
        streams: [{ name: 'x', arms: [{ type: 'url', url: 'https://mine.example/' }] }],
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.field).toBe('streams[0].arms[0].type');
  });

  it("lists the active landings of the publisher's own flow's offer, and 404 for another's flow", async () => {
    const own = await makeFlow(pub.id);
    const theirs = await makeFlow(other.id);
    const r = await t.call('GET', `/api/publisher/flows/${own.id}/landings`, { token: pub.token });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual([{ id: siteA, name: 'Landing prev-a', slug: 'prev-a' }]);
    expect(
      (await t.call('GET', `/api/publisher/flows/${theirs.id}/landings`, { token: pub.token })).status,
    ).toBe(404);
  });
});
