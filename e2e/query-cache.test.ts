import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/**
 * Issue 21 (web internals): the app reads server state through one cache (TanStack Query,
 * web/src/lib/query-client.ts). Two components asking for the same thing send one request, and a
 * change the app sends refreshes the lists on screen that show what it changed (and only those),
 * with no reload written by the screen.
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
    const offer = await post('/api/admin/offers', {
      name: 'Cache Offer',
      advertiser_id: advertiser.id,
      landing_url: 'https://lander.test/?c={click_id}',
      adv_payout: '10.00',
      pub_payout: '6.00',
      currency: 'USD',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Cache Pub',
      email: 'cache@pub.test',
      status: 'approved',
    });
    // One approved lead, so Conversions has a row to change.
    const lead = await fetch(`${server.url}/api/lead`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1' },
      body: JSON.stringify({
        offer_id: offer.id,
        pub_id: publisher.id,
        name: 'Buyer',
        phone: '+919876543210',
      }),
    });
    expect(lead.status, await lead.clone().text()).toBe(201);
    const { id } = (await lead.json()) as { id: string };
    await post(`/api/admin/leads/${id}/status`, { status: 'approved', reason: 'seeded' });
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

  it('a changed conversion asks again for what it moves (its statistics), not for the offers and publishers lists', async () => {
    const { page, context } = await newPerson(browser, server.url);
    await signInAsAdmin(page, '/admin/clicks');
    await page.getByRole('link', { name: 'Conversions', exact: true }).first().click();
    const select = page.getByRole('checkbox', { name: /^Select conversion / }).first();
    await select.waitFor();
    await page.waitForLoadState('networkidle');
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'GET' && url.pathname.startsWith('/api/')) asked.push(url.pathname);
    });
    await select.check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByRole('button', { name: 'Change status…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('New status').selectOption('hold');
    await dialog.getByLabel('Reason').fill('checking the call');
    await dialog.getByRole('button', { name: 'Change 1 conversion' }).click();
    await dialog.getByText(/^1 of 1 conversion changed/).waitFor();
    await page.waitForLoadState('networkidle');
    // The list (the screen reloads it) and its statistics (nothing on the screen asks: the cache does).
    expect(asked).toContain('/api/admin/conversions');
    expect(asked).toContain('/api/admin/reports/conversion-stats');
    // The filter forms' offers and publishers did not change.
    expect(asked).not.toContain('/api/admin/offers');
    expect(asked).not.toContain('/api/admin/publishers');
    await context.close();
  });

  it("an automation rule's dry run asks nothing again: it changed nothing", async () => {
    const post = await adminApi(server.url);
    await post('/api/admin/automation/rules', {
      name: 'Cache dry rule',
      metric: 'approval_rate',
      scope: 'offer',
      operator: 'lt',
      threshold: '50',
      window_hours: 24,
      min_volume: 4,
      actions: [{ type: 'alert_admin' }],
    });
    const { page, context } = await newPerson(browser, server.url);
    await signInAsAdmin(page, '/admin/automation');
    const row = page.getByRole('row', { name: /Cache dry rule/ });
    await row.waitFor();
    await page.waitForLoadState('networkidle');
    const asked: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) asked.push(`${request.method()} ${url.pathname}`);
    });
    await row.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('Dry run — nothing was changed').waitFor();
    await page.waitForLoadState('networkidle');
    // Before, the dry run went to …/run, which the cache took for a change: the rules, the runs log
    // and the notifications were asked for again.
    expect(asked).toEqual([expect.stringMatching(/^POST \/api\/admin\/automation\/rules\/\d+\/dry-run$/)]);
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
