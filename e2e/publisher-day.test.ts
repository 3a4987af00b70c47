import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36';
const WALLET = 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE';
const TX_HASH = '0x7f3a9c2e51b04d8e6a1f2c3b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70';

/** One loopback server plays the landing page, the advertiser's lead API and the publisher's tracker. */
async function startOutside(): Promise<{ url: string; tracker: URL[]; close: () => Promise<void> }> {
  const tracker: URL[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/tracker') tracker.push(url);
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', id: `ADV-${Date.now()}` }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    tracker,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** The money on a card, e.g. the "Payable now" card's "$60.00". */
function card(page: Page, label: string) {
  return page.locator('.card', { has: page.locator('.card-label', { hasText: new RegExp(`^${label}$`) }) });
}

/**
 * A publisher's day (issue 8): register, get approved, take a link, set a postback; traffic through
 * the real endpoints (click, lead, approved postback); stats and balance in the portal; a payout
 * request the operator pays with a TX hash on the Finance screen; the publisher sees it paid.
 * Then the operator's Dashboard and the conversion statistics over the same traffic.
 */
describe('a publisher’s day', () => {
  let server: RunningServer;
  let browser: Browser;
  let outside: Awaited<ReturnType<typeof startOutside>>;
  let operator: Person;
  let publisher: Person;
  let postbackUrl = '';
  let link = '';

  beforeAll(async () => {
    [server, browser, outside] = await Promise.all([
      startBuiltServer({ TRUST_PROXY: '1', ALLOW_PRIVATE_TARGETS: '1' }),
      launchChromium(),
      startOutside(),
    ]);
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_url: string }>('/api/admin/advertisers', {
      name: 'Crypto Leads Ltd',
      endpoint_url: `${outside.url}/lead`,
    });
    postbackUrl = advertiser.postback_url;
    // No hold period: approved money is payable at once (hold_days would keep it back that many days).
    await post('/api/admin/offers', {
      name: 'Crypto Pro',
      advertiser_id: advertiser.id,
      landing_url: `${outside.url}/land?click_id={click_id}`,
      adv_payout: '40.00',
      pub_payout: '30.00',
      currency: 'USD',
      hold_days: 0,
    });
    operator = await newPerson(browser, server.url);
    publisher = await newPerson(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), outside?.close()]);
  });

  it('registers in the portal and is approved by the operator', async () => {
    const { page } = publisher;
    await page.goto('/webmaster/register');
    await page.getByLabel('Name or company').fill('Nova Traffic');
    await page.getByLabel('Email').fill('nova@traffic.test');
    await page.getByLabel('Password', { exact: true }).fill('nova-password-1');
    await page.getByLabel('Repeat password').fill('nova-password-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Waiting for approval' }).waitFor();

    await signInAsAdmin(operator.page, '/admin/publishers?status=pending');
    const row = operator.page.getByRole('row', { name: /Nova Traffic/ });
    await row.getByRole('button', { name: 'Approve Nova Traffic' }).click();
    await operator.page.getByText('Nova Traffic approved.').waitFor();

    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByRole('heading', { name: 'Offers & links' }).waitFor();
  });

  it('takes a tracking link and sets a postback to their tracker', async () => {
    const { page } = publisher;
    await page
      .getByRole('row', { name: /Crypto Pro/ })
      .getByRole('button', { name: 'Get link for Crypto Pro' })
      .click();
    await page.getByLabel('sub1').fill('fb-ads');
    const code = page.getByRole('group', { name: 'Your tracking link' }).locator('code');
    await expect.poll(() => code.textContent()).toContain('sub1=fb-ads');
    link = (await code.textContent()) ?? '';
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/click\?offer_id=\d+&pub_id=\d+&sub1=fb-ads$/);
    await screenshot(page, 'day-01-portal-link');

    await page.getByRole('link', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Add a postback' });
    await form
      .getByLabel('Postback URL')
      // Pasted from an HTML page: the "&amp;" is repaired on save, and the form says so.
      .fill(`${outside.url}/tracker?cid={sub1}&amp;status={status}&payout={payout}`);
    await form.getByRole('button', { name: 'Save postback' }).click();
    await form.getByText('Postback saved.').waitFor();
    await form.getByText('The pasted URL was repaired').waitFor();
    await form.getByText('url: "&amp;" (HTML for "&") replaced by "&"').waitFor();
    await page.getByText(`${outside.url}/tracker?cid={sub1}&status={status}&payout={payout}`).waitFor();
  });

  it('gets traffic: two clicks, two leads, both approved by the advertiser', async () => {
    for (const [i, phone] of ['+14155550101', '+14155550102'].entries()) {
      const click = await fetch(link, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `203.0.113.${10 + i}`, 'user-agent': BROWSER_UA },
      });
      expect(click.status).toBe(302);
      const clickId = new URL(click.headers.get('location') ?? '').searchParams.get('click_id') ?? '';
      expect(clickId).toMatch(/^\w{26}$/);
      const lead = await fetch(`${server.url}/api/lead`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA },
        body: JSON.stringify({ click_id: clickId, name: `Buyer ${i + 1}`, phone }),
      });
      expect(lead.status, await lead.clone().text()).toBe(201);
      const approved = postbackUrl
        .replace('{click_id}', clickId)
        .replace('{status}', 'approved')
        .replace('{payout}', '')
        .replace('{comment}', '');
      expect((await fetch(approved)).status).toBe(200);
    }
    // The publisher's tracker hears about each approval (a job, within seconds).
    await expect
      .poll(() => outside.tracker.filter((u) => u.searchParams.get('status') === 'approved').length, {
        timeout: 15_000,
      })
      .toBe(2);
    expect(outside.tracker.at(-1)?.searchParams.get('cid')).toBe('fb-ads');
  });

  it('sees the day in Statistics, with charts', async () => {
    const { page } = publisher;
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { name: 'Statistics' }).waitFor();
    await card(page, 'Clicks').getByText('2', { exact: true }).waitFor();
    await card(page, 'Leads').getByText('2', { exact: true }).waitFor();
    await card(page, 'Approved').getByText('2', { exact: true }).waitFor();
    await card(page, 'Payout').getByText('$60.00').waitFor();
    await card(page, 'EPC').getByText('$30.00').waitFor();
    await page
      .getByRole('figure', { name: 'Clicks per day' })
      .getByRole('img', { name: /highest 2 on/ })
      .waitFor();
    await page.getByRole('figure', { name: 'Payout per day (USD, UTC)' }).waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const row = page.getByRole('row', { name: new RegExp(today) });
    await row.getByRole('cell', { name: '$60.00' }).waitFor();
    await screenshot(page, 'day-02-portal-stats');
    await page.getByLabel('Group by').selectOption('sub1');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page
      .getByRole('row', { name: /fb-ads/ })
      .getByRole('cell', { name: '100.0%' })
      .waitFor();
  });

  it('sees the balance, is stopped below the minimum, and requests a payout', async () => {
    const { page } = publisher;
    await page.getByRole('link', { name: 'Balance & payouts' }).click();
    await card(page, 'Approved').getByText('$60.00').waitFor();
    await card(page, 'Payable now').getByText('$60.00').waitFor();
    await card(page, 'Pending').getByText('$0.00').waitFor();
    await card(page, 'Paid').getByText('$0.00').waitFor();
    await page.getByText('No payout requests yet.').waitFor();
    await screenshot(page, 'day-03-portal-balance');

    const form = page.getByRole('form', { name: 'Request a payout' });
    await form.getByLabel('Amount').fill('10');
    await form.getByRole('button', { name: 'Request payout' }).click();
    await form.getByText('The minimum payout is $50.00').waitFor();
    await form.getByText('Choose how you are paid').waitFor();
    await form.getByLabel('Amount').fill('75');
    await form.getByLabel('Method').selectOption('usdt_trc20');
    await form.getByLabel('Wallet address').fill('0x-not-tron');
    await form.getByRole('button', { name: 'Request payout' }).click();
    await form.getByText('You can request at most $60.00').waitFor();
    await form.getByText(/USDT \(TRC-20\) needs a TRON address/).waitFor();
    await form.getByLabel('Amount').fill('50');
    await form.getByLabel('Wallet address').fill(WALLET);
    await form.getByRole('button', { name: 'Request payout' }).click();
    await form.getByText('Payout of $50.00 requested.', { exact: false }).waitFor();
    await page
      .getByRole('row', { name: /\$50\.00/ })
      .getByText('Requested')
      .waitFor();
    await card(page, 'Payable now').getByText('$10.00').waitFor();
  });

  it('the operator rejects that request with a reason the publisher reads', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Finance' })
      .click();
    const requests = page.getByRole('region', { name: 'Payout requests' });
    await requests
      .getByRole('row', { name: /Nova Traffic/ })
      .getByRole('button', { name: /^Reject Nova Traffic/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Reject payout request' });
    await dialog.getByRole('button', { name: 'Reject request' }).click();
    await dialog.getByText('Say why: the publisher sees this').waitFor();
    await dialog.getByLabel('Reason').fill('Ask for the whole balance in one payout, please.');
    await dialog.getByRole('button', { name: 'Reject request' }).click();
    await page.getByText('Request of Nova Traffic for $50.00 rejected.').waitFor();
    await page.getByText('No requests waiting.').waitFor();

    const publisherPage = publisher.page;
    await publisherPage.getByRole('button', { name: 'Refresh' }).click();
    const row = publisherPage.getByRole('row', { name: /\$50\.00/ });
    await row.getByText('Rejected').waitFor();
    await row.getByText('Ask for the whole balance in one payout, please.').waitFor();
    await card(publisherPage, 'Payable now').getByText('$60.00').waitFor();
  });

  it('the publisher requests the whole balance', async () => {
    const { page } = publisher;
    const form = page.getByRole('form', { name: 'Request a payout' });
    await form.getByRole('button', { name: 'Use all $60.00' }).click();
    await form.getByRole('button', { name: 'Request payout' }).click();
    await form.getByText('Payout of $60.00 requested.', { exact: false }).waitFor();
    const request = page.getByRole('row', { name: /\$60\.00/ });
    await request.getByText('Requested').waitFor();
    await card(page, 'Payable now').getByText('$0.00').waitFor();
    await screenshot(page, 'day-04-portal-payout-requested');
  });

  it('the operator pays it on the Finance screen with a TX hash', async () => {
    const { page } = operator;
    await page.getByRole('button', { name: 'Refresh' }).click();
    await card(page, 'Advertiser revenue').getByText('$80.00').waitFor();
    await card(page, 'Owed to publishers').getByText('$60.00').waitFor();
    await card(page, 'Already paid').getByText('$0.00').waitFor();
    await card(page, 'Net profit').getByText('$20.00').waitFor();
    const collect = page.getByRole('region', { name: 'Collect from advertisers' });
    await collect
      .getByRole('row', { name: /Crypto Leads Ltd/ })
      .getByRole('cell', { name: '$80.00' })
      .first() // earned, and (nothing received yet) to collect
      .waitFor();
    const pay = page.getByRole('region', { name: 'Pay to publishers' });
    await pay
      .getByRole('row', { name: /Nova Traffic/ })
      .getByRole('cell', { name: '$60.00' })
      .first()
      .waitFor();
    await screenshot(page, 'day-05-admin-finance');

    // The weekly run pays approvals a week old: nothing yet, and it says why.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Run Net-7 now' }).click();
    await page.getByText(/^Net-7 run: 0 requests created/).waitFor();

    const requests = page.getByRole('region', { name: 'Payout requests' });
    const row = requests.getByRole('row', { name: /Nova Traffic/ });
    await row.getByText(WALLET).waitFor();
    await row.getByRole('button', { name: /^Pay Nova Traffic/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Pay payout request' });
    await dialog.getByRole('button', { name: 'Mark paid' }).click();
    await dialog.getByText('Enter the TX hash or payment reference').waitFor();
    await dialog.getByLabel('TX hash or reference').fill(TX_HASH);
    await screenshot(page, 'day-06-admin-pay-dialog');
    await dialog.getByRole('button', { name: 'Mark paid' }).click();
    await page.getByText(`Paid $60.00 to Nova Traffic (reference ${TX_HASH}).`).waitFor();
    await card(page, 'Already paid').getByText('$60.00').waitFor();
    await card(page, 'Owed to publishers').getByText('$0.00').waitFor();
    await page.getByText('No requests waiting.').waitFor();
    await page.getByRole('combobox', { name: /^Show/ }).selectOption('paid');
    await requests
      .getByRole('row', { name: /Nova Traffic/ })
      .getByText('Paid')
      .waitFor();
    await screenshot(page, 'day-07-admin-finance-paid');
  });

  it('the publisher sees the payout paid, with its TX hash', async () => {
    const { page } = publisher;
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page.getByRole('row', { name: /\$60\.00/ });
    await row.getByText('Paid').waitFor();
    await row.getByText(TX_HASH).waitFor();
    await card(page, 'Paid').getByText('$60.00').waitFor();
    await card(page, 'Approved').getByText('$0.00').waitFor();
    await screenshot(page, 'day-08-portal-paid');
  });

  it('the operator’s Dashboard shows the cards and the daily chart', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    await card(page, 'Clicks').getByText('2', { exact: true }).waitFor();
    await card(page, 'Leads').getByText('2', { exact: true }).waitFor();
    await card(page, 'Conversions').getByText('2', { exact: true }).waitFor();
    await card(page, 'Revenue').getByText('$80.00').waitFor();
    await card(page, 'Profit').getByText('$20.00').waitFor();
    await card(page, 'EPC').getByText('$40.00').waitFor();
    await card(page, 'Approval %').getByText('100.00%').waitFor();
    await page
      .getByRole('figure', { name: 'Clicks per day (UTC)' })
      .getByRole('img', { name: /7 bars, highest 2/ })
      .waitFor();
    await page.getByRole('button', { name: 'Revenue' }).click();
    await page
      .getByRole('figure', { name: 'Revenue per day (UTC)' })
      .getByRole('img', { name: /highest \$80\.00/ })
      .waitFor();
    await page.getByRole('button', { name: '30 days' }).click();
    await page
      .getByRole('figure', { name: 'Revenue per day (UTC)' })
      .getByRole('img', { name: /30 bars/ })
      .waitFor();
    await screenshot(page, 'day-09-admin-dashboard');
  });

  it('the conversion statistics table groups the leads, heat-maps the % and exports 28 columns', async () => {
    const { page } = operator;
    await page
      .getByRole('navigation', { name: 'Admin sections' })
      .getByRole('link', { name: 'Conversions' })
      .click();
    const table = page.getByRole('region', { name: 'Conversion statistics table' });
    const today = new Date().toISOString().slice(0, 10);
    const row = table.getByRole('row', { name: new RegExp(today) });
    await row.waitFor();
    const cells = row.getByRole('cell');
    expect(await cells.count()).toBe(27);
    expect(await cells.nth(0).textContent()).toBe('2');
    expect(await cells.nth(1).textContent()).toBe('$80.00');
    // Accepted: Qty, %, Sum, Avg — the % cell darkest, white text on it.
    const accepted = cells.nth(3 + 4 * 2 + 1);
    expect(await accepted.textContent()).toBe('100.00%');
    expect(await accepted.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(23, 50, 140)');
    expect(await accepted.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
    expect(await cells.nth(3 + 1).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(239, 246, 255)',
    );
    await screenshot(page, 'day-10-admin-conversion-stats');

    const filters = page.getByRole('form', { name: 'Statistics filters' });
    await filters.getByLabel('Group by').selectOption('publisher');
    await filters.getByRole('button', { name: 'Show' }).click();
    await table.getByRole('row', { name: /Nova Traffic/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('s_group')).toBe('publisher');
    await filters.getByLabel('Period').selectOption('yesterday');
    await filters.getByRole('button', { name: 'Show' }).click();
    // No currency chosen: the statistics take the one with the most leads, and there are none.
    await page.getByText('No leads in these days.').waitFor();
    await filters.getByLabel('Period').selectOption('7d');
    await filters.getByRole('button', { name: 'Show' }).click();
    await table.getByRole('row', { name: /Nova Traffic/ }).waitFor();

    const href = await page.getByRole('link', { name: 'Export TSV' }).getAttribute('href');
    expect(href).toContain('format=tsv');
    const tsv = await page.evaluate(async (url) => (await fetch(url ?? '')).text(), href);
    const [header, line] = tsv.split('\r\n');
    expect(header?.split('\t')).toHaveLength(28);
    expect(header?.split('\t')[0]).toBe('Webmaster');
    expect(line?.split('\t').slice(0, 4)).toEqual(['Nova Traffic', '2', '80.00', '40.00']);
  });

  it('fits a phone: portal and Finance at 390 px', async () => {
    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    await phone.page.goto('/webmaster/stats');
    await phone.page.getByLabel('Email').fill('nova@traffic.test');
    await phone.page.getByLabel('Password').fill('nova-password-1');
    await phone.page.getByRole('button', { name: 'Sign in' }).click();
    await card(phone.page, 'Payout').getByText('$60.00').waitFor();
    await screenshot(phone.page, 'day-11-phone-portal-stats');
    const noSideScroll = () =>
      phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await noSideScroll()).toBe(true);
    await phone.page.goto('/webmaster/payouts');
    await card(phone.page, 'Paid').getByText('$60.00').waitFor();
    expect(await noSideScroll()).toBe(true);
    await screenshot(phone.page, 'day-12-phone-portal-balance');
    await phone.context.close();

    const admin = await newPerson(browser, server.url, { width: 390, height: 844 });
    await signInAsAdmin(admin.page, '/admin/finance');
    await card(admin.page, 'Already paid').getByText('$60.00').waitFor();
    expect(await admin.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
      true,
    );
    await screenshot(admin.page, 'day-13-phone-admin-finance');
    await admin.page.goto('/admin/dashboard');
    await card(admin.page, 'Revenue').getByText('$80.00').waitFor();
    await screenshot(admin.page, 'day-14-phone-admin-dashboard');
    expect(admin.problems).toEqual([]);
    await admin.context.close();
  });

  it('showed no script or security-policy errors on the way', () => {
    expect(operator.problems).toEqual([]);
    expect(publisher.problems).toEqual([]);
  });
});
