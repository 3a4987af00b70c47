import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/schema.js';
import {
  conversionsOfLead,
  leadsOfClick,
  makeClick,
  makeNetwork,
  type Network,
  postback,
  trackPostback,
} from './helpers/conversions.js';
import { createTestApp, PUBLIC_URL, type TestApp } from './helpers/test-app.js';

/**
 * The postback inspector (issue 16): a pasted postback URL is read as the endpoint would read it,
 * with this advertiser's profile, and nothing is written; it proposes a profile from the names it
 * detects, which saved makes the real postback land as the network meant it.
 */

let t: TestApp;
let net: Network;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  net = await makeNetwork(t);
  token = net.advertiser.postback_token;
});
afterAll(() => t.close());

const TABLES: (keyof Database)[] = [
  'leads',
  'conversions',
  'ledger_entries',
  'lead_status_history',
  'postback_log',
  'jobs',
  'outbound_requests',
  'advertisers',
  'clicks',
];

async function rowCounts(): Promise<Record<string, number>> {
  // Clicks are written in batches: write them now, so only the preview could change a count.
  await t.ctx.clickWriter.flush();
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await t.ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

function preview(url: string, extra: Record<string, unknown> = {}, advertiserId = net.advertiser.id) {
  return t.call('POST', `/api/admin/advertisers/${advertiserId}/postback-preview`, {
    token: net.token,
    body: { url, ...extra },
  });
}

describe('POST /api/admin/advertisers/:id/postback-preview', () => {
  it('tells which click, status, payout, currency, txid and goal a postback means, and changes nothing', async () => {
    const clickId = await makeClick(t, net);
    // A lead that exists: its status and conversion must stay as they are.
    expect((await postback(t, { click_id: clickId, status: 'hold', token })).status).toBe(200);
    const before = await rowCounts();
    const url = `${PUBLIC_URL}/postback?aff_sub=${clickId}&conv_status=approved&commission=12.34&cur=EUR&transaction_id=TX-1&event=deposit&cost=3&token=${token}`;
    const r = await preview(url);
    expect(r.status, r.text).toBe(200);
    expect(await rowCounts()).toEqual(before);
    const [lead] = await leadsOfClick(t, clickId);
    expect(lead?.status).toBe('hold');
    expect(r.body).toMatchObject({
      endpoint: 'postback',
      outcome: 'refused',
      refused: { status: 404, code: 'bad-click' },
      detected: {
        click: { param: 'aff_sub', value: clickId },
        status: { param: 'conv_status', value: 'approved' },
        payout: { param: 'commission', value: '12.34' },
        currency: { param: 'cur', value: 'EUR' },
        txid: { param: 'transaction_id', value: 'TX-1' },
        goal: { param: 'event', value: 'deposit' },
      },
      proposed_profile: {
        click_params: ['aff_sub'],
        status_param: 'conv_status',
        payout_param: 'commission',
        currency_param: 'cur',
        txid_param: 'transaction_id',
        goal_param: 'event',
      },
    });
    // Without the profile, the unknown payout names are warnings.
    expect(r.body.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('commission=12.34'),
        expect.stringContaining('cost=3'),
      ]),
    );

    // The same URL previewed with the proposed profile: the click, the lead and the money are found.
    const withProfile = await preview(url, { profile: r.body.proposed_profile });
    expect(withProfile.status, withProfile.text).toBe(200);
    expect(withProfile.body).toMatchObject({
      outcome: 'changes',
      refused: null,
      click: { param: 'aff_sub', id: clickId },
      offer_id: net.offer.id,
      lead: { id: lead?.id, status: 'hold' },
      lead_created: false,
      status: { word: 'approved', param: 'conv_status', lands_as: 'approved' },
      payout: '12.34',
      currency: 'EUR',
      txid: 'TX-1',
      goal: 'deposit',
    });
    expect(withProfile.body.warnings).toEqual(['cost=3 looks like a payout but was not used']);
    expect(await rowCounts()).toEqual(before);
  });

  it('the proposed profile, saved, makes the real postback land as the sample means', async () => {
    const clickId = await makeClick(t, net);
    const url = `/postback?sub5=${clickId}&lead_state=confirmed&sale_amount=7.25&token=${token}`;
    const r = await preview(url);
    expect(r.body.proposed_profile).toMatchObject({
      click_params: ['sub5'],
      status_param: 'lead_state',
      payout_param: 'sale_amount',
    });
    const saved = await t.call('PATCH', `/api/admin/advertisers/${net.advertiser.id}`, {
      token: net.token,
      body: { inbound_profile: r.body.proposed_profile },
    });
    expect(saved.status, saved.text).toBe(200);
    const again = await preview(url);
    expect(again.body).toMatchObject({ outcome: 'changes', lead_created: true, warnings: [] });
    const real = await t.call('GET', url);
    expect(real.status, real.text).toBe(200);
    const [lead] = await leadsOfClick(t, clickId);
    expect(lead?.status).toBe('approved');
    const [conversion] = await conversionsOfLead(t, lead?.id ?? '');
    expect(conversion?.adv_payout).toBe(725);
    await t.call('PATCH', `/api/admin/advertisers/${net.advertiser.id}`, {
      token: net.token,
      body: { inbound_profile: {} },
    });
  });

  it('says what the real postback would be refused with: unknown word, wrong token, ignore list', async () => {
    const clickId = await makeClick(t, net);
    const before = await rowCounts();
    const unknown = await preview(`/postback?click_id=${clickId}&status=mystery&token=${token}`);
    expect(unknown.body).toMatchObject({ outcome: 'refused', refused: { status: 422, code: 'bad-status' } });
    const wrong = await preview(`/postback?click_id=${clickId}&status=approved&token=nope`);
    expect(wrong.body.warnings).toContain(
      "the token is not this advertiser's postback token: the real postback would be refused (403)",
    );
    expect(wrong.body.warning_codes).toContainEqual({ code: 'wrong_token', params: {} });
    const ignored = await preview(
      `/api/track/postback.json?id=${token}&click=${clickId}&status=trash&ignore_status=trash`,
    );
    expect(ignored.body).toMatchObject({ endpoint: 'postback.json', outcome: 'ignored' });
    const pathToken = await preview(`/postback/${token}?click_id=${clickId}&status=approved`);
    expect(pathToken.body).toMatchObject({ outcome: 'changes', lead_created: true, warnings: [] });
    expect(await rowCounts()).toEqual(before);
    expect(await leadsOfClick(t, clickId)).toEqual([]);
  });

  it('finds a lead by the network id it detects, and refuses a click of another advertiser', async () => {
    const clickId = await makeClick(t, net);
    expect((await trackPostback(t, { id: token, click: clickId, exto: 'TM-5', status: 'new' })).status).toBe(
      200,
    );
    const r = await preview(`/postback?lead=TM-5&status=approved&token=${token}`);
    expect(r.body).toMatchObject({
      outcome: 'changes',
      detected: { lead_id: { param: 'lead', value: 'TM-5' } },
    });
    const other = await makeNetwork(t);
    const foreign = await makeClick(t, other);
    const refused = await preview(`/postback?click_id=${foreign}&status=approved&token=${token}`);
    expect(refused.body).toMatchObject({ outcome: 'refused', refused: { status: 403, code: 'access' } });
  });

  it('answers 404 for an unknown advertiser, 422 for text that is no URL, and needs an admin', async () => {
    expect((await preview('/postback?click_id=x', {}, '999999')).status).toBe(404);
    expect((await preview('http://[bad')).status).toBe(422);
    const anonymous = await t.call('POST', `/api/admin/advertisers/${net.advertiser.id}/postback-preview`, {
      body: { url: '/postback' },
    });
    expect(anonymous.status).toBe(401);
  });
});
