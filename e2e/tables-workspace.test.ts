import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './helpers/api.js';
import { launchChromium, newPerson, screenshot } from './helpers/browser.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

const SECOND_ADMIN = { email: 'second@leadrail.test', password: 'second-admin-password' };
const PUBLISHER = { email: 'cards@media.test', password: 'cards-password-1' };
const PHONE = { width: 390, height: 844 };

/**
 * Issue 21 item 5 and 7: every list table (components/data-table.tsx) has a column chooser and a
 * density kept on the person's account, a sticky first column and cards on a phone; the app follows
 * the system's dark setting; and screens load as separate chunks.
 */
describe('list tables, phone, dark theme and split screens', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    await post('/api/admin/users', { ...SECOND_ADMIN, role: 'admin' });
    const advertiser = await post('/api/admin/advertisers', {
      name: 'Cards Adv',
      endpoint_url: 'https://adv.test/lead',
    });
    await post('/api/admin/offers', {
      name: 'Cards Offer',
      advertiser_id: advertiser.id,
      landing_url: 'https://landing.test/?click_id={click_id}',
      adv_payout: '4.00',
      pub_payout: '3.10',
      currency: 'EUR',
    });
    await post('/api/admin/publishers', { name: 'Cards Media', status: 'approved', ...PUBLISHER });
    for (let i = 1; i <= 3; i++) {
      await post('/api/admin/publishers', {
        name: `Wide Table Publisher Number ${i} With A Long Name`,
        email: `a-very-long-publisher-address-number-${i}@sticky-column-test.example`,
        password: 'publisher-password',
        status: 'approved',
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The header texts, without the sort arrows. */
  const headers = async (page: Page) =>
    (await page.locator('section[aria-label="Publishers"] thead tr:first-child th').allInnerTexts()).map(
      (h) => h.replace(/[^A-Z ]/g, '').trim(),
    );

  async function signIn(credentials = ADMIN, viewport?: { width: number; height: number }) {
    const person = await newPerson(browser, server.url, viewport);
    await person.page.goto('/admin');
    await person.page.getByLabel('Email').fill(credentials.email);
    await person.page.getByLabel('Password').fill(credentials.password);
    await person.page.getByRole('button', { name: 'Sign in' }).click();
    await person.page.getByTestId('sign-out').waitFor();
    return person;
  }

  async function openPublishers(page: Page) {
    await page.goto('/admin/publishers');
    await page.locator('td[data-label="Name"]', { hasText: 'Cards Media' }).waitFor();
  }

  it('hides and reorders a column; the choice survives a reload and another browser, and is that admin’s alone', async () => {
    const { page, context } = await signIn();
    await openPublishers(page);
    expect(await headers(page)).toContain('EMAIL');
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'Show Email' }).uncheck();
    await page.getByRole('button', { name: 'Move Status earlier' }).click();
    await page.getByRole('button', { name: 'Move Status earlier' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => headers(page)).not.toContain('EMAIL');
    const arranged = await headers(page);
    expect(arranged.indexOf('STATUS')).toBeLessThan(arranged.indexOf('NAME'));
    // The server has it before the reload.
    await page.waitForLoadState('networkidle');

    await page.reload();
    await page.locator('td[data-label="Name"]', { hasText: 'Cards Media' }).waitFor();
    expect(await headers(page)).toEqual(arranged);
    await context.close();

    // Another browser (nothing in localStorage): the account keeps the choice.
    const again = await signIn();
    await openPublishers(again.page);
    await expect.poll(() => headers(again.page)).toEqual(arranged);
    await screenshot(again.page, 'tables-publishers-columns-light');
    await again.context.close();

    // Another admin sees the table as it comes.
    const other = await signIn(SECOND_ADMIN);
    await openPublishers(other.page);
    await other.page.waitForLoadState('networkidle');
    const theirs = await headers(other.page);
    expect(theirs).toContain('EMAIL');
    expect(theirs.indexOf('NAME')).toBeLessThan(theirs.indexOf('STATUS'));
    await other.context.close();
  });

  it('switches to compact rows, kept after a reload', async () => {
    const { page, context } = await signIn(SECOND_ADMIN);
    await openPublishers(page);
    const row = page.getByRole('row', { name: /Cards Media/ });
    const before = (await row.boundingBox())?.height ?? 0;
    await page.getByRole('button', { name: 'Compact' }).click();
    await expect.poll(async () => (await row.boundingBox())?.height ?? 0).toBeLessThan(before);
    expect(await page.getByRole('button', { name: 'Compact' }).getAttribute('aria-pressed')).toBe('true');
    await page.waitForLoadState('networkidle');
    await page.reload();
    await page.locator('td[data-label="Name"]', { hasText: 'Cards Media' }).waitFor();
    await expect.poll(async () => (await row.boundingBox())?.height ?? 0).toBeLessThan(before);
    await context.close();
  });

  it('keeps the first column in view while a wide table scrolls sideways', async () => {
    const { page, context } = await signIn(SECOND_ADMIN, { width: 820, height: 800 });
    await openPublishers(page);
    const wrap = page.locator('section.table-wrap[aria-label="Publishers"]');
    const scrollable = await wrap.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(scrollable).toBeGreaterThan(100);
    await wrap.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    const box = await wrap.boundingBox();
    const firstCell = page
      .getByRole('row', { name: /Cards Media/ })
      .locator('td')
      .nth(1);
    const cell = await firstCell.boundingBox();
    expect(box && cell).toBeTruthy();
    if (!box || !cell) return;
    // The id cell after the selection box is still inside the visible part of the table.
    expect(cell.x).toBeGreaterThanOrEqual(box.x - 1);
    expect(cell.x + cell.width).toBeLessThan(box.x + box.width);
    await screenshot(page, 'tables-sticky-scrolled');
    await context.close();
  });

  it('shows rows as cards on a 390 px phone, with nothing wider than the screen', async () => {
    const { page, context } = await signIn(SECOND_ADMIN, PHONE);
    await openPublishers(page);
    const row = page.getByRole('row', { name: /Cards Media/ });
    expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe('block');
    const email = row.locator('td[data-label="Email"]');
    expect(await email.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"Email"');
    const rowBox = await row.boundingBox();
    expect(rowBox && rowBox.x + rowBox.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'tables-publishers-phone');
    await context.close();
  });

  it('follows a dark system setting, readable', async () => {
    const { page, context } = await signIn(SECOND_ADMIN);
    await page.emulateMedia({ colorScheme: 'dark' });
    await openPublishers(page);
    const colours = await page.evaluate(() => {
      const rgb = (value: string) => (value.match(/\d+/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r = 0, g = 0, b = 0]: number[]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      const body = getComputedStyle(document.body);
      const root = getComputedStyle(document.documentElement);
      const cell = document.querySelector('section.table-wrap td');
      return {
        background: lum(rgb(root.backgroundColor)),
        text: lum(rgb(body.color)),
        cellBackground: lum(
          rgb(getComputedStyle(document.querySelector('section.table-wrap') as Element).backgroundColor),
        ),
        cellText: cell ? lum(rgb(getComputedStyle(cell).color)) : -1,
      };
    });
    expect(colours.background).toBeLessThan(0.15);
    expect(colours.cellBackground).toBeLessThan(0.2);
    expect(colours.text).toBeGreaterThan(0.75);
    expect(colours.cellText).toBeGreaterThan(0.75);
    await screenshot(page, 'tables-publishers-dark');
    await page.goto('/admin/leads');
    await page.getByRole('heading', { name: 'Leads' }).waitFor();
    await screenshot(page, 'dark-leads');
    await page.goto('/admin/dashboard');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'dark-dashboard');
    await page.goto('/admin/offers/new');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'dark-offer-new');
    await context.close();
  });

  it('loads a screen’s code only when that screen is opened', async () => {
    const { page, context } = await signIn(SECOND_ADMIN);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto('/admin/publishers');
    await page.locator('td[data-label="Name"]', { hasText: 'Cards Media' }).waitFor();
    expect(scripts.some((s) => /\/assets\/publishers-page-[\w-]+\.js$/.test(s))).toBe(true);
    expect(scripts.some((s) => /\/assets\/leads-page-[\w-]+\.js$/.test(s))).toBe(false);
    await page.getByRole('link', { name: 'Leads' }).first().click();
    await page.getByRole('heading', { name: 'Leads' }).waitFor();
    expect(scripts.some((s) => /\/assets\/leads-page-[\w-]+\.js$/.test(s))).toBe(true);
    await context.close();
  });

  it('the portal’s lists have the chooser too, kept on the publisher’s account', async () => {
    const person = await newPerson(browser, server.url);
    const { page } = person;
    await page.goto('/webmaster');
    await page.getByLabel('Email').fill(PUBLISHER.email);
    await page.getByLabel('Password').fill(PUBLISHER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Offers & links' }).waitFor();
    const saved = page.waitForResponse(
      (r) => r.url().includes('/api/publisher/ui-preferences/density') && r.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Compact' }).first().click();
    expect((await saved).status()).toBe(200);
    await person.context.close();
  });

  it('every screen fits a 390 px phone: nothing cut off or scrolling the page sideways', async () => {
    const { page, context } = await signIn(SECOND_ADMIN, PHONE);
    const paths = [
      'dashboard',
      'quick-start',
      'advertisers',
      'offers',
      'offers/new',
      'sites',
      'integrations',
      'publishers',
      'flows',
      'access-requests',
      'clicks',
      'leads',
      'conversions',
      'postbacks',
      'finance',
      'finance/invoices',
      'fraud',
      'automation',
      'reports',
      'reports/grouped',
      'audit-log',
      'settings',
    ];
    const overflowing: string[] = [];
    for (const path of paths) {
      await page.goto(`/admin/${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      const wide = await page.evaluate((width) => {
        const out: string[] = [];
        if (document.documentElement.scrollWidth > width) {
          // Name the innermost elements that reach past the screen's edge.
          const wide = [...document.querySelectorAll<HTMLElement>('main *')].filter(
            (el) => el.getBoundingClientRect().right > width + 1 && el.children.length === 0,
          );
          const names = wide.slice(0, 3).map((el) => `${el.tagName}.${el.className}`);
          out.push(`page ${document.documentElement.scrollWidth}px: ${names.join(' ')}`);
        }
        // The top bar's controls are on screen, and its selects wide enough for their chosen label.
        const canvas = document.createElement('canvas').getContext('2d');
        for (const el of document.querySelectorAll<HTMLElement>('.topbar select, .topbar button')) {
          const box = el.getBoundingClientRect();
          if (box.right > width || box.left < 0)
            out.push(`${el.tagName} ${el.textContent?.slice(0, 20)} off screen`);
          if (el instanceof HTMLSelectElement && canvas) {
            const style = getComputedStyle(el);
            canvas.font = `${style.fontSize} ${style.fontFamily}`;
            const label = el.selectedOptions[0]?.textContent ?? '';
            // Padding and the arrow take about 2.2em.
            const needed = canvas.measureText(label).width + 2.2 * Number.parseFloat(style.fontSize);
            if (el.clientWidth < needed)
              out.push(`select "${label}" cut (${el.clientWidth} < ${Math.ceil(needed)} px)`);
          }
        }
        return out;
      }, PHONE.width);
      if (wide.length > 0) overflowing.push(`${path}: ${wide.join(', ')}`);
      await screenshot(page, `phone-admin-${path.replaceAll('/', '-')}`);
    }
    expect(overflowing).toEqual([]);
    await context.close();
  });
});
