import type { AppContext } from '../../context.js';
import { buildApp } from '../../http/app.js';
import type { ManualClock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { NewClick } from '../clicks/click-writer.js';
import { countryOf } from '../clicks/geo.js';
import { recordClick } from '../clicks/record-click.js';
import { changeLeadStatusByHand } from '../conversions/change-lead-status.js';
import { payPayout } from '../payouts/decide-payout.js';
import { savePayoutMethod } from '../payouts/queries.js';
import { runNet7 } from '../payouts/run-net7.js';
import { addressPools, DemoRandom } from './demo-random.js';

/** How an offer's advertiser reports: COD call-centre statuses, or a casino's registration then deposit. */
export type DemoKind = 'cod' | 'casino';

/** A publisher sending traffic to an offer, and how its advertiser answers. */
export interface DemoRoute {
  offerId: number;
  publisherId: number;
  countries: readonly string[];
  token: string;
  kind: DemoKind;
  landing: string;
  weight: number;
}

export interface DemoTraffic {
  routes: readonly DemoRoute[];
  /** A suspended publisher's clicks are refused (publisher_not_approved). */
  suspendedPublisherId: number;
  /** A private offer a publisher is not assigned to (offer_not_assigned). */
  privateOffer: { offerId: number; publisherId: number };
  /** Publishers that get a payout method and a Net-7 run. */
  payees: readonly { publisherId: number; method: string; destination: string }[];
}

export interface TrafficOptions {
  clicks: number;
  days: number;
  seed: number;
  /** At most this many clicks go through recordClick (with conversions); the rest are bulk rows. */
  realClicks: number;
}

export interface TrafficSummary {
  clicks: number;
  realClicks: number;
  rejected: Record<string, number>;
  postbacks: Record<string, number>;
  manualChanges: number;
  payouts: { requested: number; paid: number };
}

const BROWSERS = [
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Mobile Safari/537.36',
];
const BOTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'python-requests/2.31',
];
const CAMPAIGNS = ['fb-lookalike', 'fb-broad', 'native-taboola', 'push-rich', 'tiktok-spark'];
const CREATIVES = ['video-1', 'video-2', 'static-a', 'static-b'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A COD lead's last word from the call centre. */
const COD_OUTCOMES = {
  approved: 52,
  cancelled: 14,
  wrong_number: 8,
  spam: 4,
  duplicate: 4,
  hold: 10,
  processing: 8,
} as const;

interface Pending {
  at: number;
  run: () => Promise<void>;
}

/**
 * Thirty days of traffic through the real paths: clicks through recordClick (GEO, bots, velocity,
 * publisher and offer checks), advertiser postbacks through the HTTP app (postback log, lead
 * creation, applyLeadStatus with its ledger entries and publisher postback jobs), manual changes by
 * an admin, and a Net-7 payout run with one request paid. Clicks past `realClicks` are written as
 * bulk rows of the same shape (load tests), without conversions.
 */
export async function seedTraffic(
  ctx: AppContext,
  clock: ManualClock,
  network: DemoTraffic,
  options: TrafficOptions,
): Promise<TrafficSummary> {
  const random = new DemoRandom(options.seed);
  const countries = [...new Set([...network.routes.flatMap((r) => r.countries), 'US'])];
  const pools = addressPools(random, countries, 60);
  const app = await buildApp(ctx);
  await app.ready();
  const summary: TrafficSummary = {
    clicks: 0,
    realClicks: 0,
    rejected: {},
    postbacks: {},
    manualChanges: 0,
    payouts: { requested: 0, paid: 0 },
  };
  const queue: Pending[] = [];
  const later = (at: number, run: () => Promise<void>) => queue.push({ at, run });
  const drain = async (until: number) => {
    queue.sort((a, b) => a.at - b.at);
    while (queue.length > 0 && (queue[0] as Pending).at <= until) {
      const next = queue.shift() as Pending;
      clock.set(new Date(next.at));
      await next.run();
      queue.sort((a, b) => a.at - b.at);
    }
  };
  const postback = async (route: DemoRoute, clickId: string, query: Record<string, string>) => {
    await ctx.clickWriter.flush();
    const response = await app.inject({
      method: 'GET',
      url: '/postback',
      query: { token: route.token, click_id: clickId, ...query },
    });
    const key = `${query.status ?? 'approved'} ${response.statusCode}`;
    summary.postbacks[key] = (summary.postbacks[key] ?? 0) + 1;
    if (response.statusCode !== 200) return undefined;
    return (response.json() as { lead_id?: string }).lead_id;
  };
  const byHand = async (leadId: string, status: 'approved' | 'test' | 'cancelled', reason: string) => {
    await changeLeadStatusByHand(ctx, leadId, { status, reason }, 0);
    summary.manualChanges++;
  };

  const followCod = (route: DemoRoute, clickId: string, at: number) => {
    later(at + random.int(3, 90) * 60_000, async () => {
      const leadId = await postback(route, clickId, { status: 'lead', sub: 'form' });
      if (!leadId) return;
      const outcome = random.weighted(COD_OUTCOMES);
      if (outcome === 'processing') return;
      const decided = at + random.int(2, 72) * HOUR;
      later(decided, async () => {
        await postback(route, clickId, { status: outcome });
        if (outcome === 'hold' && random.chance(0.5)) {
          later(decided + random.int(1, 5) * DAY, () =>
            byHand(leadId, 'approved', 'call centre confirmed delivery by phone'),
          );
        }
        if (outcome === 'approved' && random.chance(0.06)) {
          // A reversal: the buyer refused the parcel.
          later(decided + random.int(3, 12) * DAY, async () => {
            await postback(route, clickId, { status: 'chargedback', comment: 'parcel refused' });
          });
        }
        if (outcome === 'cancelled' && random.chance(0.05)) {
          later(decided + HOUR, () => byHand(leadId, 'test', 'our own test order from QA'));
        }
      });
    });
  };
  const followCasino = (route: DemoRoute, clickId: string, at: number) => {
    later(at + random.int(2, 40) * 60_000, async () => {
      const leadId = await postback(route, clickId, { status: 'approved', goal: 'reg' });
      if (!leadId || !random.chance(0.35)) return;
      later(at + random.int(6, 120) * HOUR, async () => {
        await postback(route, clickId, { status: 'approved', goal: 'dep' });
      });
    });
  };

  const end = clock.now().getTime() + options.days * DAY;
  const start = clock.now().getTime();
  const span = end - start - 2 * HOUR;
  const realEvery = options.clicks / Math.max(1, Math.min(options.realClicks, options.clicks));
  let nextReal = 0;
  let velocityBurst = 0;
  let velocityIp = '';
  for (let i = 0; i < options.clicks; i++) {
    const at = start + Math.floor(((i + random.next()) / options.clicks) * span);
    const route = weightedRoute(random, network.routes);
    const visitor = chooseVisitor(random, route, pools);
    const sub = {
      sub1: random.pick(CAMPAIGNS),
      sub2: random.pick(CREATIVES),
      sub3: `ad${random.int(1, 40)}`,
    };
    if (i < nextReal) {
      void ctx.clickWriter.add(bulkRow(random, route, visitor, sub, at));
      if (ctx.clickWriter.size >= 5_000) await ctx.clickWriter.flush();
      summary.clicks++;
      continue;
    }
    nextReal += realEvery;
    await drain(at);
    clock.set(new Date(at));
    let { offerId, publisherId } = route;
    let { ip, userAgent } = visitor;
    const odd = random.next();
    if (odd < 0.02) publisherId = network.suspendedPublisherId;
    else if (odd < 0.035) ({ offerId, publisherId } = network.privateOffer);
    else if (velocityBurst > 0 || odd < 0.04) {
      // One address clicking again and again: past the threshold the clicks are refused.
      if (velocityBurst === 0) {
        velocityBurst = 14;
        velocityIp = ip;
      }
      velocityBurst--;
      ip = velocityIp;
    }
    const outcome = await recordClick(ctx, {
      source: 'link',
      offerId,
      publisherId,
      query: sub,
      ip,
      userAgent,
    });
    summary.clicks++;
    summary.realClicks++;
    if (outcome.reason) summary.rejected[outcome.reason] = (summary.rejected[outcome.reason] ?? 0) + 1;
    if (!outcome.accepted || offerId !== route.offerId || !random.chance(0.16)) continue;
    if (route.kind === 'cod') followCod(route, outcome.clickId, at);
    else followCasino(route, outcome.clickId, at);
  }
  await ctx.clickWriter.flush();
  // The network's own refused postback (a click id nobody knows) for the log.
  const first = network.routes[0] as DemoRoute;
  later(end - 3 * HOUR, async () => {
    await postback(first, 'not-a-click-of-ours', { status: 'approved' });
  });
  await drain(end);
  clock.set(new Date(end));
  await ctx.clickWriter.flush();
  summary.payouts = await payoutRun(ctx, network);
  await app.close();
  return summary;
}

function weightedRoute(random: DemoRandom, routes: readonly DemoRoute[]): DemoRoute {
  const total = routes.reduce((sum, r) => sum + r.weight, 0);
  let roll = random.next() * total;
  for (const route of routes) {
    roll -= route.weight;
    if (roll < 0) return route;
  }
  return routes[routes.length - 1] as DemoRoute;
}

function chooseVisitor(random: DemoRandom, route: DemoRoute, pools: Map<string, string[]>) {
  const kind = random.weighted({ real: 90, bot: 4, abroad: 6 });
  const country = kind === 'abroad' ? 'US' : random.pick(route.countries);
  const ip = random.pick(pools.get(country) ?? []);
  const userAgent = kind === 'bot' ? random.pick(BOTS) : random.pick(BROWSERS);
  return { ip, userAgent, country, kind };
}

/** A click row as recordClick would write it, decided from the visitor without the database reads. */
function bulkRow(
  random: DemoRandom,
  route: DemoRoute,
  visitor: ReturnType<typeof chooseVisitor>,
  sub: { sub1: string; sub2: string; sub3: string },
  at: number,
): NewClick {
  const reason = visitor.kind === 'bot' ? 'bot_ua' : visitor.kind === 'abroad' ? 'geo_mismatch' : null;
  const id = newId(at);
  return {
    id,
    created_at: new Date(at).toISOString(),
    source: 'link',
    offer_id: route.offerId,
    publisher_id: route.publisherId,
    flow_id: null,
    status: reason ? 'rejected' : 'accepted',
    reject_reason: reason,
    is_unique: random.chance(0.85) ? 1 : 0,
    ip: visitor.ip,
    country: countryOf(visitor.ip),
    user_agent: visitor.userAgent,
    referer: null,
    ...sub,
    sub4: null,
    sub5: null,
    fbclid: null,
    gclid: null,
    params: '{}',
    destination: reason ? null : route.landing.replace('{click_id}', id).replace('{sub1}', sub.sub1),
  };
}

async function payoutRun(ctx: AppContext, network: DemoTraffic) {
  const now = ctx.clock.now().toISOString();
  for (const payee of network.payees) {
    await savePayoutMethod(ctx.db, {
      publisher_id: payee.publisherId,
      method: payee.method,
      destination: payee.destination,
      updated_at: now,
    });
  }
  const run = await runNet7(ctx);
  const first = run.created[0];
  if (first) await payPayout(ctx, first.id, { reference: 'demo-transfer-0001', actor: 'admin:0' });
  return { requested: run.created.length, paid: first ? 1 : 0 };
}
