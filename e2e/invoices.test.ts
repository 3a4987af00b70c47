import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0) Chrome/156.0 Safari/537.36';
const today = new Date().toISOString().slice(0, 10);

/**
 * Issue 17 §2, the operator's receivables: invoice an advertiser for today, send it, record a partial
 * payment and see what is outstanding go down (invoice, Finance → Invoices, the advertiser's page and
 * Finance's Collect from advertisers), then open the printable invoice and print it to PDF.
 */
describe('invoices and receivables', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let advertiserId: string;
  /** One more approved conversion of the advertiser, through a click and their postback. */
  let approveOne: () => Promise<void>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_token: string }>('/api/admin/advertisers', {
      name: 'Affise Partners',
      endpoint_url: 'https://api.affise.test/lead',
    });
    advertiserId = advertiser.id;
    const publisher = await post('/api/admin/publishers', {
      name: 'Push Kings',
      email: 'push@kings.test',
      status: 'approved',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Dating Gold',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '10.00',
      pub_payout: '7.50',
      currency: 'USD',
    });
    let ip = 0;
    approveOne = async () => {
      ip += 1;
      const click = await fetch(`${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `198.51.100.${ip}`, 'user-agent': BROWSER_UA },
      });
      const clickId = new URL(String(click.headers.get('location'))).searchParams.get('click_id');
      const approved = await fetch(
        `${server.url}/postback?click_id=${clickId}&status=approved&token=${advertiser.postback_token}`,
      );
      expect(approved.status).toBe(200);
    };
    for (let n = 0; n < 3; n++) await approveOne();
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin/finance');
    // Before any invoice or payment, all three conversions are still to collect.
    await operator.page
      .getByRole('table', { name: 'Collect from advertisers' })
      .getByRole('row', { name: /Affise Partners.*USD.*\$30\.00.*\$0\.00.*\$0\.00.*\$30\.00/ })
      .waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates an invoice from Finance, sends it, records a payment, and outstanding goes down', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Invoices, payments and ageing →' }).click();
    await page.getByRole('heading', { name: 'Invoices', exact: true }).waitFor();
    await page.getByText('Nothing outstanding.').waitFor();

    const form = page.getByRole('form', { name: 'New invoice' });
    await form.getByRole('button', { name: 'Create invoice' }).click();
    await form.getByText('Choose an advertiser').waitFor();
    await form.getByLabel('Advertiser').selectOption({ label: 'Affise Partners' });
    await form.getByLabel('From').fill(today);
    await form.getByLabel('To').fill(today);
    await form.getByRole('button', { name: 'Create invoice' }).click();
    await page.getByText('Created INV-000001 ($30.00) as draft.').waitFor();
    await page.getByRole('row', { name: /INV-000001.*Affise Partners.*Draft/ }).waitFor();
    await screenshot(page, 'invoices-01-created');

    await page.getByRole('link', { name: 'Open INV-000001' }).click();
    await page.getByRole('heading', { name: /Invoice INV-000001/ }).waitFor();
    expect(await page.getByRole('table', { name: 'Invoice lines' }).getByRole('row').count()).toBe(4);
    await page.getByRole('button', { name: 'Mark as sent' }).click();
    await page.getByText('INV-000001 marked as sent.').waitFor();
    await expect.poll(() => page.getByTestId('invoice-outstanding').innerText()).toBe('$30.00');

    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a payment on INV-000001' });
    await dialog.getByLabel('Amount (USD)').fill('12.505');
    await dialog.getByLabel('Reference').fill('SWIFT-778');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.getByText('At most 2 decimals for USD').waitFor();
    await dialog.getByLabel('Amount (USD)').fill('12.50');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await page.getByText('Payment recorded. Outstanding now $17.50.').waitFor();
    await expect.poll(() => page.getByTestId('invoice-outstanding').innerText()).toBe('$17.50');
    await page.getByRole('row', { name: /SWIFT-778.*\$12\.50/ }).waitFor();
    await page.getByText('Partly paid').first().waitFor();
    await screenshot(page, 'invoices-02-partly-paid');

    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    const outstanding = page.getByRole('table', { name: 'Outstanding receivables' });
    await outstanding.getByRole('row', { name: /Affise Partners.*USD.*\$17\.50/ }).waitFor();

    // Finance's Collect from advertisers: earned 30.00, invoiced 30.00, received 12.50, to collect 17.50.
    await page.goto('/admin/finance');
    const collect = page.getByRole('table', { name: 'Collect from advertisers' });
    await collect
      .getByRole('row', { name: /Affise Partners.*USD.*\$30\.00.*\$30\.00.*\$12\.50.*\$17\.50/ })
      .waitFor();
    await screenshot(page, 'invoices-06-finance-to-collect');

    await page.goto(`/admin/advertisers/${advertiserId}`);
    const billing = page.getByRole('region', { name: 'Billing' });
    await billing.getByRole('row', { name: /Affise Partners.*\$17\.50/ }).waitFor();
    await screenshot(page, 'invoices-04-advertiser-billing');
    expect(operator.problems).toEqual([]);
  });

  it('opens the printable invoice in a new tab and prints it to PDF', async () => {
    const { page, context } = operator;
    await page.goto('/admin/finance/invoices');
    await page.getByRole('link', { name: 'INV-000001' }).click();
    await page.getByRole('heading', { name: /Invoice INV-000001/ }).waitFor();
    const [printable] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: 'Print / PDF' }).click(),
    ]);
    await printable.waitForLoadState();
    await printable.getByRole('heading', { name: 'Invoice INV-000001' }).waitFor();
    const text = await printable.locator('body').innerText();
    expect(text).toContain('Affise Partners');
    expect(text).toContain('Partly paid');
    expect(text).toContain('Dating Gold');
    expect(text).toMatch(/Outstanding\s+17\.50 USD/);
    expect(text).toContain('SWIFT-778');
    const shot = await screenshot(printable, 'invoices-03-printable');
    expect(shot).toMatch(/\.png$/);
    // What "Save as PDF" makes: Chromium's own print of the page, the hint line left out by @media print.
    await printable.emulateMedia({ media: 'print' });
    expect(await printable.getByText('Save as PDF').isVisible()).toBe(false);
    const pdf = await printable.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    await printable.close();
  });

  it('makes the advertiser prepaid, records a top-up, and shows the balance an approval draws down', async () => {
    const { page } = operator;
    await page.goto(`/admin/advertisers/${advertiserId}`);
    const billing = page.getByRole('region', { name: 'Billing' });
    await billing.getByText('This advertiser is invoiced after the fact.').waitFor();
    const mode = billing.getByRole('form', { name: 'Billing mode' });
    await mode.getByLabel('Billing').selectOption('prepayment');
    await mode.getByLabel('Alert at balance').fill('15.00');
    await mode.getByLabel('Pause their offers at zero').check();
    await mode.getByRole('button', { name: 'Save billing' }).click();
    const topup = billing.getByRole('form', { name: 'Record a top-up' });
    await topup.getByLabel('Amount').fill('25.00');
    await topup.getByLabel('Reference').fill('WIRE-42');
    await topup.getByRole('button', { name: 'Record top-up' }).click();
    const balances = billing.getByTestId('prepaid-balances');
    await balances.getByText(/\$25\.00 \(top-ups \$25\.00, drawn \$0\.00\)/).waitFor();

    await approveOne();
    await page.reload();
    await billing
      .getByTestId('prepaid-balances')
      .getByText(/\$15\.00 \(top-ups \$25\.00, drawn \$10\.00\) — low/)
      .waitFor();
    await screenshot(page, 'invoices-05-prepaid-balance');
    expect(operator.problems).toEqual([]);
  });
});
