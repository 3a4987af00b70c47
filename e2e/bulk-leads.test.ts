import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

/** Bulk work on Leads (issue 21): select a page, then all matching; confirm the count; read the summary. */
describe('bulk actions on the Leads screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let token: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post('/api/admin/advertisers', {
      name: 'Bulk Buyer',
      endpoint_url: 'https://buyer.test/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Bulk Offer',
      advertiser_id: advertiser.id,
      landing_url: 'https://lander.test/?c={click_id}',
      adv_payout: '10.00',
      pub_payout: '6.00',
      currency: 'USD',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Bulk Pub',
      email: 'bulk@pub.test',
      status: 'approved',
    });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    token = ((await login.json()) as { token: string }).token;
    // 60 leads: more than one page of 50, so "select all matching" has something to add.
    for (let i = 0; i < 60; i++) {
      const lead = await fetch(`${server.url}/api/lead`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1' },
        body: JSON.stringify({
          offer_id: offer.id,
          pub_id: publisher.id,
          name: `Buyer ${i}`,
          phone: `+9198765${String(43210 + i).padStart(5, '0')}`,
        }),
      });
      expect(lead.status, await lead.clone().text()).toBe(201);
    }
    operator = await newPerson(browser, server.url, { width: 1440, height: 900 });
    await signInAsAdmin(operator.page, '/admin/leads');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('approves a picked page, then all matching, stating the count and the summary', async () => {
    const { page } = operator;
    await page.goto('/admin/leads');
    await page
      .getByRole('checkbox', { name: /^Select lead / })
      .first()
      .waitFor();
    // Two rows by hand.
    const boxes = page.getByRole('checkbox', { name: /^Select lead / });
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await expect(bar.getByText('2 leads selected')).toBeTruthy();
    await bar.getByText('2 leads selected').waitFor();
    await bar.getByRole('button', { name: 'Change status…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the status of leads' });
    await dialog.getByText('This changes 2 leads, in one transaction.').waitFor();
    await dialog.getByLabel('New status').selectOption('approved');
    // The reason is required.
    await dialog.getByRole('button', { name: 'Change 2 leads' }).click();
    await dialog.getByText('Say why: the reason is kept in each history').waitFor();
    await dialog.getByLabel('Reason').fill('call centre confirmed');
    await screenshot(page, 'bulk-leads-confirm-1440');
    await dialog.getByRole('button', { name: 'Change 2 leads' }).click();
    await dialog.getByText('2 of 2 leads changed.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The page, then every lead the filter matches (60 > one page of 50).
    await bar.getByLabel('Select page').check();
    await bar.getByRole('button', { name: 'Select all 60 matching' }).click();
    await bar.getByText('60 leads selected (all matching the filters)').waitFor();
    await screenshot(page, 'bulk-leads-selected-1440');
    await bar.getByRole('button', { name: 'Change status…' }).click();
    await dialog.getByText('This changes 60 leads, in one transaction.').waitFor();
    await dialog.getByLabel('New status').selectOption('approved');
    await dialog.getByLabel('Reason').fill('advertiser approved the batch');
    await dialog.getByRole('button', { name: 'Change 60 leads' }).click();
    await dialog.getByText('58 of 60 leads changed, 2 skipped.').waitFor();
    await dialog.getByText('already approved').first().waitFor();
    await screenshot(page, 'bulk-leads-summary-1440');
    await dialog.getByRole('button', { name: 'Done' }).click();

    const leads = await fetch(`${server.url}/api/admin/leads?status=approved`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await leads.json()) as { total: number }).total).toBe(60);
    expect(operator.problems).toEqual([]);
  });

  it('fits a phone: the bar and the checkboxes at 390 px', async () => {
    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    await signInAsAdmin(phone.page, '/admin/leads');
    await phone.page.goto('/admin/leads');
    await phone.page
      .getByRole('checkbox', { name: /^Select lead / })
      .first()
      .check();
    await phone.page.getByText('1 lead selected').waitFor();
    await screenshot(phone.page, 'bulk-leads-390');
    await phone.context.close();
  });
});
