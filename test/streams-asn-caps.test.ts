import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asnOf } from '../src/modules/streams/asn.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Issue 19: the asn and isp stream filters read the offline @ip-location-db/asn database, and an
// offer arm whose offer's hard cap is full is skipped like an ineligible arm.
let t: TestApp;
let base: string;
let token: string;
let offerA: { id: string };
let offerB: { id: string };
let pub: { id: string; token: string };

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
// Addresses inside ranges the package lists: 49.32.0.0–49.45.3.255 and 2405:200::/39-ish are
// AS55836 "Reliance Jio Infocomm Limited"; 23.24.0.0–23.25.255.255 is AS7922 Comcast.
const JIO_V4 = '49.36.12.34';
const JIO_V6 = '2405:200:100::1234';
const COMCAST = '23.24.5.6';
const PRIVATE = '10.11.12.13';
const DOC_V6 = '2001:db8::1';

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
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
    landing_url: 'https://b.example/',
  });
  pub = await makePublisher(t, token);
});
afterAll(() => t.close());

async function flowWithStreams(streams: unknown[], offerId = offerA.id) {
  const flow = await t.call('POST', '/api/admin/flows', {
    token,
    body: { publisher_id: pub.id, offer_id: offerId },
  });
  expect(flow.status).toBe(201);
  const saved = await t.call('PUT', `/api/admin/flows/${flow.body.id}/streams`, { token, body: { streams } });
  expect(saved.status).toBe(200);
  return {
    id: flow.body.id as string,
    code: flow.body.code as string,
    streams: saved.body.streams as { id: string }[],
  };
}

async function visit(code: string, ip: string) {
  const r = await fetch(`${base}/f/${code}`, {
    redirect: 'manual',
    headers: { 'x-forwarded-for': ip, 'user-agent': ANDROID },
  });
  await t.ctx.clickWriter.flush();
  const row = await t.ctx.db
    .selectFrom('clicks')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { status: r.status, location: r.headers.get('location'), row };
}

describe('ASN and ISP lookup', () => {
  it('knows a Reliance Jio address (IPv4 and IPv6) and knows nothing of private or documentation ones', () => {
    expect(asnOf(JIO_V4)).toEqual({ number: 55836, organisation: 'Reliance Jio Infocomm Limited' });
    expect(asnOf(JIO_V6)).toEqual({ number: 55836, organisation: 'Reliance Jio Infocomm Limited' });
    expect(asnOf(`::ffff:${JIO_V4}`)?.number).toBe(55836);
    // A quoted organisation with a comma comes back unquoted.
    expect(asnOf(COMCAST)).toEqual({ number: 7922, organisation: 'Comcast Cable Communications, LLC' });
    expect(asnOf(PRIVATE)).toBeNull();
    expect(asnOf('127.0.0.1')).toBeNull();
    expect(asnOf(DOC_V6)).toBeNull();
    expect(asnOf('not an address')).toBeNull();
  });

  it('routes a Jio click (IPv4 and IPv6) to the asn stream and the isp stream, and others to the default', async () => {
    const rest = { name: 'Everyone else', arms: [{ type: 'url', url: 'https://rest.example/' }] };
    const byAsn = await flowWithStreams([
      {
        name: 'Jio by ASN',
        filters: { type: 'asn', values: [55836] },
        arms: [{ type: 'url', url: 'https://jio.example/' }],
      },
      rest,
    ]);
    // isp matching is case-insensitive "contains" on the organisation name.
    const byIsp = await flowWithStreams([
      {
        name: 'Jio by ISP',
        filters: { type: 'isp', values: ['jio'] },
        arms: [{ type: 'url', url: 'https://jio.example/' }],
      },
      rest,
    ]);
    for (const flow of [byAsn, byIsp]) {
      const [jio, other] = flow.streams;
      for (const ip of [JIO_V4, JIO_V6]) {
        const r = await visit(flow.code, ip);
        expect(r.status).toBe(302);
        expect(r.location).toBe('https://jio.example/');
        expect(r.row).toMatchObject({ status: 'accepted', stream_id: Number(jio?.id) });
      }
      for (const ip of [COMCAST, PRIVATE, DOC_V6]) {
        const r = await visit(flow.code, ip);
        expect(r.location).toBe('https://rest.example/');
        expect(r.row).toMatchObject({ status: 'accepted', stream_id: Number(other?.id) });
      }
    }
  });

  it('simulate shows the looked-up AS for a Jio address', async () => {
    const flow = await t.call('POST', '/api/admin/flows', {
      token,
      body: { publisher_id: pub.id, offer_id: offerA.id },
    });
    const r = await t.call('POST', `/api/admin/flows/${flow.body.id}/simulate`, {
      token,
      body: { ip: JIO_V4, user_agent: ANDROID },
    });
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).toContain('AS55836 Reliance Jio Infocomm Limited');
  });
});

describe('a full cap on an offer arm', () => {
  it('skips the arm of an offer whose hard cap for this publisher is full and the click falls to the next stream', async () => {
    const cap = await t.call('POST', '/api/admin/caps', {
      token,
      body: {
        offer_id: offerB.id,
        publisher_id: pub.id,
        period: 'daily',
        metric: 'clicks',
        limit: '1',
        mode: 'hard',
        on_reached: 'next_stream',
      },
    });
    expect(cap.status).toBe(201);
    const flow = await flowWithStreams([
      { name: 'To offer B', arms: [{ type: 'offer', offer_id: offerB.id }] },
      { name: 'Fallback', arms: [{ type: 'url', url: 'https://fallback.example/' }] },
    ]);
    const [toB, fallback] = flow.streams;
    const open = await visit(flow.code, JIO_V4);
    expect(open.location).toBe('https://b.example/');
    expect(open.row).toMatchObject({ stream_id: Number(toB?.id), offer_id: Number(offerB.id) });

    // That flow click took B's one unit (the arm's offer's cap), so a direct click on B is refused.
    const refused = await fetch(`${base}/click?offer_id=${offerB.id}&pub_id=${pub.id}`, {
      redirect: 'manual',
      headers: { 'x-forwarded-for': '49.36.99.2', 'user-agent': ANDROID },
    });
    expect(refused.headers.get('location')).not.toBe('https://b.example/');

    const full = await visit(flow.code, JIO_V4);
    expect(full.status).toBe(302);
    expect(full.location).toBe('https://fallback.example/');
    expect(full.row).toMatchObject({
      status: 'accepted',
      stream_id: Number(fallback?.id),
      offer_id: Number(offerA.id),
    });

    // The simulator says why the first stream took nobody: its English note and each arm's reason coded.
    const sim = await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, {
      token,
      body: { ip: JIO_V4, user_agent: ANDROID },
    });
    expect(sim.status).toBe(200);
    expect(sim.body.streams[0]).toMatchObject({
      matched: true,
      note: `matched, but no target can take the visitor: offer ${offerB.id} reached a cap`,
      note_reasons: [{ code: 'offer_cap', params: { offer_id: offerB.id } }],
    });
    expect(sim.body.streams[1].note_reasons).toBeUndefined();
  });

  it("sends a click stopped by the flow offer's 'next_stream' cap to the next stream with another offer, taking that offer's cap unit only", async () => {
    const advertiser = await makeAdvertiser(t, token);
    const offerC = await makeOffer(t, token, {
      advertiser_id: advertiser.id,
      geo: '',
      landing_url: 'https://c.example/',
      trafficback_url: 'https://tb-c.example/',
    });
    const offerD = await makeOffer(t, token, {
      advertiser_id: advertiser.id,
      geo: '',
      landing_url: 'https://d.example/',
    });
    const addCap = (offerId: string, onReached: string) =>
      t.call('POST', '/api/admin/caps', {
        token,
        body: {
          offer_id: offerId,
          publisher_id: pub.id,
          period: 'daily',
          metric: 'clicks',
          limit: '1',
          on_reached: onReached,
        },
      });
    const capC = await addCap(offerC.id, 'next_stream');
    const capD = await addCap(offerD.id, 'trafficback');
    expect([capC.status, capD.status]).toEqual([201, 201]);
    const flow = await flowWithStreams(
      [
        { name: 'Own offer, via a URL', arms: [{ type: 'url', url: 'https://own.example/' }] },
        { name: 'Offer D', arms: [{ type: 'offer', offer_id: offerD.id }] },
      ],
      offerC.id,
    );
    const [own, toD] = flow.streams;
    const first = await visit(flow.code, JIO_V4);
    expect(first.location).toBe('https://own.example/');
    expect(first.row).toMatchObject({
      status: 'accepted',
      stream_id: Number(own?.id),
      offer_id: Number(offerC.id),
    });

    // C's cap is full: the simulator shows the reroute (and takes nothing)…
    const sim = await t.call('POST', `/api/admin/flows/${flow.id}/simulate`, {
      token,
      body: { ip: JIO_V4, user_agent: ANDROID },
    });
    expect(sim.status).toBe(200);
    expect(sim.body).toMatchObject({
      accepted: true,
      stream_id: toD?.id,
      offer_id: offerD.id,
      location: 'https://d.example/',
    });

    // …and the click goes, not to trafficback, but to the next stream that targets another offer.
    const second = await visit(flow.code, JIO_V4);
    expect(second.status).toBe(302);
    expect(second.location).toBe('https://d.example/');
    expect(second.row).toMatchObject({
      status: 'accepted',
      reject_reason: null,
      stream_id: Number(toD?.id),
      offer_id: Number(offerD.id),
    });

    // Now D's cap is full too: refused by C's cap, to C's trafficback.
    const third = await visit(flow.code, JIO_V4);
    expect(third.location).toBe('https://tb-c.example/');
    expect(third.row).toMatchObject({ status: 'rejected', reject_reason: 'cap_reached', stream_id: null });

    const caps = await t.call('GET', '/api/admin/caps', { token });
    const used = (id: string) => caps.body.find((c: { id: string }) => c.id === id)?.used;
    expect([used(capC.body.id), used(capD.body.id)]).toEqual(['1', '1']);
  });
});

describe("an offer arm takes its click-cap unit from its own offer's caps", () => {
  it("reserves the arm's offer's click cap, not the flow offer's, and falls back when the arm's cap is full", async () => {
    const advertiser = await makeAdvertiser(t, token);
    const offerE = await makeOffer(t, token, {
      advertiser_id: advertiser.id,
      geo: '',
      landing_url: 'https://e.example/',
    });
    const offerF = await makeOffer(t, token, {
      advertiser_id: advertiser.id,
      geo: '',
      landing_url: 'https://f.example/',
    });
    const addCap = (offerId: string, limit: string) =>
      t.call('POST', '/api/admin/caps', {
        token,
        body: { offer_id: offerId, publisher_id: pub.id, period: 'daily', metric: 'clicks', limit },
      });
    const capE = await addCap(offerE.id, '10');
    const capF = await addCap(offerF.id, '1');
    expect([capE.status, capF.status]).toEqual([201, 201]);
    const flow = await flowWithStreams(
      [
        { name: 'To offer F', arms: [{ type: 'offer', offer_id: offerF.id }] },
        { name: 'Own offer', arms: [{ type: 'url', url: 'https://own-e.example/' }] },
      ],
      offerE.id,
    );
    const [toF, own] = flow.streams;
    const used = async () => {
      const caps = await t.call('GET', '/api/admin/caps', { token });
      const of = (id: string) => caps.body.find((c: { id: string }) => c.id === id)?.used;
      return { e: of(capE.body.id), f: of(capF.body.id) };
    };

    const first = await visit(flow.code, JIO_V4);
    expect(first.location).toBe('https://f.example/');
    expect(first.row).toMatchObject({
      status: 'accepted',
      stream_id: Number(toF?.id),
      offer_id: Number(offerF.id),
    });
    expect(await used()).toEqual({ e: '0', f: '1' });

    // F is full now: the F arm is skipped and the click counts for the flow's offer E.
    const second = await visit(flow.code, JIO_V4);
    expect(second.location).toBe('https://own-e.example/');
    expect(second.row).toMatchObject({
      status: 'accepted',
      stream_id: Number(own?.id),
      offer_id: Number(offerE.id),
    });
    expect(await used()).toEqual({ e: '1', f: '1' });
  });

  it("takes the arm's offer's unit even when the flow's own offer has no cap", async () => {
    const advertiser = await makeAdvertiser(t, token);
    const offerG = await makeOffer(t, token, {
      advertiser_id: advertiser.id,
      geo: '',
      landing_url: 'https://g.example/',
    });
    const offerH = await makeOffer(t, token, {
      advertiser_id: advertiser.id,
      geo: '',
      landing_url: 'https://h.example/',
    });
    const capH = await t.call('POST', '/api/admin/caps', {
      token,
      body: { offer_id: offerH.id, publisher_id: pub.id, period: 'daily', metric: 'clicks', limit: '1' },
    });
    expect(capH.status).toBe(201);
    const flow = await flowWithStreams(
      [
        { name: 'To offer H', arms: [{ type: 'offer', offer_id: offerH.id }] },
        { name: 'Own offer', arms: [{ type: 'url', url: 'https://own-g.example/' }] },
      ],
      offerG.id,
    );
    // Other Jio addresses than the tests above use, clear of the address velocity rule.
    expect((await visit(flow.code, '49.36.77.1')).location).toBe('https://h.example/');
    const second = await visit(flow.code, '49.36.77.2');
    expect(second.row.reject_reason).toBeNull();
    expect(second.location).toBe('https://own-g.example/');
    const caps = await t.call('GET', '/api/admin/caps', { token });
    expect(caps.body.find((c: { id: string }) => c.id === capH.body.id)?.used).toBe('1');
  });
});
