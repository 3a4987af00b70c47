import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { checkScreen, DATA, expectNoFailures, signIn } from './helpers/i18n-check.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (X11) Chrome/156.0';
const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const IN_OFFER = 'Crypto Pro';
const OUT_OFFER = 'Zeta Loans';

/**
 * Issue 21 item 7: one filter form (web/src/components/filter-form.tsx) on Clicks, Conversions,
 * Postback Log, Fraud events and Leads. Two offers each get a click, a lead, a conversion, a postback
 * and a bot click; on each screen the filter keeps one offer's row in and the other's out, survives
 * a reload (it lives in the address bar) and rides on the Export link. Then Fraud events in es/ru/hi.
 */
describe('the one filter form', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let inOffer = '';
  const clickIds: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    DATA.push(OUT_OFFER, 'Nova Traffic', 'Asha Rao', 'Omar Out');
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_url: string }>('/api/admin/advertisers', {
      name: 'Crypto Leads Ltd',
      endpoint_url: 'http://127.0.0.1:9/lead',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Nova Traffic',
      email: 'nova@traffic.test',
      status: 'approved',
    });
    const offerIds: string[] = [];
    for (const name of [IN_OFFER, OUT_OFFER]) {
      const offer = await post('/api/admin/offers', {
        name,
        advertiser_id: advertiser.id,
        landing_url: `${server.url}/healthz?click_id={click_id}`,
        adv_payout: '40.00',
        pub_payout: '30.00',
        currency: 'USD',
      });
      offerIds.push(offer.id);
    }
    inOffer = offerIds[0] ?? '';
    for (const [i, offerId] of offerIds.entries()) {
      const click = await fetch(`${server.url}/click?offer_id=${offerId}&pub_id=${publisher.id}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `198.51.100.${i + 10}`, 'user-agent': BROWSER_UA },
      });
      const clickId = new URL(click.headers.get('location') ?? '').searchParams.get('click_id') ?? '';
      expect(clickId).not.toBe('');
      clickIds.push(clickId);
      const lead = await fetch(`${server.url}/api/lead`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1' },
        body: JSON.stringify({
          click_id: clickId,
          name: i === 0 ? 'Asha Rao' : 'Omar Out',
          phone: `+9198765432${i}0`,
        }),
      });
      expect(lead.status, await lead.text()).toBe(201);
      const postback = advertiser.postback_url
        .replace('{click_id}', clickId)
        .replace('{status}', 'approved')
        .replace('{payout}', '')
        .replace('{comment}', 'paid');
      expect((await fetch(postback)).status).toBe(200);
      // A bot's click: a fraud event of this offer.
      const bot = await fetch(`${server.url}/click?offer_id=${offerId}&pub_id=${publisher.id}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `203.0.113.${i + 10}`, 'user-agent': BOT_UA },
      });
      expect(bot.status).toBe(403);
    }
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Rows naming `text`, as cells of the list's table. */
  const cells = (page: Page, text: string) => page.locator('table tbody td').filter({ hasText: text });

  async function filtersAndKeeps(
    page: Page,
    screen: {
      path: string;
      form: string;
      in: string;
      out: string;
      param: [string, string];
      exportPath?: string;
    },
    choose: (form: ReturnType<Page['getByRole']>) => Promise<void>,
  ) {
    await page.goto(screen.path);
    await cells(page, screen.out).first().waitFor();
    await cells(page, screen.in).first().waitFor();
    const form = page.getByRole('form', { name: screen.form });
    await choose(form);
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => cells(page, screen.out).count()).toBe(0);
    await cells(page, screen.in).first().waitFor();
    expect(new URL(page.url()).searchParams.get(screen.param[0])).toBe(screen.param[1]);
    // Reload: the filter is in the address bar, so the form and the rows keep it.
    await page.reload();
    await cells(page, screen.in).first().waitFor();
    expect(await cells(page, screen.out).count()).toBe(0);
    if (screen.exportPath) {
      const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
      expect(href).toContain(screen.exportPath);
      expect(new URL(href ?? '', server.url).searchParams.get(screen.param[0])).toBe(screen.param[1]);
    }
    return form;
  }

  it('filters Clicks by offer, keeps it on reload and in the export, and clears it', async () => {
    const { page } = operator;
    const form = await filtersAndKeeps(
      page,
      {
        path: '/admin/clicks',
        form: 'Click filters',
        in: IN_OFFER,
        out: OUT_OFFER,
        param: ['offer_id', inOffer],
        exportPath: '/api/admin/clicks/export.csv',
      },
      (f) =>
        f
          .getByLabel('Offer')
          .selectOption({ label: IN_OFFER })
          .then(() => undefined),
    );
    expect(await form.getByLabel('Offer').inputValue()).toBe(inOffer);
    await screenshot(page, 'filter-form-clicks');
    await form.getByRole('button', { name: 'Clear filters' }).click();
    await cells(page, OUT_OFFER).first().waitFor();
    expect(new URL(page.url()).searchParams.get('offer_id')).toBeNull();
  });

  it('fills the days from a period preset', async () => {
    const { page } = operator;
    await page.goto('/admin/clicks');
    const form = page.getByRole('form', { name: 'Click filters' });
    await form.getByLabel('Period').selectOption('7d');
    const to = await form.getByLabel('To', { exact: true }).inputValue();
    const from = await form.getByLabel('From', { exact: true }).inputValue();
    expect(to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(6);
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(from);
    await page.reload();
    expect(await form.getByLabel('Period').inputValue()).toBe('7d');
    await cells(page, IN_OFFER).first().waitFor();
  });

  it('filters Conversions by offer', async () => {
    await filtersAndKeeps(
      operator.page,
      {
        path: '/admin/conversions',
        form: 'Conversion filters',
        in: IN_OFFER,
        out: OUT_OFFER,
        param: ['offer_id', inOffer],
        exportPath: '/api/admin/conversions/export.csv',
      },
      (f) =>
        f
          .getByLabel('Offer')
          .selectOption({ label: IN_OFFER })
          .then(() => undefined),
    );
  });

  it('filters the Postback Log by click ID', async () => {
    const [inClick = '', outClick = ''] = clickIds;
    await filtersAndKeeps(
      operator.page,
      {
        path: '/admin/postbacks',
        form: 'Postback filters',
        in: inClick,
        out: outClick,
        param: ['click_id', inClick],
        exportPath: '/api/admin/postbacks/export.csv',
      },
      (f) => f.getByLabel('Click ID').fill(inClick),
    );
  });

  it('filters Leads by offer and by the search box', async () => {
    const { page } = operator;
    await filtersAndKeeps(
      page,
      {
        path: '/admin/leads',
        form: 'Search leads',
        in: 'Asha Rao',
        out: 'Omar Out',
        param: ['offer_id', inOffer],
        exportPath: '/api/admin/leads/export.csv',
      },
      (f) =>
        f
          .getByLabel('Offer')
          .selectOption({ label: IN_OFFER })
          .then(() => undefined),
    );
    const form = page.getByRole('form', { name: 'Search leads' });
    await form.getByRole('button', { name: 'Clear filters' }).click();
    await cells(page, 'Omar Out').first().waitFor();
    await form.getByRole('searchbox', { name: 'Search leads' }).fill('Omar');
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => cells(page, 'Asha Rao').count()).toBe(0);
    await cells(page, 'Omar Out').first().waitFor();
  });

  it('filters Leads by the columns’ fields of the form (no filters under the headers), kept on reload and export', async () => {
    const { page } = operator;
    await filtersAndKeeps(
      page,
      {
        path: '/admin/leads',
        form: 'Search leads',
        in: 'Asha Rao',
        out: 'Omar Out',
        param: ['name', 'Asha'],
        exportPath: '/api/admin/leads/export.csv',
      },
      (f) => f.getByLabel('Name', { exact: true }).fill('Asha'),
    );
    // One form: no filter row under the table's headers.
    expect(await page.locator('table thead tr').count()).toBe(1);
    const form = page.getByRole('form', { name: 'Search leads' });
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('Asha');
    await form.getByLabel('Sub1', { exact: true }).waitFor();
    await form.getByLabel('Phone', { exact: true }).waitFor();
    // A country is checked before anything is sent.
    await form.getByLabel('Country', { exact: true }).fill('I');
    await form.getByRole('button', { name: 'Apply' }).click();
    await form.getByText('Two-letter ISO code, e.g. IN').waitFor();
    await form.getByRole('button', { name: 'Clear filters' }).click();
    await cells(page, 'Omar Out').first().waitFor();
    expect(new URL(page.url()).searchParams.get('name')).toBeNull();
  });

  it('filters Fraud events by offer, and exports the filtered events as CSV and XLSX', async () => {
    const { page } = operator;
    await filtersAndKeeps(
      page,
      {
        path: '/admin/fraud?view=events',
        form: 'Fraud event filters',
        in: IN_OFFER,
        out: OUT_OFFER,
        param: ['offer_id', inOffer],
        exportPath: '/api/admin/fraud/events/export.csv',
      },
      (f) =>
        f
          .getByLabel('Offer')
          .selectOption({ label: IN_OFFER })
          .then(() => undefined),
    );
    expect(new URL(page.url()).searchParams.get('view')).toBe('events');
    // The link downloads the filtered events: the in-offer bot click only.
    const href = (await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')) ?? '';
    const csv = await page.request.get(new URL(href, server.url).toString());
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\r\n');
    // The file starts with a BOM (the text reader may drop it).
    expect(lines[0]?.replace(/^\uFEFF/, '')).toBe('created_at,kind,rule,id,ip,offer_id,publisher_id,detail');
    expect(
      lines.slice(1).map((l) =>
        l
          .split(',')
          .slice(1, 3)
          .concat(l.split(',')[5] ?? ''),
      ),
    ).toEqual([['click', 'bot_ua', inOffer]]);
    const xlsxHref = (await page.getByRole('link', { name: 'Export XLSX' }).getAttribute('href')) ?? '';
    expect(xlsxHref).toContain('/api/admin/fraud/events/export.xlsx');
    expect(new URL(xlsxHref, server.url).searchParams.get('offer_id')).toBe(inOffer);
    const xlsx = await page.request.get(new URL(xlsxHref, server.url).toString());
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-disposition']).toMatch(/fraud-events-\d{4}-\d\d-\d\d\.xlsx/);
  });

  it('fits a 390 px phone', async () => {
    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    await signInAsAdmin(phone.page, '/admin/clicks');
    const form = phone.page.getByRole('form', { name: 'Click filters' });
    await form.getByRole('button', { name: 'Apply' }).waitFor();
    for (const control of await form.locator('select, input, button').all()) {
      const box = await control.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    }
    await screenshot(phone.page, 'filter-form-phone');
    await phone.context.close();
  });

  it('shows Fraud events in Spanish, Russian and Hindi', async () => {
    for (const lang of ['es', 'ru', 'hi'] as const) {
      const context = await browser.newContext({ baseURL: server.url, locale: lang, timezoneId: 'UTC' });
      const page = await context.newPage();
      await signIn(page, '/admin', ADMIN.email, ADMIN.password);
      await checkScreen(page, lang, '/admin/fraud?view=events', 'admin-fraud-events');
      // The same with a filter applied: the "none match" note too.
      await checkScreen(page, lang, '/admin/fraud?view=events&rule=ip_velocity', 'admin-fraud-events-none');
      await context.close();
    }
    expectNoFailures();
  });
});
