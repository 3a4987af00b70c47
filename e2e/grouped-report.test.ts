import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/** Reports → Grouped report (issue 21): group by two, then drill down by clicking a row. */
describe('the grouped report screen', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post('/api/admin/advertisers', {
      name: 'Report Buyer',
      endpoint_url: 'https://buyer.test/l',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Report Offer',
      advertiser_id: advertiser.id,
      landing_url: 'https://lander.test/?c={click_id}',
      adv_payout: '10.00',
      pub_payout: '6.00',
      currency: 'USD',
    });
    let ip = 10;
    for (const [name, subs] of [
      ['Alpha Media', ['fb', 'fb', 'tt']],
      ['Beta Ads', ['fb']],
    ] as const) {
      const publisher = await post('/api/admin/publishers', {
        name,
        email: `${name.split(' ')[0]}@r.test`,
        status: 'approved',
      });
      for (const sub2 of subs) {
        const click = await fetch(
          `${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub2=${sub2}`,
          {
            redirect: 'manual',
            headers: {
              'x-forwarded-for': `198.51.100.${ip++}`,
              'user-agent': 'Mozilla/5.0 (X11) Chrome/156.0',
            },
          },
        );
        expect(click.status).toBe(302);
      }
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('groups by publisher and sub2, then drills into a publisher', async () => {
    const operator = await newPerson(browser, server.url, { width: 1440, height: 900 });
    const { page } = operator;
    await signInAsAdmin(page, '/admin/reports');
    await page.getByRole('link', { name: 'Grouped report (drill-down)' }).click();
    await page.getByLabel('Grouping 1').selectOption('publisher');
    await page.getByLabel('Grouping 2').selectOption('sub2');
    await page.getByRole('button', { name: 'Show' }).click();
    const table = page.getByRole('region', { name: 'Grouped report' });
    await table.getByRole('columnheader', { name: 'Sub2' }).waitFor();
    // Alpha: fb ×2 and tt; Beta: fb.
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    await table.getByRole('button', { name: 'Alpha Media' }).first().waitFor();
    await screenshot(page, 'grouped-report-1440');
    await table.getByRole('button', { name: 'Alpha Media' }).first().click();
    await page
      .getByRole('navigation', { name: 'Drill-down filters' })
      .getByText('Publisher: Alpha Media')
      .waitFor();
    await table.getByRole('columnheader', { name: 'Sub2' }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    const fb = table.locator('tbody tr', { hasText: 'fb' });
    await expect.poll(() => fb.locator('td').nth(2).textContent()).toBe('2');
    await screenshot(page, 'grouped-report-drilled-1440');
    expect(operator.problems).toEqual([]);
    await operator.context.close();

    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    await signInAsAdmin(phone.page, '/admin/reports/grouped?group_by=sub2');
    await phone.page.goto('/admin/reports/grouped?group_by=sub2');
    await phone.page
      .getByRole('region', { name: 'Grouped report' })
      .getByRole('button', { name: 'fb' })
      .waitFor();
    await screenshot(phone.page, 'grouped-report-390');
    await phone.context.close();
  });

  it('saves the settings on screen under a name and opens them again; a list exports as XLSX', async () => {
    const operator = await newPerson(browser, server.url, { width: 1440, height: 900 });
    const { page } = operator;
    await signInAsAdmin(page, '/admin/reports/grouped?group_by=publisher,sub2');
    await page.goto('/admin/reports/grouped?group_by=publisher,sub2');
    const table = page.getByRole('region', { name: 'Grouped report' });
    await table.getByRole('columnheader', { name: 'Sub2' }).waitFor();
    await page.getByLabel('Name for these settings').fill('By publisher and sub2');
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.getByRole('status').getByText('Saved “By publisher and sub2”').waitFor();
    // Somewhere else, then back through the saved report: the same groupings, dates relative to today.
    await page.goto('/admin/reports/grouped?group_by=date');
    await table.getByRole('columnheader', { name: 'Date' }).waitFor();
    const saved = page.getByRole('combobox', { name: 'Saved report', exact: true });
    await expect.poll(() => saved.locator('option').count()).toBe(2);
    await saved.selectOption({ label: 'By publisher and sub2 (last 7 days)' });
    await table.getByRole('columnheader', { name: 'Sub2' }).waitFor();
    await table.getByRole('columnheader', { name: 'Publisher' }).waitFor();
    expect(new URL(page.url()).searchParams.get('group_by')).toBe('publisher,sub2');
    await screenshot(page, 'saved-report-1440');

    await page.goto('/admin/clicks');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export XLSX' }).first().click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^clicks-\d{4}-\d\d-\d\d\.xlsx$/);
    expect(operator.problems).toEqual([]);
    await operator.context.close();
  });
});
