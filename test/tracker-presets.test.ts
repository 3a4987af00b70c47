import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import {
  type ConversionEvent,
  notifyPublisher,
} from '../src/modules/publisher-postbacks/notify-publisher.js';
import { POSTBACK_EVENTS, type PostbackEvent } from '../src/modules/publisher-postbacks/presets.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Each tracker preset through the real API (created from the tracker's address, as the portal does)
 * and a fake tracker on 127.0.0.1: the exact request each of our events makes, or none.
 */
let t: TestApp;
let token: string;
let tracker: FakeServer;
let worker: Worker;
let host: string;

beforeAll(async () => {
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1' } });
  token = await t.adminToken();
  tracker = await startFakeServer();
  host = new URL(tracker.url).host;
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
});
afterAll(async () => {
  await worker.stop();
  await tracker.close();
  await t.close();
});

const LEAD = '01KT1LEAD000000000000000AA';
/** A payment's own id travels as txid for sale and rebill; the lead id otherwise. */
const TX: Record<PostbackEvent, string> = {
  lead: LEAD,
  hold: LEAD,
  approved: LEAD,
  cancelled: LEAD,
  trash: LEAD,
  chargeback: LEAD,
  sale: 'pay_1',
  rebill: 'pay_2',
};
const STATUS: Record<PostbackEvent, ConversionEvent['status']> = {
  lead: 'processing',
  hold: 'hold',
  approved: 'approved',
  cancelled: 'cancelled',
  trash: 'spam',
  chargeback: 'chargedback',
  sale: 'approved',
  rebill: 'approved',
};

function conversion(publisherId: string, event: PostbackEvent): ConversionEvent {
  return {
    event,
    leadId: LEAD,
    clickId: '01KT1CLICK00000000000000AA',
    offerId: 1,
    publisherId: Number(publisherId),
    flowId: null,
    goal: null,
    status: STATUS[event],
    // A cancelled lead still carries the payout it had: the preset decides whether it goes out.
    publisherPayout: event === 'lead' ? 0 : 750,
    currency: 'USD',
    subs: ['kt-777', null, null, null, null],
    txid: TX[event] === LEAD ? undefined : TX[event],
  };
}

/** Fire every event once, as the conversion pipeline does; what the tracker got for each. */
async function fireAll(publisherId: string): Promise<Record<PostbackEvent, string | null>> {
  const got = {} as Record<PostbackEvent, string | null>;
  for (const event of POSTBACK_EVENTS) {
    const before = tracker.requests.length;
    await t.ctx.db.transaction().execute((tx) => notifyPublisher(tx, t.ctx, conversion(publisherId, event)));
    while ((await worker.runOnce()) > 0) {}
    const requests = tracker.requests.slice(before);
    expect(requests.length, event).toBeLessThanOrEqual(1);
    got[event] = requests[0]?.url ?? null;
  }
  return got;
}

type Expected = Record<PostbackEvent, string | null>;
/** One URL per event from a builder; events listed in `silent` send nothing. */
function expected(build: (event: PostbackEvent) => string, silent: PostbackEvent[] = []): Expected {
  return Object.fromEntries(
    POSTBACK_EVENTS.map((e) => [e, silent.includes(e) ? null : build(e)]),
  ) as Expected;
}
const words = (list: string) => {
  const parts = list.split(' ');
  return (e: PostbackEvent) => parts[POSTBACK_EVENTS.indexOf(e)] ?? '';
};
const CANCELS: PostbackEvent[] = ['cancelled', 'trash', 'chargeback'];
const payoutOrZero = (e: PostbackEvent) => (e === 'lead' || CANCELS.includes(e) ? '0.00' : '7.50');
const payout = (e: PostbackEvent) => (e === 'lead' ? '0.00' : '7.50');
const UNPAID: PostbackEvent[] = ['lead', 'hold', 'cancelled', 'trash', 'chargeback'];

interface Case {
  preset: string;
  domain: (host: string) => string;
  trackerKey?: string;
  want: Expected;
}

// Words in POSTBACK_EVENTS order: lead hold approved cancelled trash chargeback sale rebill.
const CASES: Case[] = [
  {
    preset: 'keitaro',
    domain: (h) => `http://${h}/k3y/postback`,
    want: expected((e) => {
      const w = words('lead lead sale rejected rejected rejected sale sale');
      return `/k3y/postback?subid=kt-777&status=${w(e)}&payout=${payout(e)}&currency=USD&tid=${TX[e]}`;
    }),
  },
  {
    preset: 'binom',
    domain: (h) => `http://${h}`,
    want: expected((e) => {
      const w = words('lead hold approved rejected trash chargeback sale rebill');
      return `/click.php?cnv_id=kt-777&payout=${payoutOrZero(e)}&cnv_status=${w(e)}&cnv_currency=USD`;
    }),
  },
  {
    preset: 'binom2',
    domain: (h) => `http://${h}/click`,
    want: expected((e) => {
      const w = words('lead hold approved rejected trash chargeback sale rebill');
      return `/click?cnv_id=kt-777&payout=${payoutOrZero(e)}&cnv_status=${w(e)}&cnv_currency=USD`;
    }),
  },
  {
    preset: 'voluum',
    domain: (h) => `http://${h}`,
    want: expected((e) => `/postback?cid=kt-777&payout=7.50&txid=${TX[e]}&currency=USD`, UNPAID),
  },
  {
    preset: 'redtrack',
    domain: (h) => `http://${h}`,
    want: expected(
      (e) => {
        const w = words('Lead Lead Purchase - - - Purchase Upsell');
        return `/postback?clickid=kt-777&sum=${payout(e)}&type=${w(e)}&rdtk_event_id=${TX[e]}`;
      },
      ['hold', 'cancelled', 'trash', 'chargeback'],
    ),
  },
  {
    preset: 'bemob',
    domain: (h) => `http://${h}`,
    want: expected((e) => {
      const w = words('new new confirm decline decline charge confirm confirm');
      return `/postback?cid=kt-777&payout=${payoutOrZero(e)}&txid=${TX[e]}&status=${w(e)}`;
    }),
  },
  {
    preset: 'peerclick',
    domain: (h) => `http://${h}`,
    trackerKey: '12345',
    want: expected((e) => {
      const w = words('hold hold sale reject reject reject sale sale');
      return `/postback?userid=12345&cid=kt-777&payout=${payoutOrZero(e)}&txid=${TX[e]}&status=${w(e)}&currency=USD`;
    }),
  },
  {
    preset: 'funnelflux',
    domain: (h) => `http://${h}`,
    want: expected((e) => `/pb/?hit=kt-777&tx=${TX[e]}&rev=7.50`, UNPAID),
  },
  {
    preset: 'clickflare',
    domain: (h) => `http://${h}`,
    want: expected((e) => `/cf/cv?click_id=kt-777&payout=7.50&txid=${TX[e]}`, UNPAID),
  },
  {
    preset: 'adsbridge',
    domain: (h) => `http://${h}`,
    want: expected((e) => `/trackpixel/track?tid=kt-777&amt=7.50&txid=${TX[e]}`, UNPAID),
  },
  {
    preset: 'orbitra',
    domain: (h) => `http://${h}/a7f3c91e`,
    want: expected((e) => {
      const w = words('lead lead sale rejected trash rejected sale sale');
      return `/a7f3c91e/postback?subid=kt-777&status=${w(e)}&payout=${payout(e)}&currency=USD&tid=${TX[e]}`;
    }),
  },
  {
    preset: 'altercpa',
    domain: (h) => `http://${h}`,
    trackerKey: 'tok-1',
    want: expected((e) => {
      const w = words('new hold approve cancel trash cancel approve approve');
      return `/api/track/postback.json?id=tok-1&click=kt-777&status=${w(e)}&price=${payout(e)}&currency=USD`;
    }),
  },
];

describe('tracker presets: the request each event makes', () => {
  for (const c of CASES) {
    it(`${c.preset}: its click id parameter, its own status words, payout and currency as its docs say`, async () => {
      const pub = await makePublisher(t, token);
      const created = await t.call('POST', '/api/publisher/postbacks', {
        token: pub.token,
        body: {
          preset: c.preset,
          domain: c.domain(host),
          ...(c.trackerKey ? { tracker_key: c.trackerKey } : {}),
        },
      });
      expect(created.status, created.text).toBe(201);
      const fired = Object.entries(c.want)
        .filter(([, url]) => url !== null)
        .map(([e]) => e);
      expect(created.body.events, 'default events').toEqual(fired);
      expect(await fireAll(pub.id)).toEqual(c.want);
    });
  }

  it('lists every preset with its docs page, its events and what a cancellation carries', async () => {
    const pub = await makePublisher(t, token);
    const r = await t.call('GET', '/api/publisher/postback-presets', { token: pub.token });
    expect(r.body.data.map((p: { key: string }) => p.key)).toEqual(CASES.map((c) => c.preset));
    for (const p of r.body.data) expect(p.docs_url, p.key).toMatch(/^https:\/\//);
    expect(r.body.data.find((p: { key: string }) => p.key === 'peerclick')).toMatchObject({
      cancel_payout: 'zero',
      tracker_key: { param: 'userid' },
    });
    expect(r.body.data.find((p: { key: string }) => p.key === 'voluum').events).toEqual([
      'approved',
      'sale',
      'rebill',
    ]);
  });
});

describe('what a preset refuses', () => {
  it('refuses an event a tracker would count as a sale, naming why', async () => {
    const pub = await makePublisher(t, token);
    for (const preset of ['voluum', 'redtrack', 'funnelflux', 'clickflare', 'adsbridge']) {
      const r = await t.call('POST', '/api/publisher/postbacks', {
        token: pub.token,
        body: { preset, domain: 'trk.example.com', events: ['approved', 'cancelled'] },
      });
      expect(r.status, preset).toBe(422);
      expect(r.body.message, preset).toContain('not cancelled');
    }
  });

  it('needs the token of AlterCPA and PeerClick, and Binom v2’s path', async () => {
    const pub = await makePublisher(t, token);
    const create = (body: Record<string, unknown>) =>
      t.call('POST', '/api/publisher/postbacks', { token: pub.token, body });
    const noKey = await create({ preset: 'altercpa', domain: 'trk.example.com' });
    expect(noKey.status).toBe(422);
    expect(noKey.body.message).toContain('AlterCPA postback token');
    expect((await create({ preset: 'peerclick', domain: 'pstb.peerclick.com' })).status).toBe(422);
    const badKey = await create({ preset: 'altercpa', domain: 'trk.example.com', tracker_key: 'a&b=c' });
    expect(badKey.status).toBe(400);
    const noPath = await create({ preset: 'binom2', domain: 'trk.example.com' });
    expect(noPath.status).toBe(422);
    expect(noPath.body.message).toContain('postback path');
  });

  it('stops sending a cancellation from a Voluum postback saved with every event before', async () => {
    const pub = await makePublisher(t, token);
    const created = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { preset: 'voluum', domain: `http://${host}` },
    });
    await t.ctx.db
      .updateTable('publisher_postbacks')
      .set({ events: JSON.stringify(POSTBACK_EVENTS) })
      .where('id', '=', Number(created.body.id))
      .execute();
    const got = await fireAll(pub.id);
    expect(got.cancelled).toBeNull();
    expect(got.chargeback).toBeNull();
    expect(got.approved).toBe(`/postback?cid=kt-777&payout=7.50&txid=${LEAD}&currency=USD`);
  });
});

describe('a postback’s own status words', () => {
  it('override the preset’s per event, an empty word keeping the preset’s', async () => {
    const pub = await makePublisher(t, token);
    const created = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: {
        preset: 'binom',
        domain: `http://${host}`,
        events: ['approved', 'cancelled', 'trash'],
        status_words: { approved: 'Approve', cancelled: 'Reject', trash: '' },
      },
    });
    expect(created.status, created.text).toBe(201);
    const got = await fireAll(pub.id);
    expect([got.approved, got.cancelled, got.trash]).toEqual([
      '/click.php?cnv_id=kt-777&payout=7.50&cnv_status=Approve&cnv_currency=USD',
      '/click.php?cnv_id=kt-777&payout=0.00&cnv_status=Reject&cnv_currency=USD',
      '/click.php?cnv_id=kt-777&payout=0.00&cnv_status=trash&cnv_currency=USD',
    ]);
    const patched = await t.call('PATCH', `/api/publisher/postbacks/${created.body.id}`, {
      token: pub.token,
      body: { status_words: { approved: 'ok' } },
    });
    expect(patched.body.status_words).toEqual({ approved: 'ok' });
    expect((await fireAll(pub.id)).approved).toContain('cnv_status=ok');
  });

  it('refuses a word for something that is not one of our events', async () => {
    const pub = await makePublisher(t, token);
    const r = await t.call('POST', '/api/publisher/postbacks', {
      token: pub.token,
      body: { preset: 'binom', domain: 'trk.example.com', status_words: { aproved: 'x' } },
    });
    expect(r.status).toBe(400);
  });
});
