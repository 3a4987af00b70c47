import type { AppContext } from '../../context.js';
import { ManualClock } from '../../lib/clock.js';
import { createAdvertiser } from '../advertisers/save-advertiser.js';
import { createFlow } from '../flows/save-flow.js';
import { createOffer } from '../offers/save-offer.js';
import { assignOffer } from '../publishers/assign-offer.js';
import { createPublisher } from '../publishers/save-publisher.js';
import { type DemoRoute, seedTraffic, type TrafficOptions } from './seed-traffic.js';

export const DEMO_PASSWORD = 'demo-password';
const MARKER_EMAIL = 'arjun@demo.leadrail.test';
export const DEMO_DAYS = 30;
export const DEFAULT_DEMO_CLICKS = 2_000;

export interface SeedDemoOptions {
  /** Clicks over the 30 days; 0 builds the network without traffic. */
  clicks?: number;
  seed?: number;
}

/**
 * A believable small network to try the product: the three integration styles of seed 000
 * (WhoCPA form/body, HasOffers JSON/header, Cake S2S GET), offers with goals and GEO, publishers in
 * every state, a private offer with a custom payout, and flows. Running it twice changes nothing.
 */
export async function seedDemo(outer: AppContext, options: SeedDemoOptions = {}): Promise<string> {
  const existing = await outer.db
    .selectFrom('publishers')
    .select('id')
    .where('email', '=', MARKER_EMAIL)
    .executeTakeFirst();
  if (existing) return 'demo network already present; nothing changed';
  // The network is made a month ago and its traffic dated over the month since, on a clock of its own.
  const clock = new ManualClock(new Date(outer.clock.now().getTime() - (DEMO_DAYS + 1) * 86_400_000));
  const ctx: AppContext = { ...outer, clock };

  const whoCpa = await createAdvertiser(ctx, {
    name: 'WhoCPA',
    integration_type: 'api_post',
    post_encoding: 'form',
    endpoint_url: 'https://api2.whocpa.asia/lead/add',
    auth_key: 'demo-whocpa-key',
    auth_location: 'body',
    auth_field_name: 'api_key',
    payload_template: {
      api_key: '{auth_key}',
      phone: '{phone}',
      name: '{name}',
      comment: '{comment}',
      offer_id: '{adv_offer_id}',
      aff_id: '1033667789',
      ip: '{ip}',
      click_id: '{click_id}',
      source: '{sub1}',
      subid1: '{sub1}',
      subid2: '{sub2}',
      subid3: '{sub3}',
    },
  });
  const hasOffers = await createAdvertiser(ctx, {
    name: 'HasOffers Brand',
    integration_type: 'api_post',
    post_encoding: 'json',
    endpoint_url: 'https://api.hasoffers-brand.example/leads',
    auth_key: 'demo-hasoffers-key',
    auth_location: 'header',
    auth_header_name: 'X-API-Key',
  });
  const cake = await createAdvertiser(ctx, {
    name: 'Cake Network',
    integration_type: 's2s_get',
    post_encoding: 'json',
    endpoint_url: 'https://tracker.cake-network.example/lead',
    auth_key: 'demo-cake-key',
    auth_location: 'query',
    extra_params: { ckm_campaign_id: '418' },
  });

  const keto = await createOffer(ctx, {
    name: 'Keto Slim — IN',
    advertiser_id: whoCpa.id,
    adv_offer_id: '6411',
    landing_url: 'https://keto-slim.example/in/?click_id={click_id}&sub1={sub1}',
    adv_payout: '12.00',
    pub_payout: '9.00',
    currency: 'USD',
    geo: 'IN,PK,BD',
    daily_cap: 500,
  });
  const joints = await createOffer(ctx, {
    name: 'Flexa Joint Cream — EU',
    advertiser_id: hasOffers.id,
    adv_offer_id: 'FX-204',
    landing_url: 'https://flexa.example/eu/?cid={click_id}',
    adv_payout: '28.00',
    pub_payout: '21.50',
    currency: 'EUR',
    geo: ['DE', 'AT', 'IT', 'ES'],
    goals: [
      { key: 'lead', name: 'Confirmed order', aliases: ['order'], adv_payout: '28.00', pub_payout: '21.50' },
      { key: 'upsell', name: 'Upsell', adv_payout: '6.00', pub_payout: '4.00' },
    ],
  });
  const casino = await createOffer(ctx, {
    name: 'Royal Spins — BR (private)',
    advertiser_id: cake.id,
    adv_offer_id: '9932',
    landing_url: 'https://royalspins.example/br/',
    append_click_id: true,
    adv_payout: '45.00',
    pub_payout: '35.00',
    currency: 'USD',
    geo: ['BR'],
    visibility: 'private',
    goals: [
      {
        key: 'reg',
        name: 'Registration',
        aliases: ['registration', 'signup'],
        adv_payout: '2.00',
        pub_payout: '1.00',
      },
      {
        key: 'dep',
        name: 'First deposit',
        aliases: ['ftd', 'deposit'],
        adv_payout: '45.00',
        pub_payout: '35.00',
      },
      { key: 'rev', name: 'Revenue share', adv_payout: '0', pub_payout: '0', revshare_percent: '25' },
    ],
  });

  const loan = await createOffer(ctx, {
    name: 'QuickLoan — IN',
    advertiser_id: whoCpa.id,
    adv_offer_id: '7702',
    landing_url: 'https://quickloan.example/in/?click_id={click_id}&sub1={sub1}',
    adv_payout: '450.00',
    pub_payout: '340.00',
    currency: 'INR',
    geo: ['IN'],
  });

  const arjun = await createPublisher(ctx, {
    name: 'Arjun Media',
    email: MARKER_EMAIL,
    password: DEMO_PASSWORD,
    status: 'approved',
    postback_url:
      'https://keitaro.arjun-media.example/postback?subid={click_id}&status={status}&payout={payout}',
  });
  const lucia = await createPublisher(ctx, {
    name: 'Lucía Performance',
    email: 'lucia@demo.leadrail.test',
    password: DEMO_PASSWORD,
    status: 'approved',
  });
  await createPublisher(ctx, {
    name: 'New Traffic Co',
    email: 'new@demo.leadrail.test',
    password: DEMO_PASSWORD,
  });
  const bots = await createPublisher(ctx, {
    name: 'Bot Farm Ltd',
    email: 'bots@demo.leadrail.test',
    password: DEMO_PASSWORD,
    status: 'suspended',
  });

  await assignOffer(ctx, Number(lucia.id), { offer_id: casino.id, payout: '38.00' });
  await createFlow(ctx, {
    publisher_id: arjun.id,
    offer_id: keto.id,
    name: 'FB India — keto',
    code: 'arjun-keto',
  });
  await createFlow(ctx, { publisher_id: arjun.id, offer_id: joints.id, name: 'Native DE — joints' });
  await createFlow(ctx, {
    publisher_id: lucia.id,
    offer_id: casino.id,
    name: 'Push BR — spins',
    code: 'lucia-spins',
  });

  const lines = [
    'demo network created:',
    '  3 advertisers (WhoCPA form/body, HasOffers JSON/header, Cake S2S GET)',
    '  4 offers in USD, EUR and INR (one private, assigned to Lucía with a custom payout), goals on two of them',
    `  4 publishers (log in as ${MARKER_EMAIL} / ${DEMO_PASSWORD}), 3 flows`,
  ];
  const clicks = options.clicks ?? DEFAULT_DEMO_CLICKS;
  if (clicks <= 0) return lines.join('\n');
  const route = (
    offer: { id: string; landing_url: string },
    publisher: { id: string },
    token: string,
    countries: string[],
    kind: DemoRoute['kind'],
    weight: number,
  ): DemoRoute => ({
    offerId: Number(offer.id),
    publisherId: Number(publisher.id),
    countries,
    token,
    kind,
    landing: offer.landing_url,
    weight,
  });
  const traffic: TrafficOptions = {
    clicks,
    days: DEMO_DAYS,
    seed: options.seed ?? 21,
    realClicks: Math.min(clicks, DEFAULT_DEMO_CLICKS * 2),
  };
  const started = Date.now();
  const summary = await seedTraffic(
    ctx,
    clock,
    {
      routes: [
        route(keto, arjun, whoCpa.postback_token, ['IN'], 'cod', 4),
        route(loan, arjun, whoCpa.postback_token, ['IN'], 'cod', 2),
        route(joints, arjun, hasOffers.postback_token, ['DE', 'AT', 'IT', 'ES'], 'cod', 3),
        route(keto, lucia, whoCpa.postback_token, ['IN'], 'cod', 1),
        route(casino, lucia, cake.postback_token, ['BR'], 'casino', 3),
      ],
      suspendedPublisherId: Number(bots.id),
      privateOffer: { offerId: Number(casino.id), publisherId: Number(arjun.id) },
      payees: [
        {
          publisherId: Number(arjun.id),
          method: 'usdt_trc20',
          destination: 'TXYZdemoArjunMediaWallet000000001',
        },
        { publisherId: Number(lucia.id), method: 'paypal', destination: 'payments@lucia.example' },
      ],
    },
    traffic,
  );
  const refused = Object.entries(summary.rejected)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  lines.push(
    `  ${summary.clicks} clicks over ${DEMO_DAYS} days (${summary.realClicks} through the click path; refused: ${refused})`,
    `  ${Object.values(summary.postbacks).reduce((a, b) => a + b, 0)} advertiser postbacks, ${summary.manualChanges} manual status changes`,
    `  Net-7 payout run: ${summary.payouts.requested} requested, ${summary.payouts.paid} paid`,
    `  done in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}
