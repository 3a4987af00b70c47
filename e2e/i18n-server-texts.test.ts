import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import esAdmin from '../web/src/i18n/es/admin.json' with { type: 'json' };
import es from '../web/src/i18n/es/messages.json' with { type: 'json' };
import hiAdmin from '../web/src/i18n/hi/admin.json' with { type: 'json' };
import hi from '../web/src/i18n/hi/messages.json' with { type: 'json' };
import ruAdmin from '../web/src/i18n/ru/admin.json' with { type: 'json' };
import ru from '../web/src/i18n/ru/messages.json' with { type: 'json' };
import { adminApi } from './helpers/api.js';
import { launchChromium } from './helpers/browser.js';
import {
  checkScreen,
  DATA,
  englishLeft,
  expectNoFailures,
  signIn,
  visibleWords,
} from './helpers/i18n-check.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

/**
 * Issue 21 item 1, texts the server writes: a refused postback's "why" on the Postback Log is said in
 * the reader's language (by its stored answer code), with no English left on the screen; so are an
 * automation run's notes and actions, the notifications (an automation alert, a cap reached) and the
 * audit log's actions. A lead's failed push says its error by code too (the advertiser's endpoint is
 * a loopback address, which the server refuses to push to: code `refused`), on the lead's page.
 * @TODO a refused pixel's fraud event and a postback's warnings are coded and translated
 * (test/pixel-opt-in, test/postback-aliases) but not yet seeded here.
 */
const SENTENCES = { es, ru, hi } as const;
const ADMIN_WORDS = { es: esAdmin, ru: ruAdmin, hi: hiAdmin } as const;

describe('texts the server writes, in Spanish, Russian and Hindi', () => {
  let server: RunningServer;
  let browser: Browser;
  let leadId: string;

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
    // A lead whose push is refused (the endpoint is a loopback address): its push error is coded.
    const offer = await post('/api/admin/offers', {
      name: 'Crypto Pro',
      advertiser_id: advertiser.id,
      landing_url: 'https://example.com/?click_id={click_id}',
      adv_payout: '12.00',
      pub_payout: '8.00',
      currency: 'USD',
      visibility: 'public',
      geo: [],
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Nova Traffic',
      email: 'nova@traffic.test',
      password: 'nova-traffic-pass-1',
      status: 'approved',
    });
    const lead = await fetch(`${server.url}/api/lead`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER },
      body: JSON.stringify({
        offer_id: offer.id,
        pub_id: publisher.id,
        phone: '+919876543210',
        name: 'Asha',
      }),
    });
    expect(lead.status, await lead.clone().text()).toBeLessThan(300);
    leadId = ((await lead.json()) as { id: string }).id;
    DATA.push('Asha');
    // A cap of one click on the offer: the click reaches it, a "cap reached" notification.
    await post('/api/admin/caps', {
      offer_id: offer.id,
      period: 'daily',
      metric: 'clicks',
      limit: '1',
      mode: 'hard',
      on_reached: 'trafficback',
      time_zone: 'UTC',
    });
    const click = await fetch(`${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}`, {
      redirect: 'manual',
      headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/156.0 Safari/537.36' },
    });
    expect(click.status).toBe(302);
    // Two EPC rules on that click: one needs more volume (a note), one matches (an alert).
    const rule = (min_volume: number) =>
      post('/api/admin/automation/rules', {
        name: 'Nova Traffic',
        metric: 'epc',
        scope: 'offer',
        target_id: null,
        operator: 'gte',
        threshold: '0.00',
        window_hours: 24,
        min_volume,
        actions: [{ type: 'alert_admin' }],
        enabled: false,
      });
    const [few, any] = [await rule(10), await rule(1)];
    // Clicks are written in batches: wait until the rule sees this one.
    for (let i = 0; ; i++) {
      const dry = await post<{ evaluated: unknown[] }>(`/api/admin/automation/rules/${few.id}/run`, {
        dry_run: true,
      });
      if (dry.evaluated.length > 0) break;
      if (i > 40) throw new Error('the click never reached the automation rule');
      await new Promise((done) => setTimeout(done, 250));
    }
    await post(`/api/admin/automation/rules/${any.id}/run`, {});
    await post(`/api/admin/automation/rules/${few.id}/run`, {});
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
      // The lead's push error, once the worker has tried (it refuses a loopback target at once).
      const refusedPush = SENTENCES[lang].messages.leadPush.refused.split('<c>')[0] as string;
      for (let tries = 0; ; tries++) {
        await page.goto(`/admin/leads/${leadId}`);
        await page.locator('main h1').first().waitFor();
        if ((await page.getByText(refusedPush).count()) > 0 || tries >= 20) break;
        await page.waitForTimeout(1000);
      }
      await page.getByText(refusedPush).first().waitFor();
      await checkScreen(page, lang, `/admin/leads/${leadId}`, `server-texts-lead-${lang}`);
      await context.close();
    }
    expectNoFailures();
  }, 300_000);

  it("says an automation run's notes, the notifications and the audit log's actions in the reader's language", async () => {
    for (const lang of ['es', 'ru', 'hi'] as const) {
      const context = await browser.newContext({ baseURL: server.url, locale: lang, timezoneId: 'UTC' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await signIn(page, '/admin', ADMIN.email, ADMIN.password);
      const words = SENTENCES[lang].messages;
      await checkScreen(
        page,
        lang,
        '/admin/automation?view=notifications',
        `server-texts-notifications-${lang}`,
      );
      await page.getByText(words.notification.cap_next.trafficback, { exact: false }).first().waitFor();
      await checkScreen(page, lang, '/admin/automation?view=runs', `server-texts-runs-${lang}`);
      await page.getByText(words.automation.notified_admin).first().waitFor();
      // The newest run only noted the volume: its dialog says the note.
      await page.locator('table tbody tr').first().locator('button').first().click();
      await page.locator('dialog[open]').waitFor();
      const note = words.automation.below_min_volume.replace('{{volume}}', '1').replace('{{min}}', '10');
      await page.locator('dialog[open]').getByText(note, { exact: false }).waitFor();
      expect(englishLeft(await visibleWords(page), lang), `${lang} run dialog`).toEqual([]);
      await checkScreen(page, lang, '/admin/audit-log', `server-texts-audit-${lang}`);
      await page.getByText(ADMIN_WORDS[lang].admin.audit.actions.create, { exact: true }).first().waitFor();
      await page.getByText(ADMIN_WORDS[lang].admin.audit.actions.run, { exact: true }).first().waitFor();
      await context.close();
    }
    expectNoFailures();
  }, 300_000);
});
