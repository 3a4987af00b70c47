import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './helpers/api.js';
import { launchChromium } from './helpers/browser.js';
import {
  ADMIN_SCREENS,
  checkScreen,
  DATA,
  englishLeft,
  expectNoFailures,
  signIn,
  visibleWords,
} from './helpers/i18n-check.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

/**
 * Issue 21 item 1: every translated screen, in Spanish, Russian and Hindi, shows no English outside data.
 * Data the test seeds (names, emails), codes and URLs (<code>), the time-zone and language pickers
 * and brand or industry words are left out; what remains is checked against English words (Spanish)
 * or against any Latin word at all (Russian, Hindi). The admin screens listed in ADMIN_SCREENS are the ones
 * translated so far (docs/i18n.md lists the rest).
 */
const PORTAL_SCREENS = ['offers', 'flows', 'marketplace', 'stats', 'payouts', 'settings'] as const;
/** Screens of rows the test seeds (beforeAll adds their paths: a local site's page). */
const SEEDED_ADMIN_SCREENS: string[] = [];
/** Issue 21 part B: Fraud, Automation and the edit pages (ids seeded below), with Caps and the dialogs' words. */
const TRAFFIC_AND_FORM_SCREENS = [
  'fraud',
  'fraud?view=rules',
  'automation',
  'automation?view=runs',
  'automation?view=notifications',
  'offers/new',
  'advertisers/new',
  'offers/:offer',
  'advertisers/:advertiser',
  'leads/:lead',
] as const;

describe('the portal and the admin panel in Spanish and Russian', () => {
  let server: RunningServer;
  let browser: Browser;
  const publisher = { email: 'nova@traffic.test', password: 'nova-password-1' };
  let seeded: { offerId: string; publisherId: string; advertiser: { id: string; postback_token?: string } };
  const seededIds: Record<string, string> = {};

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_token: string }>('/api/admin/advertisers', {
      name: 'Crypto Leads Ltd',
      endpoint_url: 'http://127.0.0.1:9/lead',
    });
    seededIds.advertiser = advertiser.id;
    const offer = await post('/api/admin/offers', {
      name: 'Crypto Pro',
      advertiser_id: advertiser.id,
      landing_url: 'http://127.0.0.1:9/land?click_id={click_id}',
      adv_payout: '40.00',
      pub_payout: '30.00',
      currency: 'USD',
    });
    const nova = await post('/api/admin/publishers', {
      name: 'Nova Traffic',
      status: 'approved',
      ...publisher,
    });
    seeded = { offerId: offer.id, publisherId: nova.id, advertiser };
    // Finance, Reports, Settings, Sites: a rate in the Settings table and a local site with its editor.
    await post('/api/admin/currency-rates', { currency: 'EUR', rate_date: '2026-01-01', rate: '1.0850' });
    const site = await post('/api/admin/sites', {
      offer_id: offer.id,
      name: 'Crypto Pro',
      slug: 'crypto-pro',
    });
    SEEDED_ADMIN_SCREENS.push(`sites/${site.id}`);
    seededIds.offer = offer.id;
    seededIds.publisher = nova.id;
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('speaks Spanish to a browser that asks for it, on every portal screen and the sign-in page', async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: 'es-MX', timezoneId: 'UTC' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/webmaster');
    await page.getByRole('heading', { name: 'Acceso de afiliados' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(englishLeft(await visibleWords(page), 'es')).toEqual([]);
    // The sign-up form a new publisher fills before any account exists.
    await page.goto('/webmaster/register');
    await page.locator('form input[type=email]').waitFor();
    expect(englishLeft(await visibleWords(page), 'es')).toEqual([]);
    await signIn(page, '/webmaster', publisher.email, publisher.password);
    for (const screen of PORTAL_SCREENS)
      await checkScreen(page, 'es', `/webmaster/${screen}`, `portal-${screen}`);
    await context.close();
    expectNoFailures();
  }, 300_000);

  it('keeps a publisher’s choice of Russian on the account: another browser opens in Russian', async () => {
    const first = await browser.newContext({ baseURL: server.url, locale: 'en-US', timezoneId: 'UTC' });
    const page = await first.newPage();
    await signIn(page, '/webmaster', publisher.email, publisher.password);
    await page.getByRole('heading', { name: 'Offers & links' }).waitFor();
    await page.locator('.lang-select select').selectOption('ru');
    await page.getByRole('heading', { name: 'Офферы и ссылки' }).waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ru');
    await first.close();

    // A fresh browser that prefers English: the account's choice wins once signed in.
    const second = await browser.newContext({ baseURL: server.url, locale: 'en-US', timezoneId: 'UTC' });
    second.setDefaultTimeout(10_000);
    const other = await second.newPage();
    await signIn(other, '/webmaster', publisher.email, publisher.password);
    await other.getByRole('heading', { name: 'Офферы и ссылки' }).waitFor();
    for (const screen of PORTAL_SCREENS)
      await checkScreen(other, 'ru', `/webmaster/${screen}`, `portal-${screen}`);
    await second.close();
    expectNoFailures();
  }, 300_000);

  it('speaks Hindi to a browser in India, on the sign-in page and every portal screen', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'hi-IN',
      timezoneId: 'Asia/Kolkata',
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/webmaster');
    await page.getByRole('heading', { name: 'पब्लिशर साइन इन' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('hi');
    expect(englishLeft(await visibleWords(page), 'hi')).toEqual([]);
    await page.goto('/webmaster/register');
    await page.locator('form input[type=email]').waitFor();
    expect(englishLeft(await visibleWords(page), 'hi')).toEqual([]);
    await signIn(page, '/webmaster', publisher.email, publisher.password);
    // The account keeps the last choice (Russian, from the test above): pick Hindi in the top bar.
    await page.locator('.lang-select select').selectOption('hi');
    await page.getByRole('heading', { name: 'ऑफ़र और लिंक' }).waitFor();
    for (const screen of PORTAL_SCREENS)
      await checkScreen(page, 'hi', `/webmaster/${screen}`, `portal-${screen}`);
    await context.close();
    expectNoFailures();
  }, 300_000);

  it('shows the translated admin screens in both languages, numbers and dates by locale', async () => {
    // Hindi visits every admin screen in e2e/i18n-hindi.test.ts.
    for (const lang of ['es', 'ru'] as const) {
      const context = await browser.newContext({ baseURL: server.url, locale: lang, timezoneId: 'UTC' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await signIn(page, '/admin', ADMIN.email, ADMIN.password);
      for (const screen of [...ADMIN_SCREENS, ...SEEDED_ADMIN_SCREENS])
        await checkScreen(page, lang, `/admin/${screen}`, `admin-${screen.replaceAll('/', '-')}`);
      await context.close();
    }
    expectNoFailures();
  }, 300_000);

  it('shows an invoice, its lines and the Finance rows in Spanish and Russian', async () => {
    // Last: an approved conversion puts rows on other screens (Dashboard, Leads, Postback Log).
    const post = await adminApi(server.url);
    const click = await fetch(`${server.url}/click?offer_id=${seeded.offerId}&pub_id=${seeded.publisherId}`, {
      redirect: 'manual',
      headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/156.0 Safari/537.36' },
    });
    const clickId = new URL(String(click.headers.get('location'))).searchParams.get('click_id');
    const token = seeded.advertiser.postback_token;
    const approved = await fetch(`${server.url}/postback?click_id=${clickId}&status=approved&token=${token}`);
    expect(approved.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const created = await post<{ data: { id: string; number: string }[] }>('/api/admin/invoices', {
      advertiser_id: seeded.advertiser.id,
      from: today,
      to: today,
      tz: 'UTC',
      due_days: 30,
      notes: '',
    });
    const invoice = created.data[0];
    if (!invoice) throw new Error('no invoice made');
    // The invoice's number is data, like the seeded names.
    DATA.push(invoice.number);
    for (const lang of ['es', 'ru'] as const) {
      const context = await browser.newContext({ baseURL: server.url, locale: lang, timezoneId: 'UTC' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await signIn(page, '/admin', ADMIN.email, ADMIN.password);
      await checkScreen(page, lang, '/admin/finance', 'admin-finance-rows');
      await checkScreen(page, lang, '/admin/finance/invoices', 'admin-finance-invoices-rows');
      await checkScreen(page, lang, `/admin/finance/invoices/${invoice.id}`, 'admin-invoice');
      await context.close();
    }
    expectNoFailures();
  }, 300_000);

  it('shows Fraud, Automation, Caps, the offer, advertiser and lead pages in Spanish and Russian', async () => {
    const post = await adminApi(server.url);
    await post('/api/admin/caps', {
      offer_id: seededIds.offer,
      period: 'daily',
      metric: 'leads',
      limit: '100',
      mode: 'hard',
      on_reached: 'trafficback',
      time_zone: 'UTC',
    });
    await post('/api/admin/automation/rules', {
      name: 'Nova Traffic',
      metric: 'approval_rate',
      scope: 'offer',
      target_id: null,
      operator: 'lt',
      threshold: '20',
      window_hours: 24,
      min_volume: 10,
      actions: [{ type: 'alert_admin' }],
      enabled: true,
      schedule: '*/15 * * * *',
    });
    // A test lead (never pushed), named after the seeded publisher so its fields are data.
    const lead = await fetch(`${server.url}/api/lead`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (X11) Chrome/156.0' },
      body: JSON.stringify({
        offer_id: seededIds.offer,
        pub_id: seededIds.publisher,
        name: 'Nova Traffic',
        email: 'nova@traffic.test',
        test: 1,
      }),
    });
    expect(lead.status, await lead.clone().text()).toBe(201);
    seededIds.lead = ((await lead.json()) as { id: string }).id;
    for (const lang of ['es', 'ru'] as const) {
      const context = await browser.newContext({ baseURL: server.url, locale: lang, timezoneId: 'UTC' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await signIn(page, '/admin', ADMIN.email, ADMIN.password);
      for (const screen of TRAFFIC_AND_FORM_SCREENS) {
        const path = screen.replace(/:(\w+)/, (_, key: string) => seededIds[key] ?? '');
        await checkScreen(page, lang, `/admin/${path}`, `admin-${screen.replace(/[?=:/]+/g, '-')}`);
      }
      await context.close();
    }
    expectNoFailures();
  }, 300_000);
});
