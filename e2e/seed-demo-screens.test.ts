import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const run = promisify(execFile);

/** Rows of the screen's main table (the empty-state row has a single cell). */
async function tableRows(page: Page): Promise<number> {
  await page.locator('table tbody tr td:nth-child(2)').first().waitFor();
  return page.locator('table tbody tr').count();
}

/**
 * A newcomer's first look after `seed-demo`: every screen has data (issue 21 item 6), and each list
 * has an "Export CSV" that downloads what the filters on screen match (item 3).
 */
describe('seed-demo fills every screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const seeded = await run(process.execPath, [resolve('dist/src/cli.js'), 'seed-demo', '--clicks', '600'], {
      env: { PATH: process.env.PATH, DATABASE_URL: `sqlite:${server.databaseFile}`, LOG_LEVEL: 'warn' },
      timeout: 240_000,
    });
    expect(seeded.stdout).toContain('600 clicks over 30 days');
    operator = await newPerson(browser, server.url, { width: 1440, height: 900 });
    await signInAsAdmin(operator.page);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the month on the Dashboard, and rows on Clicks, Leads, Conversions, Postback Log and Publishers', async () => {
    const { page } = operator;
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page
      .getByRole('button', { name: /30 days/i })
      .first()
      .click();
    await page.locator('.card').first().waitFor();
    await expect.poll(() => page.locator('.card-value').first().textContent()).not.toBe('0');
    await screenshot(page, 'seed-demo-dashboard');
    for (const [path, name] of [
      ['/admin/clicks', 'clicks'],
      ['/admin/leads', 'leads'],
      ['/admin/conversions', 'conversions'],
      ['/admin/postbacks', 'postbacks'],
      ['/admin/publishers', 'publishers'],
    ] as const) {
      await page.goto(path);
      // A screen with two tables (Conversions: the statistics above the list) loads them one by one.
      await expect.poll(() => tableRows(page), { message: path }).toBeGreaterThan(3);
      await screenshot(page, `seed-demo-${name}`);
    }
    expect(operator.problems).toEqual([]);
  });

  it('shows money in three currencies on Finance, and a report with rows', async () => {
    const { page } = operator;
    await page.goto('/admin/finance');
    await page.locator('.card').first().waitFor();
    await expect.poll(() => page.locator('main').innerText()).toMatch(/€[\d,]+\.\d\d/);
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/₹[\d,]+\.\d\d/);
    expect(text).toMatch(/\$[\d,]+\.\d\d/);
    await screenshot(page, 'seed-demo-finance');
    await page.goto('/admin/reports');
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    expect(await tableRows(page)).toBeGreaterThan(1);
    await screenshot(page, 'seed-demo-reports');
  });

  it('downloads the filtered Leads as CSV from "Export CSV"', async () => {
    const { page } = operator;
    await page.goto('/admin/leads?status=approved');
    await tableRows(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^leads-\d{4}-\d\d-\d\d\.csv$/);
    const text = await readFile((await download.path()) as string, 'utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('id,created_at,updated_at,status');
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(1).every((line) => line.split(',')[3] === 'approved')).toBe(true);
  });
});
