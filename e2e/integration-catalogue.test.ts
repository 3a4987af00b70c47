import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/**
 * docs/connect-a-network.md, done in a browser on a fresh install: the operator applies the
 * Lucky.online template from the Integrations screen, copies the postback URL with its token, the
 * network sends its documented sample to it, and the Postback Log shows it landed.
 */
describe('connect a network from the Integrations screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let network: { id: string; postback_token: string };
  let offerId: string;
  let publisherId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    network = await post('/api/admin/advertisers', {
      name: 'Lucky network',
      endpoint_url: 'https://lucky.example/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Cardio pills',
      advertiser_id: network.id,
      adv_offer_id: 'h4sh',
      landing_url: 'https://lucky.example/landing',
      adv_payout: '10.00',
      pub_payout: '7.00',
      currency: 'RUB',
      geo: '',
    });
    offerId = offer.id;
    publisherId = (
      await post('/api/admin/publishers', {
        name: 'Web One',
        email: 'web1@example.com',
        password: 'web-one-password',
        status: 'approved',
      })
    ).id;
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin/integrations');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the catalogue with each network’s docs link and how far it was checked', async () => {
    const { page } = operator;
    await page.getByRole('heading', { name: 'Integrations' }).waitFor();
    expect(await page.locator('.template-card').count()).toBeGreaterThanOrEqual(30);
    const moustache = page.locator('details', { has: page.getByText('Moustache Leads', { exact: true }) });
    await moustache.getByText('Unverified: no public docs found').waitFor();
    const lucky = page.locator('details', { has: page.getByText('Lucky.online', { exact: true }) });
    await lucky.getByText('Checked against its docs').waitFor();
    await lucky.locator('summary').click();
    expect(await lucky.getByRole('link', { name: 'Lucky.online postback docs' }).getAttribute('href')).toBe(
      'https://faq.lucky.online/en/articles/5234757-postback-settings',
    );
  });

  it('applies Lucky.online to an advertiser, shows its postback URL, and the documented sample lands', async () => {
    const { page } = operator;
    await page.getByLabel('Advertiser').selectOption({ label: 'Lucky network' });
    const card = page.locator('details', { has: page.getByText('Lucky.online', { exact: true }) });
    const url = `${server.url}/api/track/postback.json?id=${network.postback_token}&click={get.subid1}&exto={click_id}&status={status}&pay={amount}&auto=1`;
    await card.getByText(url).waitFor();
    await card.getByRole('button', { name: 'Apply to Lucky network' }).click();
    await card.getByText(/Lucky\.online applied to Lucky network/).waitFor();
    await page
      .getByText('Lucky network now: click ID parameter subid1, added to links automatically: yes.')
      .waitFor();
    await card
      .getByRole('group', { name: 'Lucky.online postback URL' })
      .getByRole('button', { name: 'Copy' })
      .click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await screenshot(page, 'admin-integrations-catalogue');

    // A visitor clicks; the tracking link now carries our click in subid1, as the network wants it.
    const click = await fetch(`${server.url}/click?offer_id=${offerId}&pub_id=${publisherId}`, {
      redirect: 'manual',
      headers: {
        'user-agent':
          'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36',
      },
    });
    expect(click.status, await click.clone().text()).toBe(302);
    const landing = new URL(String(click.headers.get('location')));
    const clickId = landing.searchParams.get('subid1');
    expect(clickId).toBeTruthy();
    // Lucky.online fills its macros, as its postback page documents them.
    const filled = url
      .replace('{get.subid1}', String(clickId))
      .replace('{click_id}', '2084340300')
      .replace('{status}', 'confirmed')
      .replace('{amount}', '850');
    const answer = await fetch(filled);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ result: 'ok', lead_created: true });

    await page.goto('/admin/postbacks');
    const row = page.getByRole('row', { name: new RegExp(String(clickId)) });
    await row.getByText('200 ok').waitFor();
    await row.getByText('confirmed').waitFor();
    await screenshot(page, 'admin-postback-log-lucky');
    await page.goto('/admin/leads');
    await page
      .getByRole('row', { name: /2084340300|Approved/ })
      .first()
      .waitFor();
    expect(operator.problems).toEqual([]);
  });
});
