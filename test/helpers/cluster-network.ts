import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { createContext, createLogger } from '../../src/context.js';
import { createAdvertiser } from '../../src/modules/advertisers/save-advertiser.js';
import { createOffer } from '../../src/modules/offers/save-offer.js';
import { createPublisher } from '../../src/modules/publishers/save-publisher.js';
import { createAdmin } from '../../src/modules/users/create-admin.js';
import { type Answer, freshRequest } from './app-process.js';
import { TEST_SECRET } from './test-app.js';

export const ADMIN = { email: 'admin@cluster.test', password: 'admin-password' };

/** The first admin, an advertiser, an active public offer and an approved publisher, written straight to the database. */
export async function seedClickNetwork(
  databaseUrl: string,
): Promise<{ offerId: string; publisherId: string }> {
  const ctx = await createContext(
    loadConfig({ DATABASE_URL: databaseUrl, SECRET_KEY: TEST_SECRET, LOG_LEVEL: 'silent' }),
    { logger: createLogger({ logLevel: 'silent' }) },
  );
  try {
    const adv = await createAdvertiser(ctx, {
      name: 'Cluster Adv',
      integration_type: 'api_post',
      post_encoding: 'json',
      endpoint_url: 'http://127.0.0.1:9/leads',
      auth_key: 'k',
      auth_location: 'header',
      auth_header_name: 'X-Key',
    });
    const offer = await createOffer(ctx, {
      name: 'Cluster Offer',
      advertiser_id: adv.id,
      adv_offer_id: '1',
      landing_url: 'https://lander.example/?click_id={click_id}',
      adv_payout: '10.00',
      pub_payout: '7.00',
    });
    const publisher = await createPublisher(ctx, {
      name: 'Cluster Pub',
      email: 'cluster@example.com',
      password: 'publisher-password',
      status: 'approved',
    });
    await createAdmin(ctx, ADMIN);
    return { offerId: String(offer.id), publisherId: String(publisher.id) };
  } finally {
    await ctx.close();
  }
}

/** A visitor address of its own per call (the velocity rule counts clicks per address). */
export function visitor(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export function click(baseUrl: string, offerId: string, publisherId: string): Promise<Answer> {
  return freshRequest(`${baseUrl}/click?offer_id=${offerId}&pub_id=${publisherId}`, {
    headers: { 'x-forwarded-for': visitor(), 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
  });
}

export async function adminToken(baseUrl: string): Promise<string> {
  const r = await freshRequest(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': visitor() },
    body: JSON.stringify(ADMIN),
  });
  if (r.status !== 200) throw new Error(`admin login: ${r.status} ${r.text}`);
  return JSON.parse(r.text).token as string;
}

export async function setOfferStatus(baseUrl: string, token: string, offerId: string, status: string) {
  const r = await freshRequest(`${baseUrl}/api/admin/offers/${offerId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ status }),
  });
  if (r.status !== 200) throw new Error(`pause offer: ${r.status} ${r.text}`);
}

/** A wrong password from `address`: 401 until the login limit is reached, then 429. */
export async function wrongLogin(baseUrl: string, address: string): Promise<number> {
  const r = await freshRequest(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ email: ADMIN.email, password: 'not-the-password' }),
  });
  return r.status;
}
