import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36';

function panel(page: Page) {
  return page.getByRole('region', { name: 'Finality window' });
}

/**
 * Issue 17 §1, finality windows set from the screens: the operator gives an advertiser a 30-day window
 * on its page (the offer page shows it inherited, and an offer's own window can be set and removed);
 * a rejection for a 40-day-old conversion is then held, one for a fresh conversion is applied, and
 * the held one waits in Finance.
 */
describe('finality window from the advertiser page', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let advertiser: { id: string; postback_url: string };
  let offer: { id: string };
  let lateClick = '';
  let freshClick = '';

  async function postback(clickId: string, status: string) {
    const url = advertiser.postback_url
      .replace('{click_id}', clickId)
      .replace('{status}', status)
      .replace('{payout}', '')
      .replace('{comment}', '');
    const r = await fetch(url);
    expect(r.status, await r.clone().text()).toBe(200);
    return (await r.json()) as { result: string; lead_id: string; queued?: { reason: string } };
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const pub = await post('/api/admin/publishers', {
      name: 'Latecomer Media',
      status: 'approved',
      email: 'late@media.test',
      password: 'late-password-1',
    });
    advertiser = await post('/api/admin/advertisers', {
      name: 'Slow Books',
      endpoint_url: 'https://advertiser.example/lead',
    });
    offer = await post('/api/admin/offers', {
      name: 'Slow Books FTD',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '80.00',
      pub_payout: '60.00',
      currency: 'EUR',
      geo: '',
    });
    const approvedClick = async (ip: number) => {
      const click = await fetch(`${server.url}/click?offer_id=${offer.id}&pub_id=${pub.id}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `198.51.100.${ip}`, 'user-agent': BROWSER_UA },
      });
      const clickId = new URL(click.headers.get('location') ?? '').searchParams.get('click_id') ?? '';
      expect(clickId).not.toBe('');
      expect((await postback(clickId, 'approved')).result).toBe('ok');
      return clickId;
    };
    lateClick = await approvedClick(61);
    freshClick = await approvedClick(62);
    // The first conversion was approved 40 days ago (a moment the test cannot wait for).
    const db = new Database(server.databaseFile);
    try {
      const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000).toISOString();
      const moved = db
        .prepare('update conversions set created_at = ? where click_id = ?')
        .run(fortyDaysAgo, lateClick);
      expect(moved.changes).toBe(1);
    } finally {
      db.close();
    }
    operator = await newPerson(browser, server.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the operator sets the advertiser's window on its page, checked by the form first", async () => {
    const { page } = operator;
    await signInAsAdmin(page, `/admin/advertisers/${advertiser.id}`);
    const box = panel(page);
    await box.getByText('No window: postback changes are always applied.').waitFor();
    await box.getByRole('button', { name: 'Save finality window' }).click();
    await box.getByRole('alert').getByText('Enter a number of days, tick "once paid", or both').waitFor();
    const days = box.getByLabel('Days after the conversion');
    await days.fill('4000');
    await box.getByRole('button', { name: 'Save finality window' }).click();
    await box.getByText('At most 3650 days').waitFor();
    await days.fill('2.5');
    await box.getByRole('button', { name: 'Save finality window' }).click();
    await box.getByText('Enter a whole number of days, or leave it empty').waitFor();
    await days.fill('30');
    await box.getByRole('button', { name: 'Save finality window' }).click();
    await box.getByText('Finality window saved.').waitFor();
    await box.getByText('Held after 30 days (this advertiser).').waitFor();
    await expect.poll(() => days.inputValue()).toBe('30');
    await screenshot(page, 'finality-window-advertiser');
    // Reloaded, the page shows what the server kept.
    await page.reload();
    await panel(page).getByText('Held after 30 days (this advertiser).').waitFor();
    expect(operator.problems).toEqual([]);
  });

  it("the offer page shows the advertiser's window, and an offer's own window is set and removed", async () => {
    const { page } = operator;
    await page.goto(`/admin/offers/${offer.id}`);
    const box = panel(page);
    await box.getByText("None of its own; the advertiser's window applies: held after 30 days.").waitFor();
    await box.getByLabel('Once paid: hold a change that would take back money').check();
    await box.getByRole('button', { name: 'Save finality window' }).click();
    await box
      .getByText(
        "Held once the publisher was paid (this offer, instead of the advertiser's: held after 30 days).",
      )
      .waitFor();
    await screenshot(page, 'finality-window-offer');
    page.once('dialog', (dialog) => dialog.accept());
    await box.getByRole('button', { name: 'Remove finality window' }).click();
    await box.getByText('Finality window removed.').waitFor();
    await box.getByText("None of its own; the advertiser's window applies").waitFor();
    await expect.poll(() => box.getByLabel('Once paid: hold a change').isChecked()).toBe(false);
    expect(operator.problems).toEqual([]);
  });

  it('a late rejection is held for Finance, a fresh one is applied', async () => {
    const late = await postback(lateClick, 'rejected');
    expect(late.result).toBe('queued');
    expect(late.queued?.reason).toBe('days');
    expect((await postback(freshClick, 'rejected')).result).toBe('ok');

    const { page } = operator;
    await page.goto('/admin/finance');
    await page.getByRole('heading', { name: 'Finance', exact: true }).waitFor();
    const held = page.getByRole('table', { name: 'Held status changes' });
    const change = held.getByRole('row', { name: new RegExp(late.lead_id) });
    await change.getByText('past the finality window').waitFor();
    await expect.poll(() => held.getByRole('row').count()).toBe(2); // the header and the late one
    await screenshot(page, 'finality-window-finance');
    expect(operator.problems).toEqual([]);
  });
});
