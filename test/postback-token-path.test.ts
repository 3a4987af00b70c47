import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversionsOfLead, makeClick, makeNetwork, type Network } from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let net: Network;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  net = await makeNetwork(t);
});
afterAll(() => t.close());

/**
 * Seed 000 calls the postback token "Recommended"; Leadrail requires it. An advertiser whose system
 * cannot add a parameter puts the token in the path: `/postback/<token>?click_id=…`.
 */
describe('GET /postback/:token', () => {
  it('takes the token from the path, approves like /postback, and logs the token masked', async () => {
    const click = await makeClick(t, net);
    const token = net.advertiser.postback_token;
    const r = await t.call('GET', `/postback/${token}?click_id=${click}&status=approved&payout=12.00`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.result).toBe('ok');
    const [conversion] = await conversionsOfLead(t, r.body.lead_id);
    expect(conversion).toMatchObject({ status: 'approved', adv_payout: 1200 });
    const log = await t.ctx.db
      .selectFrom('postback_log')
      .select(['params', 'answer_code'])
      .where('click_id', '=', click)
      .executeTakeFirstOrThrow();
    expect(log.answer_code).toBe('ok');
    expect(log.params).not.toContain(token);
  });

  it('refuses a wrong or missing token in the path, and the path wins over a query token', async () => {
    const click = await makeClick(t, net);
    const wrong = await t.call('GET', `/postback/not-the-token?click_id=${click}&status=approved`);
    expect(wrong.status).toBe(403);
    const overridden = await t.call(
      'GET',
      `/postback/not-the-token?click_id=${click}&status=approved&token=${net.advertiser.postback_token}`,
    );
    expect(overridden.status).toBe(403);
    const none = await t.call('GET', `/postback?click_id=${click}&status=approved`);
    expect(none.status).toBe(403);
    const leads = await t.ctx.db.selectFrom('leads').select('id').where('click_id', '=', click).execute();
    expect(leads).toEqual([]);
  });
});
