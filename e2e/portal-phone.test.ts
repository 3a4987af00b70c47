import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOfferAndPublisher } from './helpers/api.js';
import { launchChromium, newPerson, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/**
 * The publisher portal on a phone (390 × 844, issue 21 item 5): every screen fits the width (the page
 * never scrolls sideways; wide tables turn into cards) and every control of the top bar is on screen.
 */
const SCREENS = ['offers', 'flows', 'marketplace', 'stats', 'reports', 'payouts', 'settings'] as const;

describe('the publisher portal at 390 px', () => {
  let server: RunningServer;
  let browser: Browser;
  const publisher = { email: 'phone@traffic.test', password: 'phone-password-1' };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    await seedOfferAndPublisher(server.url, {
      advertiser: 'Phone Buyer',
      offer: 'A rather long offer name that could push a card wider than a phone',
      publisher: 'Phone Traffic',
      ...publisher,
    });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('fits every portal screen in the width of a phone', async () => {
    const person = await newPerson(browser, server.url, { width: 390, height: 844 });
    const { page } = person;
    await page.goto('/webmaster');
    await page.locator('input[type=email]').fill(publisher.email);
    await page.locator('input[type=password]').fill(publisher.password);
    await page.locator('button[type=submit]').click();
    await page.locator('.topbar').waitFor();
    const wide: string[] = [];
    for (const screen of SCREENS) {
      await page.goto(`/webmaster/${screen}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 10_000 });
      const found = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const out: string[] = [];
        if (document.documentElement.scrollWidth > width + 1)
          out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
        // Controls outside a scrolling table must be on screen.
        for (const el of document.querySelectorAll<HTMLElement>('select, input, button, a.button')) {
          if (el.closest('.table-wrap, [hidden], .sr-only')) continue;
          if (!el.checkVisibility()) continue;
          const box = el.getBoundingClientRect();
          if (box.width === 0) continue;
          if (box.left < -1 || box.right > width + 1)
            out.push(
              `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" spans ${Math.round(box.left)}–${Math.round(box.right)} px`,
            );
        }
        return out;
      });
      for (const problem of found) wide.push(`${screen}: ${problem}`);
      // The column chooser, opened, is on screen too.
      const chooser = page.locator('.column-chooser > summary').first();
      if ((await chooser.count()) > 0) {
        await chooser.click();
        const panel = await page.locator('.column-chooser-panel').first().boundingBox();
        if (!panel || panel.x < 0 || panel.x + panel.width > 391)
          wide.push(
            `${screen}: the column chooser spans ${panel?.x}–${(panel?.x ?? 0) + (panel?.width ?? 0)} px`,
          );
        await chooser.click();
      }
      await screenshot(page, `portal-390-${screen}`);
    }
    expect(wide).toEqual([]);
    expect(person.problems).toEqual([]);
    await person.context.close();
  }, 180_000);
});
