import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putStreams, seedOfferAndPublisher, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/**
 * Issue 21's last corners (session 11): an admin whose browser is en-US and who picks Russian in the
 * app sees date fields as Russian writes a day (dd.mm.yyyy, not the browser's mm/dd/yyyy), types a
 * day that way, and finds it in the currency-rate table by locale (`6 дек. 2026 г.`); the stream
 * card's case-sensitivity checkbox ("Aa") stays inside the card in Russian at 1440 and 390 px.
 */
describe('dates and the stream card in Russian, in an English browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let flowId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const { post, offer, publisher } = await seedOfferAndPublisher(server.url, {
      advertiser: 'Crypto Leads Ltd',
      offer: 'Crypto Pro',
      publisher: 'Nova Traffic',
      email: 'nova@traffic.test',
    });
    const flow = await post<{ id: string }>('/api/admin/flows', {
      publisher_id: publisher.id,
      offer_id: offer.id,
      name: 'India mobile',
    });
    flowId = flow.id;
    await putStreams(server.url, flow.id, [
      {
        name: 'Facebook',
        filters: {
          type: 'and',
          filters: [
            { type: 'param', name: 'utm_campaign', match: 'starts_with', values: ['fb', 'facebook'] },
          ],
        },
        arms: [{ type: 'offer', offer_id: offer.id, weight: 100 }],
      },
      { name: 'Everyone else', arms: [{ type: 'trafficback' }] },
    ]);
    operator = await newPerson(browser, server.url, { width: 1440, height: 900 });
    await signInAsAdmin(operator.page, '/admin/settings');
    await operator.page.locator('.lang-select select').selectOption('ru');
    await operator.page.locator('html[lang=ru]').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows and takes days as Russian writes them, whatever the browser’s language', async () => {
    const { page } = operator;
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.goto('/admin/reports');
    const filters = page.locator('main form.filters');
    const from = filters.getByLabel('С', { exact: true });
    await expect.poll(() => from.inputValue()).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    await screenshot(page, 'i18n-ru-date-fields');

    await page.goto('/admin/settings');
    const day = page.getByLabel('С дня', { exact: true });
    await day.fill('06.12.2026');
    await day.blur();
    expect(await day.inputValue()).toBe('06.12.2026');
    const rateForm = day.locator('xpath=ancestor::form');
    await rateForm.locator('input[maxlength="3"]').fill('EUR');
    await rateForm.locator('input[inputmode=decimal]').fill('1.10');
    await rateForm.locator('button[type=submit]').click();
    // The table says the day and the rate in Russian (the API keeps 2026-12-06 and 1.1), and the
    // saved note has one full stop (it read "… с 6 дек. 2026 г..").
    await page.getByText('С 6 дек. 2026 г.: 1 EUR = 1,1 USD.', { exact: true }).waitFor();
    await page.getByRole('row', { name: /EUR 6 дек\. 2026 г\. 1,1/ }).waitFor();
    await screenshot(page, 'i18n-ru-rates-day');
  });

  it("takes the stream preview's and Simulate's moment as Russian writes it, not as the en-US browser would", async () => {
    const { page } = operator;
    await page.goto(`/admin/flows/${flowId}/streams`);
    const moment = page.locator('.preview-moment');
    await moment.waitFor();
    // Chromium drew datetime-local as "mm/dd/yyyy, hh:mm AM" here whatever the app spoke.
    expect(await page.locator('input[type=datetime-local]').count()).toBe(0);
    const day = moment.getByLabel('Момент', { exact: false }).first();
    expect(await day.getAttribute('placeholder')).toBe('дд.мм.гггг');
    const expected = await page.evaluate(() => new Date('2026-12-06T17:30').toISOString());
    const sent = page.waitForRequest((request) => {
      if (request.method() !== 'POST' || !request.url().endsWith('/simulate')) return false;
      return (JSON.parse(request.postData() ?? '{}') as { time?: string }).time === expected;
    });
    await day.fill('06.12.2026');
    await moment.getByLabel('Время', { exact: true }).fill('17:30');
    await sent;
    await screenshot(page, 'i18n-ru-preview-moment');

    await page.goto(`/admin/flows/${flowId}/simulate`);
    await page.locator('.date-time-input').waitFor();
    expect(await page.locator('input[type=datetime-local]').count()).toBe(0);
  });

  it('signs in a Russian-speaking admin from a Russian browser with the shared helper', async () => {
    // The sign-in page speaks the browser's language and the app the account's: signInAsAdmin looked
    // for the English "Email", "Sign in" and "Sign out" and timed out here.
    const context = await browser.newContext({ baseURL: server.url, locale: 'ru-RU', timezoneId: 'UTC' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInAsAdmin(page, '/admin');
    await page.locator('html[lang=ru]').waitFor();
    expect(await page.getByTestId('sign-out').textContent()).not.toContain('Sign out');
    await context.close();
  });

  it("keeps the stream card's Aa checkbox inside the card at 1440 and 390 px", async () => {
    for (const width of [1440, 390]) {
      const person = await newPerson(browser, server.url, { width, height: 900 });
      // The account speaks Russian (signInAsAdmin reads no word: see the test above).
      await signInAsAdmin(person.page, `/admin/flows/${flowId}/streams`);
      await person.page.locator('html[lang=ru]').waitFor();
      const label = person.page.locator('.filter-inline-check').first();
      await label.waitFor();
      // The "Aa" itself, and the filter's box it must stay in (it sat past it in Russian).
      const check = label.locator('span[translate=no]');
      const card = label.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " filter-node ")][1]');
      const [box, cardBox] = await Promise.all([check.boundingBox(), card.boundingBox()]);
      await label.scrollIntoViewIfNeeded();
      await screenshot(person.page, `i18n-ru-stream-card-${width}`);
      expect(box, 'the Aa checkbox').not.toBeNull();
      expect(cardBox, "the filter's box").not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), `${width} px`).toBeLessThanOrEqual(
        (cardBox?.x ?? 0) + (cardBox?.width ?? 0),
      );
      await person.context.close();
    }
  });
});
