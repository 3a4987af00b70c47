import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36';
const RAVI = { name: 'Ravi Smart', email: 'ravi@smartnet.test', password: 'ravi-password-9' };

/**
 * Issue 19, smart link leftovers on screen: the operator simulates a visitor (which offer, and why
 * the others are out), switches smart links off for the whole network (the link then answers 404
 * and the portal hides it) and back on.
 */
describe('smart link network switch and simulate', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    await post('/api/admin/publishers', { ...RAVI, status: 'approved' });
    const advertiser = await post('/api/admin/advertisers', {
      name: 'Net Books',
      endpoint_url: 'https://advertiser.example/lead',
    });
    await post('/api/admin/offers', {
      name: 'India Only Trial',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '10.00',
      pub_payout: '7.00',
      geo: 'IN',
    });
    await post('/api/admin/offers', {
      name: 'Worldwide Trial',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?w=1&click_id={click_id}`,
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

  it('simulates a visitor, then switches smart links off and on for the network', async () => {
    const { page } = operator;
    await signInAsAdmin(page, '/admin/publishers');
    await page.getByRole('button', { name: `Smart link of ${RAVI.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Smart link of ${RAVI.name}` });
    await dialog.getByRole('button', { name: 'Switch on' }).click();
    const code = dialog.locator('.copy-field code');
    await code.waitFor();
    const link = (await code.textContent()) ?? '';

    // A US visitor: the India-only offer is out, with its reason; the worldwide one can take them.
    const sim = dialog.getByRole('region', { name: 'Simulate a visitor' });
    await sim.getByLabel('Country code or IP address').fill('US');
    await sim.getByRole('button', { name: 'Simulate' }).click();
    const india = sim.getByRole('row', { name: /India Only Trial/ });
    await expect.poll(async () => (await india.textContent()) ?? '').toContain('not open to US');
    const world = sim.getByRole('row', { name: /Worldwide Trial/ });
    expect(await world.textContent()).toContain('yes');
    await expect
      .poll(async () => (await sim.getByTestId('smart-simulate-outcome').textContent()) ?? '')
      .toMatch(/No eligible offer has 50 clicks yet|Worldwide Trial/);
    await screenshot(page, 'smart-link-simulate');

    const go = () =>
      fetch(link, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': '23.24.0.9', 'user-agent': BROWSER_UA },
      });
    expect((await go()).status).toBe(302);

    await dialog.getByRole('button', { name: 'Switch off for every publisher' }).click();
    await dialog.getByText('Smart links are switched off for the whole network').waitFor();
    expect(await dialog.locator('.copy-field code').count()).toBe(0);
    expect((await go()).status).toBe(404);
    await sim.getByRole('button', { name: 'Simulate' }).click();
    await sim.getByText('The link is switched off').waitFor();
    await screenshot(page, 'smart-link-network-off');

    await dialog.getByRole('button', { name: 'Switch on for the network' }).click();
    await dialog.locator('.copy-field code').waitFor();
    expect((await go()).status).toBe(302);
  });
});
