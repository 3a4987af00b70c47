import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

// Real visitors' agents and addresses. The addresses are in the bundled databases: 49.36.x.x is
// Reliance Jio (AS55836) in India, 106.192.0.x Bharti Airtel (AS45609) in India, 23.24.x.x Comcast (US).
const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/**
 * Issue 19 "Done when", from the UI only: an operator builds a flow whose streams send Indian
 * Android users on Jio to landing A/B at 50/50, iPhones to offer 2, everyone else to trafficback,
 * sets a daily cap of 100 leads for the publisher, real clicks land where they should, and the
 * split test's numbers show in the editor.
 */
describe('the stream editor', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let offer: { id: string };
  let advertiser: { id: string };
  let flowCode = '';
  let flowId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    await post('/api/admin/publishers', {
      name: 'Jio Media',
      status: 'approved',
      email: 'jio@media.test',
      password: 'jio-media-password-1',
    });
    advertiser = await post('/api/admin/advertisers', {
      name: 'Keto Labs',
      endpoint_url: 'https://advertiser.example/lead',
    });
    offer = await post('/api/admin/offers', {
      name: 'Keto India',
      advertiser_id: advertiser.id,
      landing_url: 'https://keto.example/?c={click_id}',
      trafficback_url: 'https://tb.example/?c={click_id}',
      adv_payout: '10.00',
      pub_payout: '7.00',
      geo: '',
    });
    await post('/api/admin/offers', {
      name: 'Keto iOS',
      advertiser_id: advertiser.id,
      landing_url: 'https://ios.example/?c={click_id}',
      adv_payout: '12.00',
      pub_payout: '8.00',
      geo: '',
    });
    for (const [name, slug] of [
      ['Landing A', 'keto-a'],
      ['Landing B', 'keto-b'],
    ] as const)
      await post('/api/admin/sites', { offer_id: offer.id, name, slug, template: 'empty' });
    operator = await newPerson(browser, server.url, { width: 1440, height: 900 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const streamCard = (page: Page, n: number) => page.locator('.stream-list > li').nth(n);
  async function addFilter(card: Locator, kind: string) {
    await card.getByLabel(/^Filter to add to filters of/).selectOption({ label: kind });
    await card.getByRole('button', { name: 'Add filter' }).click();
  }

  it('builds the flow and its streams, reorders by keyboard, previews a visitor and saves', async () => {
    const { page } = operator;
    await signInAsAdmin(page, '/admin/flows');
    await page.getByRole('button', { name: '+ New Flow' }).click();
    await page.getByLabel('Publisher').first().selectOption({ label: 'Jio Media' });
    await page.getByLabel('Offer').first().selectOption({ label: 'Keto India' });
    await page.getByLabel('Name', { exact: true }).fill('India mobile');
    await page.getByRole('button', { name: 'Create flow' }).click();
    const created = await page.getByText(/^Flow \S+ created:/).textContent();
    flowCode = /^Flow (\S+) created/.exec(created ?? '')?.[1] ?? '';
    await page.getByRole('link', { name: `Streams of flow ${flowCode}` }).click();
    await page.getByRole('heading', { name: /Streams of flow “India mobile”/ }).waitFor();
    flowId = /flows\/(\d+)\/streams/.exec(page.url())?.[1] ?? '';
    await page.getByText('No streams: every accepted visitor').waitFor();

    // The catch-all first, to move it down by keyboard later.
    await page.getByRole('button', { name: 'Add stream' }).click();
    const rest = streamCard(page, 0);
    await rest.getByLabel('Name of stream 1').fill('Everyone else');
    await rest.getByLabel(/^Type of target 1/).selectOption('trafficback');

    await page.getByRole('button', { name: 'Add stream' }).click();
    const jio = streamCard(page, 1);
    await jio.getByLabel('Name of stream 2').fill('India Android on Jio');
    await addFilter(jio, 'Country');
    await jio.getByLabel(/: country codes$/).fill('in');
    await addFilter(jio, 'Operating system');
    await jio.getByLabel(/Operating system .*: names$/).fill('Android');
    await addFilter(jio, 'ISP (AS organisation)');
    await jio.getByLabel(/: organisation contains$/).fill('jio');
    await jio.getByLabel(/^Type of target 1/).selectOption('landing');
    await jio.getByLabel(/^Landing page of target 1/).selectOption({ label: 'Landing A' });
    await jio.getByLabel(/^Weight of target 1/).fill('50');
    await jio.getByRole('button', { name: 'Add target' }).click();
    await jio.getByLabel(/^Type of target 2/).selectOption('landing');
    await jio.getByLabel(/^Landing page of target 2/).selectOption({ label: 'Landing B' });
    await jio.getByLabel(/^Weight of target 2/).fill('50');
    expect(await jio.locator('[data-share="0"]').textContent()).toBe('50 %');
    expect(await jio.locator('[data-share="1"]').textContent()).toBe('50 %');

    await page.getByRole('button', { name: 'Add stream' }).click();
    const ios = streamCard(page, 2);
    await ios.getByLabel('Name of stream 3').fill('iPhones');
    await addFilter(ios, 'Country');
    await ios.getByLabel(/: country codes$/).fill('us');
    await addFilter(ios, 'Operating system');
    await ios.getByLabel(/Operating system .*: names$/).fill('iOS');
    // Removing the filter above keeps what the one below says.
    await ios.getByRole('button', { name: /^Remove country/ }).click();
    expect(await ios.getByLabel(/Operating system .*: names$/).inputValue()).toBe('iOS');
    await ios.getByLabel(/^Type of target 1/).selectOption('offer');

    // The server's refusal lands next to the target it names (an offer target without an offer).
    await page.getByRole('button', { name: 'Save streams' }).click();
    await ios.getByText('an offer arm needs an offer').waitFor();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Stream 3 (iPhones): an offer arm needs an offer' })
      .waitFor();
    await ios.getByLabel(/^Offer of target 1/).selectOption({ label: 'Keto iOS' });

    // Keyboard reorder: the handle keeps focus and a live region says where the stream went.
    // A move clears the refusal: it names streams by position.
    const handle = page.getByRole('button', { name: /^Reorder stream Everyone else/ });
    await handle.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByText('Stream “Everyone else” moved to position 2 of 3.').waitFor();
    expect(await page.getByText('an offer arm needs an offer').count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    await page.getByText('Stream “Everyone else” moved to position 3 of 3.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Reorder stream Everyone else: position 3 of 3/,
    );
    expect(
      await page
        .locator('.stream-name input')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual(['India Android on Jio', 'iPhones', 'Everyone else']);

    // Live preview of the unsaved streams: a Jio address on Android takes stream 1, and why.
    const preview = page.getByRole('complementary', { name: 'Preview a visitor' });
    await preview.getByLabel('Address or country').fill('49.36.12.34');
    await preview.getByText('Stream 1 “India Android on Jio”').waitFor();
    await expect.poll(() => streamCard(page, 0).getAttribute('class')).toContain('stream-taken');
    await preview.getByText('(visitor: Reliance Jio Infocomm Limited)').waitFor();
    // DB-IP's data (CC BY 4.0) is credited, with its link, where the visitor's region/ASN shows.
    const credit = preview.getByRole('link', { name: 'Regions and networks: IP Geolocation by DB-IP' });
    expect(await credit.getAttribute('href')).toBe('https://db-ip.com');
    await preview.getByLabel('Device').selectOption('iPhone Safari');
    await preview.getByText('Stream 2 “iPhones”').waitFor();
    await preview.getByLabel('Address or country').fill('106.192.0.10');
    await preview.getByLabel('Device').selectOption('Android Chrome');
    await preview.getByText('Stream 3 “Everyone else”').waitFor();
    await screenshot(page, 'stream-editor-unsaved');

    await page.getByRole('button', { name: 'Save streams' }).click();
    await page.getByText('Saved 3 streams.').waitFor();
    expect(operator.problems).toEqual([]);
  }, 90_000);

  it('sets a daily cap of 100 leads for the publisher in the caps panel', async () => {
    const { page } = operator;
    await page.goto(`/admin/offers/${offer.id}`);
    const box = page.getByRole('region', { name: 'Caps' });
    const form = box.getByRole('form', { name: 'Add a cap' });
    await form.getByLabel('Publisher').selectOption({ label: 'Jio Media' });
    await form.getByLabel('Counted in').selectOption('leads');
    await form.getByLabel('Period').selectOption('daily');
    await form.getByLabel('Limit').fill('100');
    await form.getByRole('button', { name: 'Add cap' }).click();
    await box.getByText('0 / 100 leads today').waitFor();
  });

  it('real clicks land where the streams say, and the split test shows on screen', async () => {
    const click = async (ip: string, agent: string) => {
      const r = await fetch(`${server.url}/f/${flowCode}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': ip, 'user-agent': agent },
      });
      expect(r.status).toBe(302);
      return r.headers.get('location') ?? '';
    };
    const landed = { a: [] as string[], b: [] as string[] };
    for (let i = 1; i <= 40; i++) {
      const to = await click(`49.36.7.${i}`, ANDROID);
      const m = /\/s\/keto-([ab])\/\?click_id=([^&]+)$/.exec(to);
      expect(m, to).not.toBeNull();
      landed[m?.[1] as 'a' | 'b'].push(m?.[2] ?? '');
    }
    // 50/50 over 40 visitors: each side well inside 8..32 (a 1-in-10,000 miss).
    expect(landed.a.length).toBeGreaterThanOrEqual(8);
    expect(landed.b.length).toBeGreaterThanOrEqual(8);
    for (let i = 1; i <= 5; i++)
      expect(await click(`23.24.9.${i}`, IPHONE)).toMatch(/^https:\/\/ios\.example\/\?c=/);
    // Indian Android on Airtel, and a Jio desktop: everyone else, trafficback.
    for (let i = 1; i <= 3; i++)
      expect(await click(`106.192.0.${i + 10}`, ANDROID)).toMatch(/^https:\/\/tb\.example\/\?c=/);
    for (let i = 1; i <= 3; i++)
      expect(await click(`49.36.8.${i}`, DESKTOP)).toMatch(/^https:\/\/tb\.example\/\?c=/);

    // Leads from the landing pages' forms: three on landing A, one on B (POST /api/lead with the click id).
    const leadsOn = [...landed.a.slice(0, 3), ...landed.b.slice(0, 1)];
    for (const [i, clickId] of leadsOn.entries()) {
      const r = await fetch(`${server.url}/api/lead`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `49.36.7.${i + 1}` },
        body: JSON.stringify({ click_id: clickId, name: `Buyer ${i + 1}`, phone: `+9198765432${i + 10}` }),
      });
      expect(r.status, await r.text()).toBe(201);
    }

    const { page } = operator;
    await page.goto(`/admin/offers/${offer.id}`);
    await page.getByRole('region', { name: 'Caps' }).getByText('4 / 100 leads today').waitFor();

    await page.goto(`/admin/flows/${flowId}/streams`);
    const jio = streamCard(page, 0);
    await jio.getByText(`Last 30 days: ${landed.a.length} clicks · 3 leads`).waitFor();
    await jio.getByText(`Last 30 days: ${landed.b.length} clicks · 1 lead`).waitFor();
    await streamCard(page, 1).getByText('Last 30 days: 5 clicks · 0 leads').waitFor();
    await streamCard(page, 2).getByText('Last 30 days: 6 clicks · 0 leads').waitFor();

    // The same split test on its own screen, for this flow built in the UI: each landing's clicks,
    // leads and CR with its interval, and the CR chart.
    await page.goto(`/admin/flows/${flowId}/split-test`);
    const arms = page
      .getByRole('region', { name: 'Stream India Android on Jio' })
      .getByRole('table', { name: 'Arms of India Android on Jio' });
    const armRows = arms.locator('tbody tr');
    await armRows.first().waitFor();
    const cells = await armRows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(cells.map((c) => Number(c[1]))).toEqual([landed.a.length, landed.b.length]);
    expect(cells.map((c) => Number(c[2]))).toEqual([3, 1]);
    expect(await armRows.nth(0).innerText()).toMatch(/\d+\.\d\d %\s+\(\d+\.\d\d %–\d+\.\d\d %\)/);
    await page.getByText('Conversion rate by arm').first().waitFor();
    await screenshot(page, 'stream-editor-split-test');

    await page.goto(`/admin/flows/${flowId}/streams`);
    await streamCard(page, 0).getByText('Last 30 days:').first().waitFor();
    await page.locator('.verdict').waitFor();
    await screenshot(page, 'stream-editor-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await streamCard(page, 0).getByText('Last 30 days:').first().waitFor();
    await page.locator('.verdict').waitFor();
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'stream-editor-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(operator.problems).toEqual([]);
  }, 90_000);

  it('a publisher edits the same streams in the portal, without URL targets', async () => {
    const publisher = await newPerson(browser, server.url, { width: 1440, height: 900 });
    const { page } = publisher;
    await page.goto(`/webmaster/flows`);
    await page.getByLabel('Email').fill('jio@media.test');
    await page.getByLabel('Password').fill('jio-media-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Streams of India mobile' }).click();
    await page.getByRole('heading', { name: 'Streams of “India mobile”' }).waitFor();
    const first = streamCard(page, 0);
    await first.getByText(/Last 30 days: \d+ clicks · 3 leads/).waitFor();
    const types = await first
      .getByLabel(/^Type of target 1/)
      .locator('option')
      .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(types).toEqual(['offer', 'landing', 'trafficback']);
    const preview = page.getByRole('complementary', { name: 'Preview a visitor' });
    await preview.getByLabel('Address or country').fill('49.36.12.34');
    await preview.getByText('Stream 1 “India Android on Jio”').waitFor();
    await screenshot(page, 'stream-editor-portal');
    // Drag and drop by mouse (HTML5 drag): the catch-all dropped on the first card goes first. Both
    // cards in view, as a mouse needs them.
    await page.setViewportSize({ width: 1440, height: 1700 });
    const from = await page.getByRole('button', { name: /^Reorder stream Everyone else/ }).boundingBox();
    const to = await streamCard(page, 0).locator('.stream-number').boundingBox();
    if (!from || !to) throw new Error('no boxes');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + 5, to.y + 5, { steps: 8 });
    await page.mouse.move(to.x + 8, to.y + 8, { steps: 2 });
    await page.mouse.up();
    await page.getByText('Stream “Everyone else” moved to position 1 of 3.').waitFor();
    await preview.getByText('Stream 1 “Everyone else”').waitFor();
    await page.getByText('Unsaved changes.').waitFor();
    expect(publisher.problems).toEqual([]);
  }, 60_000);
});
