import { readFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, formatDateTime } from '../web/src/lib/time-zone.js';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36';

/** A Dashboard card by its label. */
function card(page: Page, label: string) {
  return page.locator('.card', { has: page.locator('.card-label', { hasText: new RegExp(`^${label}$`) }) });
}

/** The Monday (UTC) of the week a YYYY-MM-DD day is in: how the statistics name a week. */
function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** "2026-06-01 17:30:00" → epoch ms, read as if UTC, to compare two zones' wall clocks. */
function wallClockMs(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

/**
 * The Dashboard's periods, the conversion statistics' granularity, and the Leads page's sample CSV,
 * two column filters at once and its time zone, over three leads: two from India (one approved), one
 * from the US (approved).
 */
describe('periods, granularity, filters, time zones and downloads', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  const today = new Date().toISOString().slice(0, 10);
  let ravisLead = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_url: string }>('/api/admin/advertisers', {
      name: 'Health Buyer',
      endpoint_url: 'https://health-buyer.test/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Joint Relief',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '20.00',
      pub_payout: '15.00',
      currency: 'USD',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Desi Traffic',
      email: 'desi@traffic.test',
      status: 'approved',
    });
    const people = [
      { name: 'Asha Iyer', phone: '+919876500001', country: 'IN', sub1: 'fb', approve: true },
      { name: 'Ravi Kumar', phone: '+919876500002', country: 'IN', sub1: 'google', approve: false },
      { name: 'Ben Ortiz', phone: '+14155550177', country: 'US', sub1: 'fb', approve: true },
    ];
    for (const [i, person] of people.entries()) {
      const click = await fetch(
        `${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=${person.sub1}`,
        {
          redirect: 'manual',
          headers: { 'x-forwarded-for': `203.0.113.${40 + i}`, 'user-agent': BROWSER_UA },
        },
      );
      expect(click.status).toBe(302);
      const clickId = new URL(click.headers.get('location') ?? '').searchParams.get('click_id') ?? '';
      const lead = await fetch(`${server.url}/api/lead`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA },
        body: JSON.stringify({
          click_id: clickId,
          name: person.name,
          phone: person.phone,
          country: person.country,
        }),
      });
      expect(lead.status, await lead.clone().text()).toBe(201);
      if (person.name === 'Ravi Kumar') ravisLead = ((await lead.clone().json()) as { id: string }).id;
      if (person.approve) {
        const url = advertiser.postback_url
          .replace('{click_id}', clickId)
          .replace('{status}', 'approved')
          .replace('{payout}', '')
          .replace('{comment}', '');
        expect((await fetch(url)).status).toBe(200);
      }
    }
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin/dashboard');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the Dashboard switches between 7, 14 and 30 days', async () => {
    const { page } = operator;
    const period = (label: string) => page.getByRole('button', { name: label, exact: true });
    await expect.poll(() => period('7 days').getAttribute('aria-pressed')).toBe('true');
    await card(page, 'Revenue').getByText('$40.00', { exact: true }).waitFor();
    const chart = page.getByRole('figure', { name: 'Clicks per day (UTC)' });
    await chart.getByRole('img', { name: /^.*7 bars, highest 3 on/ }).waitFor();

    await period('14 days').click();
    await expect.poll(() => period('14 days').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => period('7 days').getAttribute('aria-pressed')).toBe('false');
    await chart.getByRole('img', { name: /14 bars, highest 3 on/ }).waitFor();
    await card(page, 'Clicks').getByText('3', { exact: true }).waitFor();
    await card(page, 'Conversions').getByText('2', { exact: true }).waitFor();
    await card(page, 'Profit').getByText('$10.00', { exact: true }).waitFor();
    await card(page, 'Approval %').getByText('66.67%', { exact: true }).waitFor();
    await screenshot(page, 'periods-01-dashboard-14-days');

    await period('30 days').click();
    await chart.getByRole('img', { name: /30 bars, highest 3 on/ }).waitFor();
    // The whole page is the shell: nothing hangs below the sidebar (a full-page screenshot shows none).
    const overhang = await page.evaluate(
      () =>
        document.documentElement.scrollHeight -
        (document.querySelector('.shell')?.getBoundingClientRect().height ?? 0),
    );
    expect(overhang).toBeLessThanOrEqual(0);
    await screenshot(page, 'periods-02-dashboard-30-days');
  });

  it('the conversion statistics name their rows by day, week or month', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Conversions' })
      .click();
    const filters = page.getByRole('form', { name: 'Statistics filters' });
    const table = page.getByRole('region', { name: 'Conversion statistics table' });
    const labels = () => table.getByRole('rowheader').allTextContents();
    await filters.getByLabel('Period').selectOption('30d');
    await filters.getByRole('button', { name: 'Show' }).click();
    await expect.poll(labels).toContain(today);

    await filters.getByLabel('Granularity').selectOption('week');
    await filters.getByRole('button', { name: 'Show' }).click();
    // The address first: on a Monday the day rows already name the week's Monday (failed on 2026-12-07).
    await expect.poll(() => new URL(page.url()).searchParams.get('s_granularity')).toBe('week');
    await expect.poll(labels).toContain(mondayOf(today));
    const weekRow = table.getByRole('row', { name: new RegExp(`^${mondayOf(today)}`) });
    await expect.poll(() => weekRow.getByRole('cell').first().textContent()).toBe('3');
    await screenshot(page, 'periods-03-stats-by-week');

    await filters.getByLabel('Granularity').selectOption('month');
    await filters.getByRole('button', { name: 'Show' }).click();
    await expect.poll(labels).toContain(today.slice(0, 7));
    expect(await labels()).not.toContain(mondayOf(today));
    await screenshot(page, 'periods-04-stats-by-month');
  });

  it('the Leads page downloads its sample CSV', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Leads' })
      .click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Sample CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('leads-sample.csv');
    const text = await readFile(await download.path(), 'utf8');
    const [header, first] = text.split('\r\n');
    expect(header).toBe(
      'Full Name,Phone,Email,Country,IP,Address,Comment,Sub1,Sub2,Sub3,Sub4,Sub5,Product Size',
    );
    expect(first?.startsWith('John Smith,+919876543210,')).toBe(true);
  });

  it('two filters of the form and a status chip narrow the leads together', async () => {
    const { page } = operator;
    const chips = page.getByRole('group', { name: 'Lead status' });
    const form = page.getByRole('form', { name: 'Search leads' });
    await chips.getByRole('button', { name: 'Total 3' }).waitFor();
    await page.getByText('1–3 of 3').waitFor();
    await form.getByLabel('Country', { exact: true }).fill('IN');
    await form.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('1–2 of 2').waitFor();
    await chips.getByRole('button', { name: 'Approved 1' }).waitFor();
    await page.getByRole('row', { name: /Asha Iyer/ }).waitFor();
    await page.getByRole('row', { name: /Ravi Kumar/ }).waitFor();
    expect(await page.getByRole('row', { name: /Ben Ortiz/ }).count()).toBe(0);

    await form.getByLabel('Sub1', { exact: true }).fill('fb');
    await form.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('1–1 of 1').waitFor();
    await page.getByRole('row', { name: /Asha Iyer/ }).waitFor();
    expect(await page.getByRole('row', { name: /Ravi Kumar/ }).count()).toBe(0);
    const url = new URL(page.url());
    expect([url.searchParams.get('country'), url.searchParams.get('sub1')]).toEqual(['IN', 'fb']);
    await screenshot(page, 'periods-05-leads-two-filters');

    // Reload: the form's filters are in the address bar.
    await page.reload();
    expect(await form.getByLabel('Sub1', { exact: true }).inputValue()).toBe('fb');
    await page.getByText('1–1 of 1').waitFor();
    await form.getByLabel('Sub1', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('1–2 of 2').waitFor();
    await chips.getByRole('button', { name: 'Processing (new) 1' }).click();
    await page.getByText('1–1 of 1').waitFor();
    await page.getByRole('row', { name: /Ravi Kumar/ }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('1–3 of 3').waitFor();
  });

  it('the time zone picked in the top bar moves the leads’ timestamps', async () => {
    const { page } = operator;
    const time = page.getByRole('row', { name: /Ben Ortiz/ }).locator('time');
    const iso = (await time.getAttribute('datetime')) ?? '';
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await expect.poll(() => time.textContent()).toBe(formatDateTime(iso, 'UTC'));
    const utc = (await time.textContent()) ?? '';
    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await expect.poll(() => time.textContent()).toBe(formatDateTime(iso, 'Asia/Tokyo'));
    const tokyo = (await time.textContent()) ?? '';
    // Nine hours later on the wall clock, the same instant.
    expect(wallClockMs(tokyo) - wallClockMs(utc)).toBe(9 * 3_600_000);
    await screenshot(page, 'periods-06-leads-tokyo');
    await page.getByLabel('Time zone').selectOption('UTC');
    await expect.poll(() => time.textContent()).toBe(utc);
  });

  it('the Dashboard and the statistics count days in the chosen time zone', async () => {
    const { page } = operator;
    // Ravi's lead moves to 20:00 UTC yesterday: yesterday in UTC, already today (05:00) in Tokyo.
    const yesterday = addDays(today, -1);
    const db = new Database(server.databaseFile);
    try {
      db.prepare('update leads set created_at = ? where id = ?').run(`${yesterday}T20:00:00.000Z`, ravisLead);
    } finally {
      db.close();
    }
    const range = `s_from=${addDays(today, -2)}&s_to=${addDays(today, 1)}`;
    await page.goto(`/admin/conversions?${range}`);
    const table = page.getByRole('region', { name: 'Conversion statistics table' });
    const qtyOn = (day: string) =>
      table
        .getByRole('row', { name: new RegExp(`^${day}`) })
        .getByRole('cell')
        .first();
    await expect.poll(() => qtyOn(yesterday).textContent()).toBe('1');
    await expect.poll(() => table.getByRole('rowheader').allTextContents()).toContain(today);
    const download = page.getByRole('link', { name: 'Export TSV' });
    expect(await download.getAttribute('href')).toContain('tz=UTC');

    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    // Refetched in Tokyo's days: no lead is yesterday's any more, Ravi's is today's.
    await expect.poll(() => table.getByRole('rowheader').allTextContents()).not.toContain(yesterday);
    expect(await table.getByRole('rowheader').allTextContents()).toContain(today);
    expect(await download.getAttribute('href')).toContain('tz=Asia%2FTokyo');
    await screenshot(page, 'periods-07-stats-tokyo');

    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    await page.getByRole('figure', { name: 'Clicks per day (Asia/Tokyo)' }).waitFor();
    await page.getByLabel('Time zone').selectOption('UTC');
    await page.getByRole('figure', { name: 'Clicks per day (UTC)' }).waitFor();
  });

  it('showed no script or security-policy errors on the way', () => {
    expect(operator.problems).toEqual([]);
  });
});
