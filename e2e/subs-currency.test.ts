import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0) Chrome/156.0 Safari/537.36';
const today = new Date().toISOString().slice(0, 10);

/** Issue 22 items 2 and 5 on screen: sub7 in Clicks and Reports, a USD pay kept beside its EUR booking. */
describe('sub1…sub10 and payouts sent in another currency', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_token: string }>('/api/admin/advertisers', {
      name: 'Euro CPA',
      endpoint_url: 'https://api.eurocpa.test/lead',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Zone Media',
      email: 'zone@media.test',
      status: 'approved',
    });
    await post('/api/admin/currency-rates', { currency: 'EUR', rate_date: today, rate: '1.25' });
    const offer = await post('/api/admin/offers', {
      name: 'Euro Loans',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '20.00',
      pub_payout: '15.00',
      currency: 'EUR',
    });
    const click = await fetch(
      `${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=fb&sub7=zone-7`,
      { redirect: 'manual', headers: { 'x-forwarded-for': '198.51.100.7', 'user-agent': BROWSER_UA } },
    );
    const clickId = new URL(String(click.headers.get('location'))).searchParams.get('click_id');
    const approved = await fetch(
      `${server.url}/api/track/postback.json?id=${advertiser.postback_token}&click=${clickId}&status=approved&auto=1&pay=12.50&cc=USD`,
    );
    expect(approved.status).toBe(200);
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin/clicks');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows sub7 in Clicks, groups and filters Reports by it, and the USD pay under its EUR booking', async () => {
    const { page } = operator;
    const subs = page.getByRole('cell', { name: 'fb · zone-7', exact: true });
    await subs.waitFor();
    expect(await subs.locator('span').getAttribute('title')).toBe('sub1=fb, sub7=zone-7');

    await page.goto('/admin/conversions');
    const row = page.getByRole('row', { name: /Euro Loans/ });
    await row.getByText('sent $12.50').waitFor();
    await row.getByText('€10.00').waitFor();
    await screenshot(page, 'admin-conversions-sent');

    await page.goto('/admin/reports');
    const filters = page.getByRole('form', { name: 'Report filters' });
    await filters.getByLabel('Group by').selectOption('sub7');
    await filters.getByLabel('Sub ID', { exact: true }).selectOption('sub1');
    await filters.getByLabel('Sub ID value').fill('fb');
    await filters.getByRole('button', { name: 'Run report' }).click();
    await page.getByRole('row', { name: /^zone-7 EUR 1 1 1 0 0 €10\.00/ }).waitFor();
    await filters.getByLabel('Sub ID value').fill('not-fb');
    await filters.getByRole('button', { name: 'Run report' }).click();
    await page.getByText('Nothing in this range.').waitFor();
    await screenshot(page, 'admin-reports-sub7');
    expect(operator.problems).toEqual([]);
  });
});
