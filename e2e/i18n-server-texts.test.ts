import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import es from '../web/src/i18n/es/messages.json' with { type: 'json' };
import hi from '../web/src/i18n/hi/messages.json' with { type: 'json' };
import ru from '../web/src/i18n/ru/messages.json' with { type: 'json' };
import { adminApi } from './helpers/api.js';
import { launchChromium } from './helpers/browser.js';
import { checkScreen, expectNoFailures, signIn } from './helpers/i18n-check.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

/**
 * Issue 21 item 1, texts the server writes: a refused postback's "why" on the Postback Log is said in
 * the reader's language (by its stored answer code), with no English left on the screen.
 * @TODO automation run notes, a failed push's error, fraud event reasons: not coded yet (docs/i18n.md).
 */
const SENTENCES = { es, ru, hi } as const;

describe('texts the server writes, in Spanish, Russian and Hindi', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_token: string }>('/api/admin/advertisers', {
      name: 'Crypto Leads Ltd',
      endpoint_url: 'http://127.0.0.1:9/lead',
    });
    // A postback for a click that does not exist: refused, logged with answer code bad-click.
    const refused = await fetch(
      `${server.url}/postback?click_id=no-such-click&status=approved&token=${advertiser.postback_token}`,
    );
    expect(refused.status).toBe(404);
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("says a refused postback's why on the Postback Log in the reader's language", async () => {
    for (const lang of ['es', 'ru', 'hi'] as const) {
      const context = await browser.newContext({ baseURL: server.url, locale: lang, timezoneId: 'UTC' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await signIn(page, '/admin', ADMIN.email, ADMIN.password);
      await checkScreen(page, lang, '/admin/postbacks', `server-texts-postbacks-${lang}`);
      await page.getByText(SENTENCES[lang].messages.postback['bad-click']).first().waitFor();
      await context.close();
    }
    expectNoFailures();
  }, 300_000);
});
