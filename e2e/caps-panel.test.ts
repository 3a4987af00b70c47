import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36';

/** Issue 19 item 4 on screen: the offer page's Caps panel adds a cap and shows its usage. */
describe('caps panel on the offer page', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let offer: { id: string };
  let pub: { id: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    pub = await post('/api/admin/publishers', {
      name: 'Capped Media',
      status: 'approved',
      email: 'capped@media.test',
      password: 'capped-password-1',
    });
    const advertiser = await post('/api/admin/advertisers', {
      name: 'Cap Books',
      endpoint_url: 'https://advertiser.example/lead',
    });
    offer = await post('/api/admin/offers', {
      name: 'Cap Books Trial',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '10.00',
      pub_payout: '7.00',
      geo: '',
    });
    operator = await newPerson(browser, server.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds a click cap for one publisher and shows how much of it is used', async () => {
    const { page } = operator;
    await signInAsAdmin(page, `/admin/offers/${offer.id}`);
    const box = page.getByRole('region', { name: 'Caps' });
    await box.getByText('No caps.').waitFor();
    const form = box.getByRole('form', { name: 'Add a cap' });
    await form.getByLabel('Publisher').selectOption(pub.id);
    await form.getByLabel('Counted in').selectOption('clicks');
    await form.getByLabel('Limit').fill('ten');
    await form.getByRole('button', { name: 'Add cap' }).click();
    await form.getByText('A whole number like 100').waitFor();
    await form.getByLabel('Limit').fill('10');
    await form.getByLabel('Time zone').fill('Asia/Kolkata');
    await form.getByRole('button', { name: 'Add cap' }).click();
    await box.getByText('0 / 10 clicks today').waitFor();
    for (let i = 1; i <= 9; i++) {
      const r = await fetch(`${server.url}/click?offer_id=${offer.id}&pub_id=${pub.id}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `198.51.100.${i}`, 'user-agent': BROWSER_UA },
      });
      expect(r.status).toBe(302);
    }
    await page.reload();
    const usage = page.getByRole('region', { name: 'Caps' }).getByRole('meter');
    await expect.poll(() => usage.getAttribute('aria-label')).toBe('9 / 10 clicks today');
    expect(await usage.getAttribute('value')).toBe('90');
    await screenshot(page, 'caps-panel-offer');
    expect(operator.problems).toEqual([]);
  });
});
