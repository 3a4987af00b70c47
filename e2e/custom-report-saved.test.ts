import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOfferAndPublisher, sendClick, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/** Reports (the custom report) keeps saved settings too (issue 21 item 4): sub filter, grouping, fixed dates. */
describe('saved settings on the custom report screen', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const { offer, publisher } = await seedOfferAndPublisher(server.url, {
      advertiser: 'Saved Buyer',
      offer: 'Saved Offer',
      publisher: 'Saved Media',
      email: 's@r.test',
    });
    let ip = 20;
    for (const sub3 of ['fb', 'fb', 'tt'])
      await sendClick(server.url, { offer_id: offer.id, pub_id: publisher.id, sub3 }, `198.51.100.${ip++}`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('saves the report on screen with its sub filter and fixed dates, and opens it again', async () => {
    const operator = await newPerson(browser, server.url, { width: 1440, height: 900 });
    const { page } = operator;
    const today = new Date().toISOString().slice(0, 10);
    const path = `/admin/reports?from=2026-01-01&to=${today}&group_by=sub3&sub_key=sub3&sub_value=fb`;
    await signInAsAdmin(page, path);
    await page.goto(path);
    const rows = page.locator('table.data-table').first();
    await rows.getByRole('cell', { name: 'fb', exact: true }).waitFor();
    expect(await rows.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Name for these settings').fill('FB since January');
    await page.getByLabel('Keep the dates relative (the same number of days up to today)').uncheck();
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.getByRole('status').getByText('Saved “FB since January”').waitFor();

    await page.goto('/admin/reports?group_by=day');
    const saved = page.getByRole('combobox', { name: 'Saved report', exact: true });
    await expect.poll(() => saved.locator('option').count(), { timeout: 10_000 }).toBe(2);
    await saved.selectOption({ label: 'FB since January' });
    await expect
      .poll(() => new URL(page.url()).searchParams.get('sub_value'), { timeout: 10_000 })
      .toBe('fb');
    const url = new URL(page.url()).searchParams;
    expect(Object.fromEntries(url)).toMatchObject({
      from: '2026-01-01',
      to: today,
      group_by: 'sub3',
      sub_key: 'sub3',
      sub_value: 'fb',
    });
    await rows.getByRole('cell', { name: 'fb', exact: true }).waitFor();
    expect(await rows.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'custom-report-saved-1440');
    expect(operator.problems).toEqual([]);
    await operator.context.close();
  });
});
