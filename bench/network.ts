import { loadConfig } from '../src/config.js';
import { type AppContext, createContext, createLogger } from '../src/context.js';
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
