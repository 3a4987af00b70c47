import { createSession } from '../../src/modules/auth/sessions.js';
import type { TestApp } from './test-app.js';

/** Build network pieces through the real admin API, failing loudly if a step does not succeed. */

async function created(t: TestApp, token: string, url: string, body: Record<string, unknown>) {
  const response = await t.call('POST', url, { token, body });
  if (response.status !== 201) throw new Error(`POST ${url} → ${response.status}: ${response.text}`);
  return response.body;
}

export function makeAdvertiser(t: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  return created(t, token, '/api/admin/advertisers', {
    name: 'WhoCPA',
    endpoint_url: 'https://api2.whocpa.asia/lead/add',
    integration_type: 'api_post',
    post_encoding: 'form',
    auth_key: 'secret-key',
    auth_location: 'body',
    ...overrides,
  });
}

export async function makeOffer(t: TestApp, token: string, overrides: Record<string, unknown> = {}) {
  const advertiserId = overrides.advertiser_id ?? (await makeAdvertiser(t, token)).id;
  return created(t, token, '/api/admin/offers', {
    name: 'Keto Slim',
    advertiser_id: advertiserId,
    adv_offer_id: '6411',
    landing_url: 'https://lander.example/keto?click_id={click_id}',
    adv_payout: '10.00',
    pub_payout: '7.50',
    geo: 'IN,PK',
    ...overrides,
  });
}

export async function makePublisher(
  t: TestApp,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; email: string; password: string; token: string }> {
  const email = (overrides.email as string) ?? `pub-${Math.random().toString(36).slice(2, 10)}@example.com`;
  const password = 'publisher-password';
  const publisher = await created(t, token, '/api/admin/publishers', {
    name: 'Arjun Media',
    email,
    password,
    status: 'approved',
    ...overrides,
  });
  // A session straight from the use case: the login route is rate-limited per address.
  const session = await createSession(t.ctx, 'publisher', Number(publisher.id));
  return { id: publisher.id, email, password, token: session.token };
}

/**
 * A small EUR network for money tests: an advertiser, an offer paying its publisher €60 a conversion
 * (the advertiser pays €80), and a publisher of its own, each named after `name`.
 */
export async function makeEurNetwork(
  t: TestApp,
  token: string,
  names: { advertiser: string; offer: string; publisher: string },
) {
  const advertiser = await makeAdvertiser(t, token, { name: names.advertiser });
  const offer = await makeOffer(t, token, {
    advertiser_id: advertiser.id,
    name: names.offer,
    geo: '',
    currency: 'EUR',
    adv_payout: '80.00',
    pub_payout: '60.00',
  });
  const publisher = await makePublisher(t, token, { name: names.publisher });
  return { advertiser, offer, publisher };
}
