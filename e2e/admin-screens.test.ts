import type { Browser, Dialog } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const CLICKS = 55;

/** The admin screens with data in them: server paging, fraud blocklist, placeholders, a phone-sized screen. */
describe('admin screens on a running network', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let offerId = '';

  beforeAll(async () => {
    // TRUST_PROXY lets the test send clicks "from" many addresses (one address is capped at 10 an hour).
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post('/api/admin/advertisers', {
      name: 'Affise',
      endpoint_url: 'https://api.affise.test/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Dating Gold',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '4.00',
      pub_payout: '3.10',
      currency: 'EUR',
    });
    offerId = offer.id;
    await post('/api/admin/offers', {
      name: 'VIP Crypto',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '90.00',
      pub_payout: '60.00',
      currency: 'EUR',
      visibility: 'private',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Push Kings',
      email: 'push@kings.test',
      status: 'approved',
    });
    for (let i = 1; i <= CLICKS; i++) {
      const response = await fetch(
        `${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=zone-${i}`,
        {
          redirect: 'manual',
          headers: {
            'x-forwarded-for': `198.51.100.${i}`,
            'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/156.0 Safari/537.36',
          },
        },
      );
      expect(response.status).toBe(302);
    }
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin/dashboard');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('counts the clicks on the Dashboard and pages them 50 at a time from the server', async () => {
    const { page } = operator;
    await page.locator('.card', { hasText: 'Clicks' }).getByText(String(CLICKS)).waitFor();
    await screenshot(page, 'admin-dashboard');
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Clicks' })
      .click();
    await page.getByText(`1–50 of ${CLICKS}`).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByText(`51–${CLICKS} of ${CLICKS}`).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(CLICKS - 50);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    // The oldest clicks are on the last page (newest first).
    await page.getByRole('cell', { name: 'zone-1', exact: true }).waitFor();
    await screenshot(page, 'admin-clicks-page-2');
  });

  it('sorts the clicks by IP on the server from a header, keyboard included, kept in the address bar', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Clicks' })
      .click();
    await page.getByText(`1–50 of ${CLICKS}`).waitFor();
    // The IP column found by its header, so added columns do not move it.
    const ipColumn =
      (await page
        .locator('thead th')
        .evaluateAll((ths) => ths.findIndex((th) => th.textContent?.trim().startsWith('IP')))) + 1;
    expect(ipColumn).toBeGreaterThan(0);
    const ips = page.locator(`tbody tr td:nth-child(${ipColumn})`);
    // Newest first: the last click's address on top.
    expect(await ips.first().textContent()).toBe(`198.51.100.${CLICKS}`);
    const header = page.getByRole('columnheader', { name: 'IP' });
    expect(await header.getAttribute('aria-sort')).toBeNull();
    await header.getByRole('button').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'ip');
    // Text order across all 55 clicks, not just this page's: .1, .10, .11, …
    await page.locator('tbody tr').first().getByRole('cell', { name: '198.51.100.1', exact: true }).waitFor();
    expect((await ips.allTextContents()).slice(0, 3)).toEqual([
      '198.51.100.1',
      '198.51.100.10',
      '198.51.100.11',
    ]);
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(new URL(page.url()).searchParams.get('order')).toBe('asc');
    await screenshot(page, 'admin-clicks-sorted-by-ip');
    // The header is a button: Enter on it turns the order round.
    await header.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('order') === 'desc');
    await page.locator('tbody tr').first().getByRole('cell', { name: '198.51.100.9', exact: true }).waitFor();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    // The sort survives paging, and the last page ends with the smallest address.
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByText(`51–${CLICKS} of ${CLICKS}`).waitFor();
    expect(new URL(page.url()).searchParams.get('sort')).toBe('ip');
    expect(await ips.last().textContent()).toBe('198.51.100.1');
  });

  it('keeps deep links on reload and shows money in the offer’s currency', async () => {
    const { page } = operator;
    await page.goto(`/admin/offers/${offerId}`);
    await page.reload();
    await page.getByRole('heading', { name: 'Dating Gold' }).waitFor();
    await page.getByText('Your margin: €0.90').waitFor();
  });

  it('blocks and unblocks an IP, with the server’s refusal shown in words', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Fraud Detection' }).click();
    await page.getByRole('button', { name: '+ Block IP' }).click();
    await page.getByText('An IPv4/IPv6 address or CIDR range').waitFor();
    await page.getByLabel('IP or CIDR range').fill('203.0.113.7');
    await page.getByLabel('Reason', { exact: true }).fill('scraper');
    await page.getByRole('button', { name: '+ Block IP' }).click();
    await page.getByText('203.0.113.7 is blocked at every click.').waitFor();
    await page.getByRole('row', { name: /scraper/ }).waitFor();
    await page.getByLabel('IP or CIDR range').fill('203.0.113.7');
    await page.getByRole('button', { name: '+ Block IP' }).click();
    await page.getByText('203.0.113.7 is already blocked').waitFor();
    await screenshot(page, 'admin-fraud');
    page.once('dialog', (dialog: Dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Unblock 203.0.113.7' }).click();
    await page.getByText('No blocked IPs.').waitFor();
  });

  it('assigns a private offer to a publisher with a custom payout', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Publishers' }).click();
    await page.getByRole('button', { name: 'Offers of Push Kings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Offers of Push Kings' });
    await dialog.getByText('None yet.').waitFor();
    await dialog
      .getByLabel('Offer', { exact: true })
      .selectOption({ label: 'VIP Crypto (private, pays 60.00 EUR)' });
    await dialog.getByLabel(/Custom payout/).fill('3.555');
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByText('At most 2 decimals for EUR').waitFor();
    await dialog.getByLabel(/Custom payout/).fill('65.50');
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByText('VIP Crypto assigned.').waitFor();
    await dialog.getByRole('listitem').filter({ hasText: '€65.50' }).waitFor();
    await screenshot(page, 'admin-assign-offer');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('works on a phone-sized screen, navigation behind a menu button', async () => {
    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    await signInAsAdmin(phone.page, '/admin/offers');
    const { page } = phone;
    await page.getByRole('row', { name: /Dating Gold/ }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Admin sections' });
    expect(await nav.isVisible()).toBe(false);
    await screenshot(page, 'phone-offers');
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav.waitFor();
    await screenshot(page, 'phone-menu');
    await nav.getByRole('link', { name: 'Publishers' }).click();
    await page.getByRole('heading', { name: 'Publishers' }).waitFor();
    await nav.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /Push Kings/ }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-publishers');
    await page.goto('/admin/leads');
    await page.getByRole('group', { name: 'Lead status' }).getByRole('button', { name: 'Total 0' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-leads');
    expect(phone.problems).toEqual([]);
  });

  it('serves the hashed assets of the real build with immutable caching', async () => {
    const html = await (await fetch(`${server.url}/admin/anything`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(operator.problems).toEqual([]);
  });
});
