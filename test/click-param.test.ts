import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Seed 003 "Automatically add click ID to link": the advertiser names the parameter its network takes
// our click in, and the redirect adds it to a landing URL that carries no {click} macro. Over a real
// socket, so the raw fast path answers /click and /f/:code.
let t: TestApp;
let base: string;
let token: string;
let pub: { id: string };
let ip = 0;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  pub = await makePublisher(t, token);
});
afterAll(() => t.close());

/** Follow one tracking link; the Location header and the id of the click it recorded. */
async function visit(path: string): Promise<{ location: string; clickId: string }> {
  ip += 1;
  const r = await fetch(`${base}${path}`, {
    redirect: 'manual',
    headers: {
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0',
      'x-forwarded-for': `8.8.4.${ip}`,
    },
  });
  expect(r.status).toBe(302);
  await t.ctx.clickWriter.flush();
  const row = await t.ctx.db
    .selectFrom('clicks')
    .select(['id', 'destination'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  expect(row.destination).toBe(r.headers.get('location'));
  return { location: r.headers.get('location') ?? '', clickId: row.id };
}

async function setup(
  advertiser: Record<string, unknown>,
  landingUrl: string,
  offer: Record<string, unknown> = {},
) {
  const adv = await makeAdvertiser(t, token, advertiser);
  const o = await makeOffer(t, token, { advertiser_id: adv.id, geo: [], landing_url: landingUrl, ...offer });
  const flow = await t.call('POST', '/api/admin/flows', {
    token,
    body: { publisher_id: pub.id, offer_id: o.id },
  });
  expect(flow.status).toBe(201);
  return { advertiserId: adv.id as string, offerId: o.id as string, flowCode: flow.body.code as string };
}

/** Both tracking links of one offer. */
function links(s: { offerId: string; flowCode: string }) {
  return [`/click?offer_id=${s.offerId}&pub_id=${pub.id}`, `/f/${s.flowCode}`];
}

describe('automatically add click ID to link', () => {
  it("appends the network's parameter after & when the landing URL has a query and no click macro", async () => {
    const s = await setup({ click_param: 'aff_sub', auto_click_id: true }, 'https://l.example/p?q=a%20b&x=1');
    for (const link of links(s)) {
      const { location, clickId } = await visit(link);
      expect(location).toBe(`https://l.example/p?q=a%20b&x=1&aff_sub=${clickId}`);
    }
  });

  it('appends after ? when there is no query, before a #fragment', async () => {
    const s = await setup({ click_param: 'sub1', auto_click_id: true }, 'https://l.example/land#form');
    for (const link of links(s)) {
      const { location, clickId } = await visit(link);
      expect(location).toBe(`https://l.example/land?sub1=${clickId}#form`);
    }
  });

  it('leaves a landing URL that already carries {click} or {click_id} as the operator wrote it', async () => {
    for (const landing of ['https://l.example/p?sub1={click}', 'https://l.example/p?cid={click_id}&b=2']) {
      const s = await setup({ click_param: 'sub1', auto_click_id: true }, landing);
      for (const link of links(s)) {
        const { location, clickId } = await visit(link);
        expect(location).toBe(landing.replace(/\{click(_id)?\}/, clickId));
      }
    }
  });

  it('adds nothing when turned off, and the offer box alone uses the parameter too', async () => {
    const off = await setup({ click_param: 'aff_sub', auto_click_id: false }, 'https://l.example/p?x=1');
    for (const link of links(off)) expect((await visit(link)).location).toBe('https://l.example/p?x=1');
    const offerOnly = await setup({ click_param: 'aff_sub', auto_click_id: false }, 'https://l.example/p', {
      append_click_id: true,
    });
    const { location, clickId } = await visit(links(offerOnly)[0] as string);
    expect(location).toBe(`https://l.example/p?aff_sub=${clickId}`);
  });

  it('uses click_id when the advertiser names no parameter, and URL-encodes an unusual name', async () => {
    const plain = await setup({ auto_click_id: true }, 'https://l.example/p');
    const first = await visit(links(plain)[1] as string);
    expect(first.location).toBe(`https://l.example/p?click_id=${first.clickId}`);
    const bracket = await setup({ click_param: 'data[sub]', auto_click_id: true }, 'https://l.example/p?a=1');
    const second = await visit(links(bracket)[0] as string);
    expect(second.location).toBe(`https://l.example/p?a=1&data%5Bsub%5D=${second.clickId}`);
  });

  it('sets the parameter in place when the landing URL has it with a fixed value', async () => {
    const s = await setup({ click_param: 'sub1', auto_click_id: true }, 'https://l.example/p?sub1=fixed&b=2');
    const { location, clickId } = await visit(links(s)[1] as string);
    expect(location).toBe(`https://l.example/p?sub1=${clickId}&b=2`);
  });

  it("a referral link (/r) always carries the click, under the network's parameter", async () => {
    const s = await setup({ click_param: 'aff_sub', auto_click_id: false }, 'https://l.example/p?x=1');
    const { location, clickId } = await visit(`/r?ref=${s.flowCode}`);
    expect(location).toBe(`https://l.example/p?x=1&aff_sub=${clickId}`);
  });

  it('refuses a parameter name that is not a plain query name', async () => {
    const r = await t.call('POST', '/api/admin/advertisers', {
      token,
      body: { name: 'X', endpoint_url: 'https://x.example/', click_param: 'a=b&c' },
    });
    expect(r.status).toBe(400);
  });

  it('applying a network template sets its parameter (on by default, off on request), seen by the next click', async () => {
    const s = await setup({}, 'https://l.example/p?x=1');
    const applied = await t.call('POST', '/api/admin/integrations/hasoffers-tune/apply', {
      token,
      body: { advertiser_id: s.advertiserId },
    });
    expect(applied.status).toBe(200);
    expect(applied.body.advertiser).toMatchObject({ click_param: 'aff_click_id', auto_click_id: true });
    const on = await visit(links(s)[1] as string);
    expect(on.location).toBe(`https://l.example/p?x=1&aff_click_id=${on.clickId}`);

    const kma = await t.call('POST', '/api/admin/integrations/kma/apply', {
      token,
      body: { advertiser_id: s.advertiserId, auto_click_id: false },
    });
    expect(kma.body.advertiser).toMatchObject({ click_param: 'data1', auto_click_id: false });
    expect((await visit(links(s)[0] as string)).location).toBe('https://l.example/p?x=1');
  });
});
