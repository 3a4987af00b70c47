import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/**
 * Issue 21 (web internals): the app reads server state through one cache (TanStack Query,
 * web/src/lib/query-client.ts). Two components asking for the same thing send one request, and a
 * change the app sends refreshes the lists on screen with no reload written by the screen.
 */
describe('the web app query cache', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post('/api/admin/advertisers', {
      name: 'Cache Buyer',
      endpoint_url: 'https://b.test/l',
    });
    await post('/api/admin/offers', {
      name: 'Cache Offer',
      advertiser_id: advertiser.id,
      landing_url: 'https://lander.test/?c={click_id}',
      adv_payout: '10.00',
      pub_payout: '6.00',
      currency: 'USD',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends one request for the offers both the conversions list and its statistics ask for', async () => {
    const { page, context } = await newPerson(browser, server.url);
    await signInAsAdmin(page, '/admin/clicks');
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'GET' && url.pathname === '/api/admin/offers') asked.push(url.search);
    });
    await page.getByRole('link', { name: 'Conversions', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Conversions', level: 1 }).waitFor();
    // Both filter forms list the offer, from one answer.
    await expect
      .poll(() => page.getByRole('option', { name: 'Cache Offer' }).count())
      .toBeGreaterThanOrEqual(2);
    await page.waitForLoadState('networkidle');
    expect(asked).toEqual(['?per_page=500']);
    await context.close();
  });

  it('a saved report appears in the saved list at once, the screen reloading nothing itself', async () => {
    const { page, context } = await newPerson(browser, server.url);
    await signInAsAdmin(page, '/admin/reports/grouped?group_by=offer');
    await page.goto('/admin/reports/grouped?group_by=offer');
    const saved = page.getByRole('combobox', { name: 'Saved report', exact: true });
    await expect.poll(() => saved.locator('option').count(), { timeout: 10_000 }).toBe(1);
    await page.getByLabel('Name for these settings').fill('By offer');
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.getByRole('status').getByText('Saved “By offer”').waitFor();
    await expect.poll(() => saved.locator('option').count(), { timeout: 5_000 }).toBe(2);
    await context.close();
  });
});
