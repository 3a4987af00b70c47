import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const PUBLISHER = { email: 'clawback@media.test', password: 'clawback-password-1' };
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36';

function card(page: Page, label: string) {
  return page.locator('.card', { has: page.locator('.card-label', { hasText: new RegExp(`^${label}$`) }) });
}

/**
 * Issue 17 §1 in the browser: a publisher paid €120 by Wise for two conversions; the advertiser then
 * rejects one (applied: a €60 clawback) and the other, whose advertiser has a "once paid" finality
 * window (held for the operator). The publisher sees the negative balance; the operator sees the
 * clawback in Finance and accepts the held change.
 */
describe('reversals after payout', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let publisher: Person;
  let heldLead = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const put = async (path: string, body: unknown) => {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'operator@leadrail.test', password: 'operator-password' }),
      });
      const { token } = (await login.json()) as { token: string };
      const r = await fetch(`${server.url}${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(r.status, await r.clone().text()).toBe(200);
    };
    const pub = await post('/api/admin/publishers', {
      name: 'Clawbr Media',
      status: 'approved',
      ...PUBLISHER,
    });
    let ip = 20;
    async function approvedClick(advertiser: { postback_url: string }, offerId: string): Promise<string> {
      ip += 1;
      const click = await fetch(`${server.url}/click?offer_id=${offerId}&pub_id=${pub.id}&sub1=push`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `198.51.100.${ip}`, 'user-agent': BROWSER_UA },
      });
      const clickId = new URL(click.headers.get('location') ?? '').searchParams.get('click_id') ?? '';
      expect(clickId).not.toBe('');
      await postback(advertiser, clickId, 'approved');
      return clickId;
    }
    async function postback(advertiser: { postback_url: string }, clickId: string, status: string) {
      const url = advertiser.postback_url
        .replace('{click_id}', clickId)
        .replace('{status}', status)
        .replace('{payout}', '')
        .replace('{comment}', '');
      const r = await fetch(url);
      expect(r.status, await r.clone().text()).toBe(200);
      return (await r.json()) as { result: string; lead_id: string };
    }
    const network = async (name: string) => {
      const advertiser = await post<{ id: string; postback_url: string }>('/api/admin/advertisers', {
        name,
        endpoint_url: 'https://advertiser.example/lead',
      });
      const offer = await post('/api/admin/offers', {
        name: `${name} FTD`,
        advertiser_id: advertiser.id,
        landing_url: `${server.url}/healthz?click_id={click_id}`,
        adv_payout: '80.00',
        pub_payout: '60.00',
        currency: 'EUR',
        geo: '',
      });
      return { advertiser, offer };
    };
    const bet = await network('Bet Partners');
    const casino = await network('Casino Direct');
    // Casino Direct's changes to money already paid wait for the operator.
    await put(`/api/admin/finality-windows/advertiser/${casino.advertiser.id}`, { when_paid: true });
    const first = await approvedClick(bet.advertiser, bet.offer.id);
    const second = await approvedClick(casino.advertiser, casino.offer.id);

    // The publisher asks for €120 by Wise; the operator pays it with the transfer's reference.
    const login = await fetch(`${server.url}/api/publisher/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(PUBLISHER),
    });
    const { token } = (await login.json()) as { token: string };
    const asked = await fetch(`${server.url}/api/publisher/payouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: '120.00', currency: 'EUR', method: 'wise', account: 'pay@clawbr.test' }),
    });
    expect(asked.status, await asked.clone().text()).toBe(201);
    const payout = (await asked.json()) as { id: string };
    await post(`/api/admin/payouts/${payout.id}/pay`, { reference: 'WISE-TX-4471' });

    // Then the advertisers' ordinary status=rejected postbacks.
    expect((await postback(bet.advertiser, first, 'rejected')).result).toBe('ok');
    const held = await postback(casino.advertiser, second, 'rejected');
    expect(held.result).toBe('queued');
    heldLead = held.lead_id;

    operator = await newPerson(browser, server.url);
    publisher = await newPerson(browser, server.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the publisher sees the negative balance, to be netted from the next payout, with the conversion', async () => {
    const { page } = publisher;
    await page.goto('/webmaster/payouts');
    await page.getByLabel('Email').fill(PUBLISHER.email);
    await page.getByLabel('Password').fill(PUBLISHER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Balance & payouts' }).waitFor();
    await card(page, 'Approved').getByText('-€60.00').waitFor();
    await card(page, 'Approved').getByText('below zero: reversed after payout').waitFor();
    await card(page, 'Payable now').getByText('€0.00').waitFor();
    await card(page, 'Paid').getByText('€120.00').waitFor();
    const notice = page.getByRole('status').filter({ hasText: 'to be netted from your next payout' });
    await expect
      .poll(() => notice.textContent())
      .toContain('\u2212€60.00 to be netted from your next payout');
    const table = page.getByRole('table', { name: 'Conversions reversed after payout (EUR)' });
    const row = table.getByRole('row', { name: /Bet Partners FTD/ });
    await row.getByText('Cancelled').waitFor();
    await expect.poll(() => row.textContent()).toContain('€60.00');
    await screenshot(page, 'clawback-portal');
    expect(publisher.problems).toEqual([]);
  });

  it('the operator sees the clawback in Finance, and accepts the held reversal', async () => {
    const { page } = operator;
    await signInAsAdmin(page, '/admin/finance');
    await page.getByRole('heading', { name: 'Finance', exact: true }).waitFor();
    await card(page, 'Clawbacks outstanding').getByText('€60.00').waitFor();
    await card(page, 'Owed to publishers').getByText('€0.00').waitFor();
    const advertisers = page.getByRole('table', { name: 'Collect from advertisers' });
    const bet = advertisers.getByRole('row', { name: /Bet Partners/ });
    // Conversions 0, Reversed 1, to collect €0.00.
    await expect
      .poll(async () => (await bet.getByRole('cell').allTextContents()).slice(2, 5))
      .toEqual(['0', '1', '€0.00']);
    const pay = page
      .getByRole('table', { name: 'Pay to publishers' })
      .getByRole('row', { name: /Clawbr Media/ });
    await expect.poll(() => pay.textContent()).toContain('€60.00');
    const outstanding = page.getByRole('table', { name: 'Clawbacks outstanding' });
    const theirs = outstanding.getByRole('row', { name: /Clawbr Media/ });
    await theirs.getByText('Bet Partners FTD').waitFor();
    await expect.poll(() => theirs.textContent()).toContain('Approved → Cancelled');

    const held = page.getByRole('table', { name: 'Held status changes' });
    const change = held.getByRole('row', { name: new RegExp(heldLead) });
    await change.getByText('publisher already paid').waitFor();
    await screenshot(page, 'clawback-finance');
    page.once('dialog', (dialog) => dialog.accept());
    await change.getByRole('button', { name: `Accept ${heldLead}` }).click();
    await page.getByText('Applied: Approved → Cancelled.').waitFor();
    await page.getByText('Nothing held.').waitFor();
    await card(page, 'Clawbacks outstanding').getByText('€120.00').waitFor();
    await expect.poll(() => theirs.textContent()).toContain('Casino Direct FTD');
    expect(operator.problems).toEqual([]);
  });
});
