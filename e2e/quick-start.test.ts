import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../web/src/lib/time-zone.js';
import { launchChromium, newPerson, type Person, readClipboard, screenshot } from './helpers/browser.js';
import { type LandingServer, startLandingServer } from './helpers/landing-server.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

/** A Dashboard card by its label, e.g. the "Revenue" card. */
function card(page: Page, label: string) {
  return page.locator('.card', { has: page.locator('.card-label', { hasText: new RegExp(`^${label}$`) }) });
}

/**
 * Seed 000's Quick Start as a new operator does it on a fresh install, with a publisher registering
 * through the portal alongside: one story, so the steps run in order and share the people.
 */
describe('a new network goes live', () => {
  let server: RunningServer;
  let landing: LandingServer;
  let browser: Browser;
  let operator: Person;
  let publisher: Person;
  let publisherId = '';
  let offerId = '';
  let postbackUrl = '';
  let trackingUrl = '';
  let clickId = '';

  beforeAll(async () => {
    [server, landing, browser] = await Promise.all([
      startBuiltServer(),
      startLandingServer(),
      launchChromium(),
    ]);
    operator = await newPerson(browser, server.url);
    publisher = await newPerson(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), landing?.close()]);
  });

  it('a publisher registers in the portal and waits for approval', async () => {
    const { page } = publisher;
    await page.goto('/webmaster');
    await page.getByRole('heading', { name: 'Publisher sign in' }).waitFor();
    await page.getByRole('link', { name: 'Create a publisher account' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    // Checked in the browser before anything is sent.
    await page.getByText('Enter your name or company').waitFor();
    await page.getByLabel('Name or company').fill('Arjun Media');
    await page.getByLabel('Email').fill('arjun@media.test');
    await page.getByLabel('Password', { exact: true }).fill('arjun-password');
    await page.getByLabel('Repeat password').fill('arjun-password');
    await screenshot(page, 'walk-01-publisher-register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Waiting for approval' }).waitFor();
    await page.getByText('arjun@media.test').waitFor();
    await screenshot(page, 'walk-02-publisher-pending');
  });

  it('the operator signs in with the keyboard and lands on Quick Start', async () => {
    const { page } = operator;
    await page.goto('/admin/clicks');
    await page.getByRole('heading', { name: 'Admin sign in' }).waitFor();
    await screenshot(page, 'walk-03a-admin-sign-in');
    await page.getByLabel('Email').focus();
    await page.keyboard.type(ADMIN.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Clicks' }).waitFor();
    // The deep link survived the sign-in; the home page of a fresh install is Quick Start.
    await page.goto('/admin');
    await page.getByRole('heading', { name: /Quick Start/ }).waitFor();
    await screenshot(page, 'walk-03-admin-quick-start');
  });

  it('adds an advertiser with the WhoCPA preset and copies its postback URL', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: '+ New Advertiser' }).click();
    await page.getByRole('button', { name: 'Create advertiser' }).click();
    await page.getByText('Enter the company name').waitFor();
    await page.getByRole('button', { name: 'WhoCPA / Affise' }).click();
    await expect.poll(() => page.getByLabel('POST encoding').inputValue()).toBe('form');
    await expect.poll(() => page.getByLabel('Auth location').inputValue()).toBe('body');
    await expect.poll(() => page.getByLabel('Body/Query field').inputValue()).toBe('api_key');
    await expect
      .poll(() => page.getByLabel('Payload template (JSON)').inputValue())
      .toContain('"offer_id": "{adv_offer_id}"');
    await page.getByLabel('Company name').fill('WhoCPA');
    await page.getByLabel('Lead endpoint URL').fill('https://api2.whocpa.asia/lead/add');
    await page.getByLabel('Auth key').fill('whocpa-key-123');
    await page.getByLabel('Extra static params (JSON)').fill('{"aff_id": "1033667789"}');
    await page.getByRole('button', { name: 'Create advertiser' }).click();
    await page.getByRole('heading', { name: 'WhoCPA' }).waitFor();
    await page.getByText('Advertiser created.').waitFor();
    // The URL is read from the page (waiting for it to show), not from the clipboard.
    const field = page.getByRole('group', { name: 'Postback URL' });
    const shown = field.locator('code');
    await expect
      .poll(() => shown.textContent())
      .toMatch(
        new RegExp(`^${server.url}/postback\\?click_id=\\{click_id\\}&status=\\{status\\}.*&token=[\\w-]+$`),
      );
    postbackUrl = (await shown.textContent()) ?? '';
    await field.getByRole('button', { name: 'Copy' }).click();
    // The button says so, and the clipboard (granted to this context) holds it, however long it takes.
    await field.getByRole('button', { name: 'Copied ✓' }).waitFor();
    await expect.poll(() => readClipboard(page)).toBe(postbackUrl);
    await screenshot(page, 'walk-04-admin-advertiser-created');
  });

  it('creates an offer and copies its tracking URL from the Offers table', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'create an offer' }).click();
    await expect
      .poll(() => page.getByLabel('Advertiser', { exact: true }).locator('option:checked').textContent())
      .toBe('WhoCPA');
    await page.getByLabel('Offer name').fill('Keto Slim');
    await page.getByLabel('Adv Offer ID').fill('6411');
    await page
      .getByLabel('Landing URL', { exact: true })
      .fill(`${landing.url}/keto?click_id={click_id}&s1={sub1}`);
    await page.getByLabel('Advertiser payout').fill('10.00');
    await page.getByLabel('Publisher payout').fill('7.5');
    await page.getByText('Your margin: $2.50').waitFor();
    await screenshot(page, 'walk-05a-admin-new-offer');
    await page.getByRole('button', { name: 'Create offer' }).click();
    await page.getByRole('heading', { name: 'Keto Slim' }).waitFor();
    offerId = new URL(page.url()).pathname.split('/').pop() ?? '';

    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Offers' })
      .click();
    const row = page.getByRole('row', { name: /Keto Slim/ });
    await row.getByText('$10.00').waitFor();
    await row.getByText('$7.50').waitFor();
    await row.getByRole('button', { name: 'Copy' }).click();
    trackingUrl = `${server.url}/click?offer_id=${offerId}&pub_id={pub_id}`;
    await expect.poll(() => readClipboard(page)).toBe(trackingUrl);
    await screenshot(page, 'walk-05-admin-offers');
  });

  it('approves the publisher who registered', async () => {
    const { page } = operator;
    await page.goto('/admin/quick-start');
    await page.getByText('(1 waiting)').waitFor();
    await expect.poll(() => page.locator('.step-done').count()).toBe(2);
    await page.getByRole('main').getByRole('link', { name: 'Publishers' }).click();
    const row = page.getByRole('row', { name: /Arjun Media/ });
    await row.getByRole('button', { name: 'Approve Arjun Media' }).click();
    await page.getByText('Arjun Media approved.').waitFor();
    await page.getByRole('button', { name: 'All', exact: true }).click();
    // The row's first cell is its bulk-selection box; the id comes next.
    publisherId =
      (await page
        .getByRole('row', { name: /Arjun Media/ })
        .getByRole('cell')
        .nth(1)
        .textContent()) ?? '';
    expect(publisherId).toMatch(/^\d+$/);
    await page
      .getByRole('row', { name: /Arjun Media/ })
      .getByText('Approved')
      .waitFor();
    await screenshot(page, 'walk-06-admin-publishers');
  });

  it('a visitor clicks the tracking URL, lands on the offer and orders through its form', async () => {
    landing.leadAction = `${server.url}/api/lead`;
    const visitor = await newPerson(browser, server.url);
    const link = trackingUrl.replace('{pub_id}', publisherId);
    await visitor.page.goto(`${link}&sub1=banner-1`);
    expect(visitor.page.url()).toMatch(new RegExp(`^${landing.url}/keto\\?click_id=\\w+&s1=banner-1$`));
    clickId = landing.visits.at(-1)?.searchParams.get('click_id') ?? '';
    expect(clickId).toMatch(/^\w{26}$/);
    await visitor.page.getByRole('heading', { name: 'Keto Slim landing' }).waitFor();
    await visitor.page.getByLabel('Your name').fill('Priya Sharma');
    await visitor.page.getByLabel('Phone').fill('+919876543210');
    await screenshot(visitor.page, 'walk-07a-visitor-landing');
    const [answer] = await Promise.all([
      visitor.page.waitForResponse((r) => r.url() === `${server.url}/api/lead`),
      visitor.page.getByRole('button', { name: 'Order now' }).click(),
    ]);
    expect(answer.status(), await answer.text()).toBe(201);
    await visitor.context.close();
  });

  it('the click is in Clicks, in any time zone', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Clicks' })
      .click();
    const row = page.getByRole('row', { name: new RegExp(clickId) });
    await row.waitFor();
    await row.getByText('Accepted').waitFor();
    await row.getByRole('cell', { name: 'banner-1', exact: true }).waitFor();
    const time = row.locator('time');
    const iso = (await time.getAttribute('datetime')) ?? '';
    await expect.poll(() => time.textContent()).toBe(formatDateTime(iso, 'UTC'));
    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await expect.poll(() => time.textContent()).toBe(formatDateTime(iso, 'Asia/Tokyo'));

    await page.getByLabel('Status', { exact: true }).selectOption('rejected');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No clicks match these filters.').waitFor();
    expect(page.url()).toContain('status=rejected');
    await page.getByRole('button', { name: 'Clear' }).click();
    await row.waitFor();
    await screenshot(page, 'walk-07-admin-clicks');
  });

  it('the advertiser approves the lead, and the Dashboard shows the click, lead, conversion and money', async () => {
    const approved = postbackUrl
      .replace('{click_id}', clickId)
      .replace('{status}', 'approved')
      .replace('{payout}', '')
      .replace('{comment}', 'valid+lead');
    const answer = await fetch(approved);
    expect(answer.status, await answer.clone().text()).toBe(200);

    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // Offer payouts 10.00 to the network, 7.50 to the publisher: one approved lead of one click.
    await card(page, 'Clicks').getByText('1', { exact: true }).waitFor();
    await card(page, 'Leads').getByText('1', { exact: true }).waitFor();
    await card(page, 'Conversions').getByText('1', { exact: true }).waitFor();
    await card(page, 'Revenue').getByText('$10.00', { exact: true }).waitFor();
    await card(page, 'Profit').getByText('$2.50', { exact: true }).waitFor();
    await card(page, 'EPC').getByText('$10.00', { exact: true }).waitFor();
    await card(page, 'Approval %').getByText('100.00%', { exact: true }).waitFor();
    await card(page, 'Clicks').getByText('0 refused').waitFor();
    await card(page, 'Conversions').getByText('0 on hold').waitFor();
    // The chart counts the days of the zone picked on the Clicks page.
    await page
      .getByRole('figure', { name: 'Clicks per day (Asia/Tokyo)' })
      .getByRole('img', { name: /7 bars, highest 1 on/ })
      .waitFor();
    await screenshot(page, 'walk-07b-admin-dashboard');
  });

  it('the approved publisher takes a link with sub ids and makes a flow', async () => {
    const { page } = publisher;
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByRole('heading', { name: 'Offers & links' }).waitFor();
    const row = page.getByRole('row', { name: /Keto Slim/ });
    await row.getByText('$7.50').waitFor();
    await row.getByRole('button', { name: 'Get link for Keto Slim' }).click();
    await page.getByLabel('sub1').fill('fb-campaign-7');
    const link = `${server.url}/click?offer_id=${offerId}&pub_id=${publisherId}&sub1=fb-campaign-7`;
    await expect
      .poll(() => page.getByRole('group', { name: 'Your tracking link' }).locator('code').textContent())
      .toBe(link);
    await page.locator('.copy-field').getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => readClipboard(page)).toBe(link);
    await screenshot(page, 'walk-08-publisher-offers');

    await page.getByRole('link', { name: 'My flows' }).click();
    // The screen is ready once its (empty) list has loaded: a choice made while it loads may be lost.
    await page.getByText('No flows yet.').waitFor();
    await page.getByLabel('Offer', { exact: true }).selectOption({ label: 'Keto Slim' });
    await page.getByLabel('Flow name').fill('Facebook India');
    await page.getByRole('button', { name: '+ Create flow' }).click();
    const flow = page.getByRole('row', { name: /Facebook India/ });
    await flow.getByText(new RegExp(`^${server.url}/f/[a-z0-9_-]+$`)).waitFor();
    await flow.getByRole('button', { name: 'Pause Facebook India' }).click();
    await flow.getByText('Paused').waitFor();
    await screenshot(page, 'walk-09-publisher-flows');
  });

  it('showed no script or security-policy errors on the way', () => {
    expect(operator.problems).toEqual([]);
    expect(publisher.problems).toEqual([]);
  });
});
