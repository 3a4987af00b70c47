import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36';

/**
 * Seed 002's monitoring screens: Conversions with the click hash, the flow's name and the UID, a Flow
 * filter; the Postback Log naming the flow, filtered by it.
 */
describe('seed 002: the flow, the click hash and the UID on Conversions and the Postback Log', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let clickId = '';
  let heldClickId = '';
  let advertiserId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_token: string }>('/api/admin/advertisers', {
      name: 'Dr Network',
      endpoint_url: 'https://drnet.test/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Joint Gel',
      advertiser_id: advertiser.id,
      landing_url: 'https://lander.test/gel?click_id={click_id}',
      adv_payout: '12.00',
      pub_payout: '9.00',
      geo: '',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Ravi Traffic',
      email: 'ravi@traffic.test',
      password: 'ravi-password-1',
      status: 'approved',
    });
    await post('/api/admin/flows', {
      publisher_id: publisher.id,
      offer_id: offer.id,
      name: 'Gel TikTok',
      code: 'gel-tt',
    });
    await post('/api/admin/flows', {
      publisher_id: publisher.id,
      offer_id: offer.id,
      name: 'Gel Push (idle)',
      code: 'gel-push',
    });
    const held = await fetch(`${server.url}/f/gel-tt?sub1=held`, {
      redirect: 'manual',
      headers: { 'user-agent': BROWSER_UA, 'accept-language': 'en-IN' },
    });
    expect(held.status).toBe(302);
    heldClickId = new URL(held.headers.get('location') ?? '').searchParams.get('click_id') ?? '';
    const visit = await fetch(`${server.url}/f/gel-tt`, {
      redirect: 'manual',
      headers: { 'user-agent': BROWSER_UA, 'accept-language': 'en-IN' },
    });
    expect(visit.status).toBe(302);
    clickId = new URL(visit.headers.get('location') ?? '').searchParams.get('click_id') ?? '';
    expect(clickId).not.toBe('');
    // The click is written in a batch: the postback is sent again until the click is there.
    const approve = `${server.url}/api/track/postback.json?id=${advertiser.postback_token}&click=${clickId}&uid=DR-7781&status=approved&auto=1`;
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 200));
      status = (await fetch(approve)).status;
    }
    expect(status).toBe(200);
    const hold = await fetch(
      `${server.url}/api/track/postback.json?id=${advertiser.postback_token}&click=${heldClickId}&uid=DR-7782&status=hold&auto=1`,
    );
    expect(hold.status, await hold.clone().text()).toBe(200);
    advertiserId = advertiser.id;
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin/conversions');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('Conversions show the click hash, the flow by name and the advertiser’s UID, and filter by flow', async () => {
    const { page } = operator;
    const form = page.getByRole('form', { name: 'Conversion filters' });
    await form.getByLabel('Flow', { exact: true }).selectOption({ label: 'Gel TikTok (gel-tt)' });
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('flow_id')).toMatch(/^\d+$/);
    const row = page.getByRole('table', { name: 'Conversions' }).getByRole('row', { name: /Gel TikTok/ });
    await row.getByText(clickId).waitFor();
    await row.getByText('DR-7781').waitFor();
    await screenshot(page, 'seed002-conversions-flow-uid');
  });

  it('the Postback Log names the flow and filters by it', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Postback Log' })
      .click();
    const form = page.getByRole('form', { name: 'Postback filters' });
    await form.getByLabel('Flow', { exact: true }).selectOption({ label: 'Gel TikTok (gel-tt)' });
    await form.getByRole('button', { name: 'Apply' }).click();
    const row = page.getByRole('table', { name: 'Postback log' }).getByRole('row', { name: /Gel TikTok/ });
    await row.getByText(clickId).waitFor();
    // The approval and the hold, both through the flow; nothing else.
    await expect
      .poll(() => page.getByRole('table', { name: 'Postback log' }).locator('tbody tr').count())
      .toBe(2);
    await screenshot(page, 'seed002-postback-log-flow');
  });

  it('the Dashboard counts flows in Active status, names those with clicks, and counts hold in EPC', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    const card = (label: string) =>
      page.locator('.card', { has: page.locator('.card-label', { hasText: new RegExp(`^${label}$`) }) });
    await card('Active flows').locator('.card-value').getByText('2', { exact: true }).waitFor();
    await card('Active flows').getByText('in Active status · 1 with clicks in the period').waitFor();
    // 12.00 approved + 12.00 on hold over 2 clicks; without hold it would be 6.00.
    await card('EPC').getByText('$12.00').waitFor();
    await card('EPC').getByText('approved + hold revenue per click').waitFor();
    await screenshot(page, 'seed002-dashboard-active-flows-epc');
  });

  it('the advertiser page explains the required token and gives the URL with the token in the path', async () => {
    const { page } = operator;
    await page.goto(`/admin/advertisers/${advertiserId}`);
    await page.getByText('The token is required', { exact: false }).waitFor();
    const alternative = page
      .getByRole('group', { name: 'Alternative: the token in the path' })
      .locator('code');
    await expect.poll(() => alternative.textContent()).toMatch(/\/postback\/[\w-]+\?click_id=\{click_id\}/);
    expect(await alternative.textContent()).not.toContain('token=');
  });

  it('showed no script or security-policy errors on the way', () => {
    expect(operator.problems).toEqual([]);
  });
});
