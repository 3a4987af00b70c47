import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, publisherIdOf, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

/** The advertiser's lead API on loopback: answers every push with its own lead id. */
async function startAdvertiser(): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', id: `ADV-${bodies.length}` }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Leads from the intake API, an advertiser postback, then Leads, Conversions and the Postback Log. */
describe('leads, conversions and postbacks in the admin', () => {
  let server: RunningServer;
  let browser: Browser;
  let advertiserApi: Awaited<ReturnType<typeof startAdvertiser>>;
  let operator: Person;

  beforeAll(async () => {
    [server, browser, advertiserApi] = await Promise.all([
      startBuiltServer({ TRUST_PROXY: '1', ALLOW_PRIVATE_TARGETS: '1' }),
      launchChromium(),
      startAdvertiser(),
    ]);
    const post = await adminApi(server.url);
    const advertiser = await post<{ id: string; postback_url: string }>('/api/admin/advertisers', {
      name: 'LeadBuyer',
      endpoint_url: `${advertiserApi.url}/lead`,
    });
    const offer = await post('/api/admin/offers', {
      name: 'Keto Slim',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '12.00',
      pub_payout: '8.00',
      currency: 'EUR',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Traffic Co',
      email: 'traffic@co.test',
      status: 'approved',
    });
    const click = await fetch(`${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=fb`, {
      redirect: 'manual',
      headers: { 'x-forwarded-for': '198.51.100.20', 'user-agent': 'Mozilla/5.0 (X11) Chrome/156.0' },
    });
    const clickId = new URL(click.headers.get('location') ?? '').searchParams.get('click_id') ?? '';
    expect(clickId).not.toBe('');
    const lead = (body: Record<string, unknown>) =>
      fetch(`${server.url}/api/lead`, {
        method: 'POST',
        // A server-side lander passes its visitor's browser; Node's own user agent is a bot.
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1' },
        body: JSON.stringify(body),
      }).then(async (r) => {
        expect(r.status, await r.clone().text()).toBe(201);
        return (await r.json()) as { id: string };
      });
    await lead({ click_id: clickId, name: 'Asha Rao', phone: '+919876543210', email: 'asha@example.com' });
    await lead({
      offer_id: offer.id,
      pub_id: publisher.id,
      name: 'Ben Ortiz',
      phone: '+14155550123',
      country: 'US',
    });
    await lead({
      offer_id: offer.id,
      pub_id: publisher.id,
      name: 'Tess Test',
      email: 'tess@example.com',
      test: 1,
    });
    const postback = advertiser.postback_url
      .replace('{click_id}', clickId)
      .replace('{status}', 'approved')
      .replace('{payout}', '')
      .replace('{comment}', 'paid');
    expect((await fetch(postback)).status).toBe(200);
    expect((await fetch(postback.replace(/token=[^&]+/, 'token=wrong'))).status).toBe(403);
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin/leads');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await advertiserApi?.close();
  });

  it('counts leads per status in the chips, multi-selects them and filters by name in the form', async () => {
    const { page } = operator;
    const chips = page.getByRole('group', { name: 'Lead status' });
    await chips.getByRole('button', { name: 'Total 3' }).waitFor();
    await chips.getByRole('button', { name: 'Approved 1' }).waitFor();
    await chips.getByRole('button', { name: 'Processing (new) 1' }).waitFor();
    await chips.getByRole('button', { name: 'Test 1' }).click();
    await page.getByText('1–1 of 1').waitFor();
    await page.getByRole('row', { name: /Tess Test/ }).waitFor();
    await chips.getByRole('button', { name: 'Approved 1' }).click();
    await page.getByText('1–2 of 2').waitFor();
    await page.getByRole('row', { name: /Asha Rao/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('approved,test');
    await chips.getByRole('button', { name: 'Total 3' }).click();
    await page.getByText('1–3 of 3').waitFor();
    await screenshot(page, 'admin-leads');
    // The counts follow the other filters: only Ben is left, and the chips say so.
    const form = page.getByRole('form', { name: 'Search leads' });
    await form.getByLabel('Name', { exact: true }).fill('Ben');
    await form.getByRole('button', { name: 'Apply' }).click();
    await chips.getByRole('button', { name: 'Total 1' }).waitFor();
    await chips.getByRole('button', { name: 'Processing (new) 1' }).waitFor();
    await chips.getByRole('button', { name: 'Approved 0' }).waitFor();
    await page.getByText('1–1 of 1').waitFor();
    await form.getByLabel('Name', { exact: true }).fill('Nobody');
    await form.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No leads match these filters.').waitFor();
    await screenshot(page, 'admin-leads-filtered');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('1–3 of 3').waitFor();
  });

  it('shows a lead’s push attempts with request and response, its history, and changes its status', async () => {
    const { page } = operator;
    await page
      .getByRole('row', { name: /Asha Rao/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /^Lead / }).waitFor();
    // The push runs as a job: refresh until its attempt is on record.
    await expect
      .poll(
        async () => {
          if (await page.getByText(/Attempt 1/).isVisible()) return true;
          await page.getByRole('button', { name: 'Refresh' }).click();
          return false;
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBe(true);
    await page.getByText(/Attempt 1 · HTTP 200/).waitFor();
    await page.locator('pre.payload', { hasText: '919876543210' }).first().waitFor();
    await page.locator('pre.payload', { hasText: 'ADV-' }).first().waitFor();
    await page.getByRole('cell', { name: 'Processing (new) → Approved' }).waitFor();
    await page.getByLabel('New status').selectOption('hold');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Say why: it is kept in the status history').waitFor();
    await page.getByLabel('Reason').fill('customer asked to wait');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Status set to Hold.').waitFor();
    await page.getByRole('cell', { name: 'customer asked to wait' }).waitFor();
    await screenshot(page, 'admin-lead-detail');
  });

  it('imports a CSV and lists the refused rows', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: '← Leads' }).click();
    await page.getByRole('button', { name: 'Import CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import leads from CSV' });
    await dialog.getByLabel('Offer').selectOption({ label: 'Keto Slim' });
    await dialog.getByLabel('CSV file').setInputFiles({
      name: 'leads.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,phone,email,country,size\nCara,+447700900123,,GB,XL\nDan,,,,M\n'),
    });
    await dialog.getByLabel(/Push the leads/).uncheck();
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog.getByText(/Read 2 rows: 1 imported/).waitFor();
    await dialog.getByRole('row', { name: /^3 / }).waitFor();
    await screenshot(page, 'admin-leads-import');
    await page.keyboard.press('Escape');
    await page.getByText('1–4 of 4').waitFor();
  });

  it('shows conversions with both payouts and profit, and the postback log with full payloads', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Conversions' }).click();
    const row = page.getByRole('row', { name: /Keto Slim/ });
    await row.getByText('€12.00').waitFor();
    await row.getByText('€8.00').waitFor();
    await row.getByText('€4.00').waitFor();
    await screenshot(page, 'admin-conversions');
    await page.getByRole('link', { name: 'Postback Log' }).click();
    await page.getByText('1–2 of 2').waitFor();
    await page.getByLabel('Answer', { exact: true }).selectOption('access');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('1–1 of 1').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByText('1–2 of 2').waitFor();
    await page
      .getByRole('row', { name: /200 ok/ })
      .getByRole('button', { name: /View/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Postback' });
    await dialog.locator('pre', { hasText: '"status": "approved"' }).waitFor();
    await screenshot(page, 'admin-postback-view');
    await page.keyboard.press('Escape');
  });

  it('shows the advertiser’s exact push request as a dry run, then sends a test lead', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Advertisers' }).click();
    await page.getByRole('link', { name: 'LeadBuyer' }).click();
    const panel = page.getByRole('region', { name: 'Test lead' });
    const before = advertiserApi.bodies.length;
    await panel.getByRole('button', { name: 'Show request' }).click();
    await panel.getByText('Nothing was sent.').waitFor();
    await panel.locator('pre', { hasText: `POST ${advertiserApi.url}/lead` }).waitFor();
    expect(advertiserApi.bodies.length).toBe(before);
    await panel.getByRole('button', { name: 'Send test lead' }).click();
    await panel.getByText(/Sent: HTTP 200 .* advertiser lead ID ADV-/).waitFor();
    await panel.getByRole('heading', { name: 'Response 200' }).waitFor();
    expect(advertiserApi.bodies.length).toBe(before + 1);
    await screenshot(page, 'admin-advertiser-test-lead');
    expect(operator.problems).toEqual([]);
  });

  it('a publisher saves a postback, tests it, sets a pixel and makes a stats token', async () => {
    const credentials = { email: 'media@buyer.test', password: 'correct horse 42' };
    const registered = await fetch(`${server.url}/api/publisher/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Media Buyer', ...credentials }),
    });
    expect(registered.status).toBe(201);
    // The registration answer names no account (issue 20): the id comes from the publisher's own session.
    const id = await publisherIdOf(server.url, credentials);
    await (await adminApi(server.url))(`/api/admin/publishers/${id}/approve`);
    const publisher = await newPerson(browser, server.url);
    const { page } = publisher;
    await page.goto('/webmaster/settings');
    await page.getByLabel('Email').fill(credentials.email);
    await page.getByLabel('Password').fill(credentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();

    const form = page.getByRole('form', { name: 'Add a postback' });
    await form.getByRole('button', { name: 'Save postback' }).click();
    await form.getByText('Your tracker’s postback URL').waitFor();
    await form.getByLabel('Postback URL').fill(`${advertiserApi.url}/pb?c={click_id}&s={status}&p={payout}`);
    await form.getByLabel('cancelled', { exact: true }).uncheck();
    await form.getByRole('button', { name: 'Save postback' }).click();
    await form.getByText('Postback saved.').waitFor();
    const item = page.getByRole('article');
    await item.getByText('events: lead, approved, trash').waitFor();
    await item.getByLabel('Test event').selectOption('approved');
    await item.getByRole('button', { name: 'Send test' }).click();
    await item.getByText(/tracker answered HTTP 200/).waitFor();
    await item.locator('pre', { hasText: /\/pb\?c=.*&s=approved/ }).waitFor();

    const pixel = page.getByRole('form', { name: 'Facebook pixel' });
    await pixel.getByLabel('Pixel ID').fill('123456789012');
    await pixel.getByRole('button', { name: 'Save pixel' }).click();
    await pixel.getByText('The Conversions API access token').waitFor();
    await pixel.getByLabel('Access token').fill('EAAB-test-token-0123456789');
    await pixel.getByRole('button', { name: 'Save pixel' }).click();
    await page.getByText('Pixel settings saved.').waitFor();
    await pixel.getByText('A token is saved.').waitFor();
    expect(await pixel.getByLabel('Access token').inputValue()).toBe('');

    await page.getByRole('button', { name: 'Generate token' }).click();
    const url = await page.getByRole('group', { name: 'Stats URL' }).locator('code').textContent();
    expect(url).toContain('/api/affiliate/stats-api?token=');
    expect((await fetch(url ?? '')).status).toBe(200);
    // The conversion rows beside the aggregates (issue 22, item 1), by the same token.
    const rows = await page.getByRole('group', { name: 'Conversions URL' }).locator('code').textContent();
    expect(rows).toContain('/api/affiliate/stats-api/conversions?token=');
    const csv = await fetch(rows ?? '');
    expect(csv.status).toBe(200);
    // (text() drops the BOM the CSV starts with.)
    expect((await csv.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'id,click_id,offer_id,goal,event,status,payout,currency,txid,payment_id,sub1,sub2,sub3,sub4,sub5,sub6,sub7,sub8,sub9,sub10,created_at,updated_at',
    );
    await page.getByRole('button', { name: 'Revoke token' }).waitFor();
    await screenshot(page, 'portal-settings');
    // Shown once (issue 20): after a reload the page knows a token is active, not what it is.
    await page.reload();
    const statsPanel = page.getByRole('region', { name: 'Stats API' });
    await statsPanel.getByText('It is stored hashed, so it cannot be shown again').waitFor();
    expect(await statsPanel.getByRole('group', { name: 'Stats URL' }).count()).toBe(0);
    expect(await page.content()).not.toContain(new URL(url ?? '').searchParams.get('token'));
    await screenshot(page, 'portal-settings-token-active');

    // The marketplace: a listed private offer, asked for here and approved by the operator.
    const admin = await adminApi(server.url);
    const advertiser = await admin('/api/admin/advertisers', {
      name: 'Nutra House',
      endpoint_url: 'https://nutra.test/lead',
    });
    await admin('/api/admin/offers', {
      name: 'VIP Nutra',
      advertiser_id: advertiser.id,
      landing_url: 'https://nutra.test/?c={click_id}',
      adv_payout: '30.00',
      pub_payout: '21.00',
      currency: 'USD',
      visibility: 'private',
      marketplace: true,
    });
    await page.getByRole('link', { name: 'Marketplace' }).click();
    const vip = page.getByRole('article', { name: 'VIP Nutra' });
    await vip.getByText('Ask for access').waitFor();
    await vip.getByLabel(/Message with the request/).fill('Facebook, India');
    await vip.getByRole('button', { name: 'Request access' }).click();
    await vip.getByText('Your request is with the network.').waitFor();

    await operator.page.getByRole('link', { name: 'Access requests' }).click();
    await operator.page.getByRole('row', { name: /Media Buyer.*VIP Nutra.*Facebook, India/ }).waitFor();
    await screenshot(operator.page, 'admin-access-requests');
    await operator.page.getByRole('button', { name: 'Approve Media Buyer for VIP Nutra' }).click();
    await operator.page.getByText('Media Buyer can now run VIP Nutra').waitFor();

    await page.getByRole('button', { name: 'Refresh' }).click();
    await vip.getByText('Granted').waitFor();
    await vip.getByRole('group', { name: 'Tracking link for VIP Nutra' }).waitFor();
    await vip.getByText('refCode').waitFor();
    await screenshot(page, 'portal-marketplace');
    expect(publisher.problems).toEqual([]);
    expect(operator.problems).toEqual([]);
  });
});
