import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../test/helpers/fake-server.js';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/** A 1×1 PNG, as an operator's asset. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function until<T>(check: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const found = check();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Seed 003 local sites end to end: the operator builds a hosted page in the admin, a visitor clicks the
 * tracking link, fills the order form in the browser, and the lead is pushed to the advertiser with
 * the click. Also the Integrations catalogue and the offer's conversion pixel.
 */
describe('local sites, integration templates and the conversion pixel', () => {
  let server: RunningServer;
  let browser: Browser;
  let advertiserApi: FakeServer;
  let operator: Person;
  let offerId: string;
  let publisherId: string;
  let networkB: { id: string; postback_token: string };

  beforeAll(async () => {
    [server, browser, advertiserApi] = await Promise.all([
      startBuiltServer({ ALLOW_PRIVATE_TARGETS: '1' }),
      launchChromium(),
      startFakeServer({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"status":"ok","id":"ADV-77"}',
      }),
    ]);
    const post = await adminApi(server.url);
    // "Automatically add click ID to link" with the default parameter: the hosted page reads click_id.
    const advertiser = await post('/api/admin/advertisers', {
      name: 'LeadBuyer',
      endpoint_url: `${advertiserApi.url}/lead`,
      auto_click_id: true,
    });
    networkB = await post('/api/admin/advertisers', {
      name: 'Network B',
      endpoint_url: 'https://b.example/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Keto Slim',
      advertiser_id: advertiser.id,
      landing_url: 'https://placeholder.example/',
      adv_payout: '12.00',
      pub_payout: '8.00',
      geo: [],
    });
    offerId = offer.id;
    publisherId = (
      await post('/api/admin/publishers', { name: 'Traffic Co', email: 'tc@co.test', status: 'approved' })
    ).id;
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin/sites');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await advertiserApi?.close();
  });

  it('the operator creates a local site with the order form and an asset, and points the offer at it', async () => {
    const { page } = operator;
    await page.getByRole('heading', { name: 'Local sites' }).waitFor();
    await page.getByText('No local sites yet.').waitFor();
    await page.getByLabel('Offer').selectOption({ label: 'Keto Slim' });
    await page.getByLabel('Site name').fill('Keto order page');
    await page.getByLabel('Address').fill('keto-order');
    await page.getByLabel('Start from').selectOption('empty');
    await page.getByRole('button', { name: 'Create site' }).click();
    await page.getByRole('heading', { name: 'Keto order page' }).waitFor();
    await page.getByText('Site created.').waitFor();

    // Write the page, then put the built-in order form in before </body>.
    const editor = page.getByLabel('HTML of index.html');
    await editor.fill(
      '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Keto</title></head>\n<body>\n<h1>Keto Slim, 50% off</h1>\n<img src="img/logo.png" alt="logo">\n</body>\n</html>\n',
    );
    await editor.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
    await page.getByRole('button', { name: 'Insert order form' }).click();
    // The snippet is fetched from the server, so wait for it to land in the editor.
    await expect
      .poll(() => editor.inputValue())
      .toMatch(/<img [^>]+>\n<form class="lr-order"[\s\S]*<\/script>\n<\/body>/);
    await page.getByRole('button', { name: 'Save index.html' }).click();
    await page.getByText('index.html saved.').waitFor();

    // An asset, and two refused in words before anything is sent.
    await page.getByLabel('Folder').fill('img');
    await page.getByLabel('Upload files').setInputFiles([
      { name: 'logo.png', mimeType: 'image/png', buffer: PIXEL_PNG },
      { name: 'shell.php', mimeType: 'text/plain', buffer: Buffer.from('<?php system($_GET["c"]); ?>') },
      { name: 'hero.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(1024 * 1024 + 10) },
    ]);
    await page.getByText('Uploaded img/logo.png.').waitFor();
    await page
      .getByText(/img\/shell\.php: only static files are hosted .*\.php is not one of them/)
      .waitFor();
    await page.getByText('img/hero.jpg is 1 MB; a file may be at most 1 MB.').waitFor();
    await page.getByRole('row', { name: /img\/logo\.png image\/png \d+ B/ }).waitFor();
    // Server-side code typed into the editor is refused by the server, in its words.
    await editor.fill('<p><?php echo 1; ?></p>');
    await page.getByRole('button', { name: 'Save index.html' }).click();
    await page.getByText(/contains server-side code \(PHP, ASP or SSI\)/).waitFor();
    await page.reload();
    expect(await page.getByLabel('HTML of index.html').inputValue()).toContain('<h1>Keto Slim, 50% off</h1>');
    await screenshot(page, 'admin-local-site');

    const hosted = await page.getByRole('link', { name: 'Open hosted page ↗' }).getAttribute('href');
    expect(hosted).toBe(`${server.url}/s/keto-order/`);
    // The offer's landing URL: the bare hosted page; the advertiser's setting adds ?click_id=.
    await page.getByRole('link', { name: 'Keto Slim' }).click();
    await page.getByRole('heading', { name: 'Keto Slim' }).waitFor();
    await page.getByRole('textbox', { name: 'Landing URL' }).fill(hosted ?? '');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();

    await page.goto('/admin/sites');
    await page.getByRole('row', { name: /Keto order page Keto Slim \/s\/keto-order\/ 2 Active/ }).waitFor();
    await screenshot(page, 'admin-local-sites');
  });

  it('a visitor clicks, orders on the hosted page, and the lead is pushed with the click', async () => {
    const visitor = await newPerson(browser, server.url, { width: 390, height: 844 });
    const { page } = visitor;
    await page.goto(`/click?offer_id=${offerId}&pub_id=${publisherId}&sub1=spring`);
    const landed = new URL(page.url());
    expect(landed.pathname).toBe('/s/keto-order/');
    const clickId = landed.searchParams.get('click_id') ?? '';
    expect(clickId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    await page.getByRole('heading', { name: 'Keto Slim, 50% off' }).waitFor();
    expect(await page.locator('input[name="click_id"]').inputValue()).toBe(clickId);
    expect(await page.locator('img[alt="logo"]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(
      1,
    );
    await page.getByLabel('Full name').fill('Asha Rao');
    await page.getByLabel('Phone').fill('+919876543210');
    await screenshot(page, 'hosted-page-phone');
    await page.getByRole('button', { name: 'Order now' }).click();
    await page.getByText('Thank you! We will call you shortly.').waitFor();
    expect(visitor.problems).toEqual([]);

    const push = await until(
      () => advertiserApi.requests.find((r) => r.url === '/lead'),
      'the push to the advertiser',
    );
    expect(push.body).toContain(clickId);
    expect(push.body).toContain('Asha Rao');

    const { page: admin } = operator;
    await admin.goto('/admin/leads');
    const row = admin.getByRole('row', { name: /Asha Rao/ });
    await row.waitFor();
    await screenshot(admin, 'admin-leads-from-local-site');
    await row.getByRole('link').first().click();
    await admin.getByText(clickId).first().waitFor();
    await admin.getByText('ADV-77').first().waitFor();
  });

  it('the Integrations screen shows the postback URL with the advertiser token and applies a template', async () => {
    const { page } = operator;
    await page.goto('/admin/integrations');
    await page.getByRole('heading', { name: 'Integrations' }).waitFor();
    expect(await page.locator('.template-card').count()).toBeGreaterThanOrEqual(10);
    await page.getByLabel('Advertiser').selectOption({ label: 'Network B' });
    await page.getByText('Network B now: click ID parameter click_id').waitFor();
    const card = page.locator('details', { has: page.getByText('HasOffers / TUNE') });
    await card.locator('summary').click();
    const url = `${server.url}/api/track/postback.json?id=${networkB.postback_token}&click={aff_click_id}&exto={transaction_id}&status=approved&pay={payout}&auto=1`;
    await card.getByText(url).waitFor();
    await card.getByRole('row', { name: /approved Approved/ }).waitFor();
    await card
      .getByRole('group', { name: 'HasOffers / TUNE postback URL' })
      .getByRole('button', { name: 'Copy' })
      .click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await card.getByRole('button', { name: 'Apply to Network B' }).click();
    await card
      .getByText(/applied to Network B: push format, status map and click ID parameter saved/)
      .waitFor();
    await page
      .getByText('Network B now: click ID parameter aff_click_id, added to links automatically: yes.')
      .waitFor();
    await screenshot(page, 'admin-integrations');
    expect(operator.problems).toEqual([]);
  });

  it('the offer shows its conversion pixel and JavaScript snippet to copy, with the cookie note', async () => {
    const { page } = operator;
    await page.goto(`/admin/offers/${offerId}`);
    const panel = page.getByRole('region', { name: 'Conversion pixel' });
    const img = `<img src="${server.url}/pixel.gif?offer=${offerId}&amp;goal=&amp;amount=&amp;currency=USD&amp;order_id=&amp;click_id={click_id}" width="1" height="1" alt="" style="display:none">`;
    await panel.getByText(img).waitFor();
    await panel
      .getByText(`<script src="${server.url}/pixel.js?offer=${offerId}&amp;currency=USD" async></script>`)
      .waitFor();
    await panel.getByText(/Third-party cookies: Safari and Firefox block them/).waitFor();
    await panel.getByRole('group', { name: 'Image pixel' }).getByRole('button', { name: 'Copy' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(img);
    await screenshot(page, 'admin-offer-pixel');
  });

  it('the new screens fit a phone', async () => {
    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    const { page } = phone;
    const fits = async (name: string) => {
      await screenshot(page, name);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
    };
    await signInAsAdmin(page, '/admin/sites');
    await page.getByRole('row', { name: /Keto order page/ }).waitFor();
    await fits('phone-local-sites');
    await page.getByRole('link', { name: 'Keto order page' }).click();
    await page.getByLabel('HTML of index.html').waitFor();
    await fits('phone-local-site');
    await page.goto('/admin/integrations');
    await page.getByText('KMA', { exact: true }).click();
    await page.getByText('Statuses are single letters').waitFor();
    await fits('phone-integrations');
    await page.goto(`/admin/offers/${offerId}`);
    await page.getByRole('region', { name: 'Conversion pixel' }).getByText('Image pixel').first().waitFor();
    await fits('phone-offer-pixel');
    expect(phone.problems).toEqual([]);
  });
});
