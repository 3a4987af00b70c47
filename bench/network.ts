import { loadConfig } from '../src/config.js';
import { type AppContext, createContext, createLogger } from '../src/context.js';
import { newId } from '../src/lib/ids.js';
import { createAdvertiser } from '../src/modules/advertisers/save-advertiser.js';
import type { AdvertiserCreate } from '../src/modules/advertisers/schemas.js';
import { createOffer } from '../src/modules/offers/save-offer.js';
import { createPublisher } from '../src/modules/publishers/save-publisher.js';

/** A context on the bench database, for seeding before the server starts and counting after. */
export function benchContext(env: Record<string, string>): Promise<AppContext> {
  return createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: createLogger({ logLevel: 'silent' }),
  });
}

/** One advertiser, one offer ($10.00 / $7.00, worldwide) and one approved publisher. */
export async function seedBenchNetwork(ctx: AppContext, advertiser: Partial<AdvertiserCreate> = {}) {
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
