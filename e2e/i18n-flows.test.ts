import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOfferAndPublisher } from './helpers/api.js';
import { launchChromium, screenshot } from './helpers/browser.js';
import {
  checkScreen,
  DATA,
  englishLeft,
  expectNoFailures,
  KEPT,
  type Lang,
  signIn,
  visibleWords,
} from './helpers/i18n-check.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

/**
 * Issue 21 item 1, the flow screens: the stream editor (filters of several kinds, a split test with
 * two landings and clicks), its live preview, Simulate and Split test, the grouped report by two
 * dimensions with a drill-down, and the portal's own streams, tools and reports, in Spanish, Russian
 * and Hindi: no visible English outside data (e2e/helpers/i18n-check.ts).
 */
const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const publisher = { email: 'nova@traffic.test', password: 'nova-password-1' };
/** What this test seeds and the screens show as data. */
const SEEDED = ['Promo A', 'Promo B', 'India mobile', 'Jio Android', 'Desktop by language', 'Everyone else'];
/** Device and OS brands the presets and the visitor name (Chrome and Safari are kept already), and codes. */
const BRANDS = 'Android iPhone iPad Windows Mac Samsung ASN ROI Accept-Language';

/** Failures found after an action on a screen (a simulated visitor, a drill-down), besides checkScreen's own. */
const later: string[] = [];
async function checkAgain(page: Page, lang: Lang, name: string) {
  await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 10_000 });
  await page.waitForTimeout(200);
  const seen = await visibleWords(page);
  const left = englishLeft(seen, lang);
  await screenshot(page, `i18n-${lang}-${name}`);
  // Each word with a little of the text around it, to find it on the screen.
  const where = (w: string) => {
    const at = seen.text.search(new RegExp(`\\b${w}\\b`));
    return at < 0 ? w : `${w} («${seen.text.slice(Math.max(0, at - 30), at + w.length + 30)}»)`;
  };
  if (left.length > 0) later.push(`${lang} ${name} shows English: ${left.map(where).join(', ')}`);
}

/** The screens' failures and the ones found after an action, all listed at once. */
function expectAllChecked() {
  const found = later.splice(0);
  try {
    expectNoFailures();
  } catch (error) {
    // The assertion's own list: what checkScreen found.
    const actual = (error as { actual?: unknown }).actual;
    found.push(...(Array.isArray(actual) ? actual.map(String) : [String(error)]));
  }
  expect(found).toEqual([]);
}

describe('the flow screens and the grouped report in Spanish, Russian and Hindi', () => {
  let server: RunningServer;
  let browser: Browser;
  let flowId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    DATA.push(...SEEDED);
    for (const word of BRANDS.split(' ')) KEPT.add(word);
    const {
      post,
      offer,
      publisher: nova,
    } = await seedOfferAndPublisher(server.url, {
      advertiser: 'Crypto Leads Ltd',
      offer: 'Crypto Pro',
      publisher: 'Nova Traffic',
      ...publisher,
    });
    const sites: string[] = [];
    for (const [name, slug] of [
      ['Promo A', 'promo-a'],
      ['Promo B', 'promo-b'],
    ] as const)
      sites.push((await post('/api/admin/sites', { offer_id: offer.id, name, slug, template: 'empty' })).id);
    const flow = await post<{ id: string; code: string }>('/api/admin/flows', {
      publisher_id: nova.id,
      offer_id: offer.id,
      name: 'India mobile',
    });
    flowId = flow.id;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { token } = (await login.json()) as { token: string };
    const put = await fetch(`${server.url}/api/admin/flows/${flow.id}/streams`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        streams: [
          {
            name: 'Jio Android',
            filters: {
              type: 'and',
              filters: [
                { type: 'country', values: ['IN'] },
                { type: 'os', values: ['Android'] },
                { type: 'device', values: ['mobile', 'tablet'] },
                { type: 'param', name: 'sub1', match: 'equals', values: ['fb'] },
                { type: 'not', filter: { type: 'referrer', match: 'empty' } },
              ],
            },
            arms: [
              { type: 'landing', site_id: sites[0], weight: 50 },
              { type: 'landing', site_id: sites[1], weight: 50 },
            ],
            auto: { enabled: true, metric: 'cr', min_share_pct: 10, min_sample: 100 },
          },
          {
            name: 'Desktop by language',
            filters: {
              type: 'or',
              filters: [
                { type: 'language', values: ['hi'], match: 'primary' },
                { type: 'visitor', value: 'repeat' },
                {
                  type: 'schedule',
                  time_zone: 'Asia/Kolkata',
                  slots: [{ days: ['sat', 'sun'], from: '00:00', to: '24:00' }],
                },
              ],
            },
            arms: [{ type: 'offer', offer_id: offer.id, weight: 100 }],
          },
          { name: 'Everyone else', arms: [{ type: 'trafficback' }] },
        ],
      }),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    // Indian Android visitors from a Facebook ad: the first stream's split test has clicks on both arms.
    for (let i = 1; i <= 12; i++) {
      const r = await fetch(`${server.url}/f/${flow.code}?sub1=fb`, {
        redirect: 'manual',
        headers: {
          'x-forwarded-for': `49.36.1.${i}`,
          'user-agent': ANDROID,
          referer: 'https://m.facebook.com/',
        },
      });
      expect(r.status).toBe(302);
    }
    // The click writer's batch reaches the database.
    await new Promise((r) => setTimeout(r, 1500));
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the stream editor, Simulate, Split test and the grouped report in each language', async () => {
    for (const lang of ['es', 'ru', 'hi'] as const) {
      const context = await browser.newContext({ baseURL: server.url, locale: lang, timezoneId: 'UTC' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await signIn(page, '/admin', ADMIN.email, ADMIN.password);

      // The editor with its cards open (every filter kind's editor, the arms, the automatic split
      // test) and the live preview's verdict and reasons.
      await checkScreen(page, lang, `/admin/flows/${flowId}/streams`, 'admin-flow-streams');
      await page.locator('.preview-why').waitFor();
      await checkAgain(page, lang, 'admin-flow-streams-preview');

      await checkScreen(page, lang, `/admin/flows/${flowId}/simulate`, 'admin-flow-simulate');
      await page.locator('form.panel input.input-short').fill('IN');
      await page.locator('form.panel button[type=submit]').click();
      await page.locator('.sim-stream').first().waitFor();
      await checkAgain(page, lang, 'admin-flow-simulate-result');

      await checkScreen(page, lang, `/admin/flows/${flowId}/split-test`, 'admin-flow-split-test');
      await page.locator('.split-stream').first().waitFor();
      await checkAgain(page, lang, 'admin-flow-split-test-arms');

      // Two groupings, then a drill-down into the first row.
      await checkScreen(page, lang, '/admin/reports/grouped?group_by=offer,country', 'admin-grouped-report');
      await page.locator('.report-row-drill').first().click();
      await page.locator('.report-crumbs').waitFor();
      await checkAgain(page, lang, 'admin-grouped-report-drilled');
      await context.close();
    }
    expectAllChecked();
  }, 300_000);

  it('shows the portal’s streams, flow tools and reports in each language', async () => {
    for (const lang of ['es', 'ru', 'hi'] as const) {
      const context = await browser.newContext({ baseURL: server.url, locale: lang, timezoneId: 'UTC' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await signIn(page, '/webmaster', publisher.email, publisher.password);
      await checkScreen(page, lang, `/webmaster/flows/${flowId}/streams`, 'portal-flow-streams');
      await page.locator('.preview-why').waitFor();
      await checkAgain(page, lang, 'portal-flow-streams-preview');
      await checkScreen(page, lang, `/webmaster/flows/${flowId}/split-test`, 'portal-flow-split-test');
      await checkScreen(page, lang, `/webmaster/flows/${flowId}/simulate`, 'portal-flow-simulate');
      await checkScreen(page, lang, '/webmaster/reports?group_by=flow,sub1', 'portal-reports');
      await page.locator('.report-row-drill').first().click();
      await page.locator('.report-crumbs').waitFor();
      await checkAgain(page, lang, 'portal-reports-drilled');
      await context.close();
    }
    expectAllChecked();
  }, 300_000);
});
