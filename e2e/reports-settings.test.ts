import { readFileSync } from 'node:fs';
import type { Browser, Dialog } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0) Chrome/156.0 Safari/537.36';
const today = new Date().toISOString().slice(0, 10);

/** Settings (a currency rate, a new admin) and a Reports run in one currency with its CSV. */
describe('reports and settings', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_token: string }>('/api/admin/advertisers', {
      name: 'Affise',
      endpoint_url: 'https://api.affise.test/lead',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Push Kings',
      email: 'push@kings.test',
      status: 'approved',
    });
    const offers = [
      ['Dating Gold', '10.00', '7.50', 'USD'],
      ['Euro Loans', '20.00', '15.00', 'EUR'],
    ];
    let ip = 1;
    for (const [name, adv, pub, currency] of offers) {
      const offer = await post('/api/admin/offers', {
        name,
        advertiser_id: advertiser.id,
        landing_url: `${server.url}/healthz?click_id={click_id}`,
        adv_payout: adv,
        pub_payout: pub,
        currency,
      });
      const click = await fetch(`${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `198.51.100.${ip++}`, 'user-agent': BROWSER_UA },
      });
      const clickId = new URL(String(click.headers.get('location'))).searchParams.get('click_id');
      const approved = await fetch(
        `${server.url}/postback?click_id=${clickId}&status=approved&token=${advertiser.postback_token}`,
      );
      expect(approved.status).toBe(200);
    }
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin/settings');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds a currency rate after checking the form, and creates an admin user', async () => {
    const { page } = operator;
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const rateForm = page.getByRole('form', { name: 'Add a rate' });
    await rateForm.getByLabel('Currency').fill('USD');
    await rateForm.getByLabel('Rate (USD)').fill('0');
    await rateForm.getByRole('button', { name: '+ Add rate' }).click();
    await rateForm.getByText('USD is the base currency: its rate is always 1').waitFor();
    await rateForm.getByText('Must be greater than 0').waitFor();
    await rateForm.getByLabel('Currency').fill('eur');
    await rateForm.getByLabel('From day').fill(today);
    await rateForm.getByLabel('Rate (USD)').fill('1.10');
    await rateForm.getByRole('button', { name: '+ Add rate' }).click();
    // The saved note puts the day first (said by locale), so no language doubles its full stop.
    await page.getByText(/^From .+: 1 EUR = 1\.1 USD\.$/).waitFor();
    await page.getByRole('row', { name: new RegExp(`EUR ${today} 1\\.1`) }).waitFor();

    const userForm = page.getByRole('form', { name: 'Add an admin user' });
    await userForm.getByLabel('Email').fill('finance@leadrail.test');
    await userForm.getByLabel('Name').fill('Finance');
    await userForm.getByLabel('Password').fill('short');
    await userForm.getByRole('button', { name: '+ Add user' }).click();
    await userForm.getByText('At least 8 characters').waitFor();
    await userForm.getByLabel('Password').fill('finance-password');
    await userForm.getByRole('button', { name: '+ Add user' }).click();
    await page.getByText('finance@leadrail.test can now sign in.').waitFor();
    const row = page.getByRole('row', { name: /finance@leadrail\.test/ });
    await row.getByText('Active').waitFor();
    page.once('dialog', (dialog: Dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Disable finance@leadrail.test' }).click();
    await row.getByText('Disabled').waitFor();
    await screenshot(page, 'admin-settings');
  });

  it('runs a report in USD, converting the EUR conversion, and downloads it as CSV', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page
      .getByRole('row', { name: /EUR.*€20\.00/ })
      .first()
      .waitFor();
    const filters = page.getByRole('form', { name: 'Report filters' });
    await filters.getByLabel('Group by').selectOption('offer');
    await filters.getByLabel('Currency').selectOption('USD');
    await filters.getByRole('button', { name: 'Run report' }).click();
    await page.getByRole('row', { name: /Euro Loans USD 1 1 1 0 0 \$22\.00 \$16\.50 \$5\.50/ }).waitFor();
    await page.getByRole('row', { name: /Total USD 2 2 2 0 0 \$32\.00 \$24\.00 \$8\.00/ }).waitFor();
    await screenshot(page, 'admin-reports');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(String(await download.path()), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'key,label,currency,clicks,leads,approved,hold,rejected,revenue,publisher_payouts,profit',
    );
    expect(csv).toContain(',Euro Loans,USD,1,1,1,0,0,22.00,16.50,5.50');
    expect(csv).toContain(',Total,USD,2,2,2,0,0,32.00,24.00,8.00');

    await filters.getByLabel('From').fill('2020-01-01');
    await filters.getByRole('button', { name: 'Run report' }).click();
    await filters.getByText('At most 366 days').waitFor();
    expect(operator.problems).toEqual([]);
  });

  it('fits a phone-sized screen', async () => {
    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    await signInAsAdmin(phone.page, '/admin/reports?group_by=offer&currency=USD');
    // On a phone each cell is also labelled by its column (cards), between the row's values.
    await phone.page
      .getByRole('row', { name: /Total.*USD/ })
      .first()
      .waitFor();
    await screenshot(phone.page, 'phone-reports');
    await phone.page.goto('/admin/settings');
    await phone.page.getByRole('row', { name: /finance@leadrail\.test/ }).waitFor();
    await screenshot(phone.page, 'phone-settings');
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });
});
