import { loadConfig } from '../src/config.js';
import { type AppContext, createContext, createLogger } from '../src/context.js';
import { newId } from '../src/lib/ids.js';
import { createAdvertiser } from '../src/modules/advertisers/save-advertiser.js';
import type { AdvertiserCreate } from '../src/modules/advertisers/schemas.js';
import { createOffer } from '../src/modules/offers/save-offer.js';
import { createPublisher } from '../src/modules/publishers/save-publisher.js';
import { freePort, startProcess } from './lib.js';

/** A context on the bench database, for seeding before the server starts and counting after. */
export function benchContext(env: Record<string, string>): Promise<AppContext> {
  return createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: createLogger({ logLevel: 'silent' }),
  });
}

/** The services the seeders call: this checkout's, or another build's (bench/click-cost.ts). */
export interface NetworkServices {
  createAdvertiser: typeof createAdvertiser;
  createOffer: typeof createOffer;
  createPublisher: typeof createPublisher;
}
const NETWORK_SERVICES: NetworkServices = { createAdvertiser, createOffer, createPublisher };

/** One advertiser, one offer ($10.00 / $7.00, worldwide) and one approved publisher. */
export async function seedBenchNetwork(
  ctx: AppContext,
  advertiser: Partial<AdvertiserCreate> = {},
  services: NetworkServices = NETWORK_SERVICES,
) {
  const { createAdvertiser, createOffer, createPublisher } = services;
  const adv = await createAdvertiser(ctx, {
    name: 'Bench Adv',
    endpoint_url: 'https://adv.example/leads',
    ...advertiser,
  });
  const offer = await createOffer(ctx, {
    name: 'Bench offer',
    advertiser_id: adv.id,
    adv_offer_id: '6411',
    landing_url: 'https://lander.example/keto?click_id={click_id}&s={sub1}',
    adv_payout: '10.00',
    pub_payout: '7.00',
  });
  const publisher = await createPublisher(ctx, {
    name: 'Bench pub',
    email: 'bench@example.com',
    status: 'approved',
  });
  return { advertiser: adv, offer, publisher };
}

/** `count` accepted clicks of the offer and publisher, each from its own address (postback benches). */
export async function seedClicks(
  ctx: AppContext,
  offerId: number,
  publisherId: number,
  count: number,
): Promise<string[]> {
  const now = new Date().toISOString();
  const ids = Array.from({ length: count }, () => newId());
  for (let i = 0; i < ids.length; i += 500) {
    await ctx.db
      .insertInto('clicks')
      .values(
        ids.slice(i, i + 500).map((id, n) => ({
          id,
          created_at: now,
          source: 'link',
          offer_id: offerId,
          publisher_id: publisherId,
          flow_id: null,
          status: 'accepted' as const,
          reject_reason: null,
          is_unique: 1,
          ip: `49.36.${Math.floor((i + n) / 250) % 250}.${(i + n) % 250}`,
          country: 'IN',
          user_agent: 'Mozilla/5.0 Chrome/126.0',
          referer: null,
          sub1: 'bench',
          params: '{}',
          destination: 'https://lander.example/keto',
        })),
      )
      .execute();
  }
  return ids;
}

/** The fake advertiser of bench/fake-advertiser.mjs, in its own process, and the network pushing to it. */
export async function seedPushNetwork(ctx: AppContext) {
  const port = await freePort();
  const advertiserServer = await startProcess(
    'node',
    ['bench/fake-advertiser.mjs'],
    { PORT: String(port) },
    /listening/,
  );
  const network = await seedBenchNetwork(ctx, {
    name: 'Bench CRM',
    endpoint_url: `http://127.0.0.1:${port}/lead/add`,
    post_encoding: 'form',
    auth_location: 'body',
    auth_key: 'bench-key',
    payload_template: {
      phone: '{phone}',
      name: '{name}',
      offer_id: '{adv_offer_id}',
      click_id: '{click_id}',
    },
  });
  return { ...network, advertiserServer };
}

/** What the benches use of a build's Fastify app. */
export interface LeadInjectable {
  inject(options: {
    method: string;
    url: string;
    payload: string;
    headers: Record<string, string>;
  }): Promise<{ statusCode: number; body: string }>;
  ready(): Promise<unknown>;
  close(): Promise<unknown>;
}

/**
 * POST /api/lead number `n` through `app.inject` (lead-cost, push-cost): a new valid Indian mobile
 * and visitor address per n, so none is a duplicate or rate-limited. Throws unless it answers 201.
 */
export async function injectLead(
  app: LeadInjectable,
  target: { offerId: string; publisherId: string },
  n: number,
): Promise<void> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/lead',
    payload: JSON.stringify({
      offer_id: target.offerId,
      pub_id: target.publisherId,
      name: 'Bench Lead',
      phone: `+919${String(n).padStart(9, '0')}`,
    }),
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36',
      'x-forwarded-for': `49.${36 + (Math.floor(n / 65_536) % 8)}.${Math.floor(n / 256) % 256}.${n % 256}`,
    },
  });
  if (r.statusCode !== 201) throw new Error(`lead answered ${r.statusCode}: ${r.body}`);
}
