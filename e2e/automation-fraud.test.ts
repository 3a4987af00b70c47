import type { Browser, Dialog } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0) Chrome/156.0 Safari/537.36';
const BOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** Fraud events and thresholds, and an automation rule created, dry-run and run from the admin panel. */
describe('fraud detection and automation screens', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let publisherId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    const advertiser = await post('/api/admin/advertisers', {
      name: 'Affise',
      endpoint_url: 'https://api.affise.test/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Keto Slim',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '10.00',
      pub_payout: '7.50',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Bot Farm Media',
      email: 'bots@farm.test',
      status: 'approved',
    });
    publisherId = publisher.id;
    // Two clicks from people, two from a crawler: a fraud rate of 50 %.
    for (const [i, userAgent] of [BROWSER_UA, BROWSER_UA, BOT_UA, BOT_UA].entries()) {
      const response = await fetch(`${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}`, 'user-agent': userAgent },
      });
      expect(response.status).toBe(userAgent === BOT_UA ? 403 : 302);
    }
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, '/admin');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists fraud events with a rule filter and changes a rule threshold', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Fraud Detection' }).click();
    await page.getByRole('button', { name: 'Fraud events' }).click();
    await page.getByRole('cell', { name: 'Click rejected' }).first().waitFor();
    expect(await page.getByRole('row', { name: /bot_ua/ }).count()).toBe(2);
    await page.getByLabel('Rule', { exact: true }).selectOption('ip_velocity');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No fraud events match these filters.').waitFor();
    await page.getByLabel('Rule', { exact: true }).selectOption('bot_ua');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page
      .getByRole('row', { name: /Googlebot/ })
      .first()
      .waitFor();
    expect(page.url()).toContain('view=events');
    await screenshot(page, 'admin-fraud-events');

    await page.getByRole('button', { name: 'Rule thresholds' }).click();
    const velocity = page.getByRole('form', { name: 'Rule ip_velocity' });
    await velocity.getByLabel('Threshold (clicks)').fill('0');
    await velocity.getByRole('button', { name: 'Save ip_velocity' }).click();
    await velocity.getByText('A whole number of clicks, at least 1').waitFor();
    await velocity.getByLabel('Threshold (clicks)').fill('25');
    await velocity.getByRole('button', { name: 'Save ip_velocity' }).click();
    await velocity.getByText('Saved.').waitFor();
    await screenshot(page, 'admin-fraud-rules');
    const rules = await (
      await fetch(`${server.url}/api/admin/fraud/rules`, { headers: await bearer() })
    ).json();
    expect(rules.find((r: { rule: string }) => r.rule === 'ip_velocity')).toMatchObject({ threshold: 25 });
  });

  it('creates a rule, checks it before sending, dry-runs it, runs it and shows the alert', async () => {
    const { page } = operator;
    await page.getByRole('link', { name: 'Automation' }).click();
    await page.getByRole('heading', { name: 'Automation', level: 1 }).waitFor();
    await page.getByText('No rules yet.').waitFor();
    await page.getByRole('button', { name: '+ New Rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New rule' });
    await dialog.getByLabel('Trigger metric').selectOption('fraud_rate');
    await dialog.getByLabel('Scope').selectOption('publisher');
    await dialog.getByLabel('Threshold').fill('150');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await dialog.getByText('Give the rule a name').waitFor();
    await dialog.getByText('A percent from 0 to 100, e.g. 30 or 12.5').waitFor();
    await dialog.getByLabel('Name').fill('Bot-heavy publishers');
    await dialog.getByLabel('Target ID').fill(publisherId);
    await dialog.getByLabel('Operator').selectOption('gte');
    await dialog.getByLabel('Threshold').fill('30');
    await dialog.getByLabel('Minimum volume').fill('2');
    await screenshot(page, 'admin-automation-form');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText('Saved "Bot-heavy publishers".').waitFor();
    await page.getByRole('row', { name: /Bot-heavy publishers/ }).waitFor();

    await page.getByRole('button', { name: 'Dry run Bot-heavy publishers' }).click();
    const dry = page.getByRole('dialog', { name: 'Dry run — nothing was changed' });
    await dry.getByText('matched', { exact: true }).waitFor();
    await dry.getByText('50.00').waitFor();
    await dry.getByText('would notify the admin about 1 subject').waitFor();
    await screenshot(page, 'admin-automation-dry-run');
    await page.keyboard.press('Escape');
    await dry.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Runs log' }).click();
    await page.getByText('No runs yet.').waitFor();

    await page.getByRole('button', { name: 'Rules', exact: true }).click();
    page.once('dialog', (d: Dialog) => void d.accept());
    await page.getByRole('button', { name: 'Run now Bot-heavy publishers' }).click();
    const result = page.getByRole('dialog', { name: 'Run result' });
    await result.getByText('notified the admin').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Runs log' }).click();
    await page.getByRole('row', { name: /Bot-heavy publishers.*manual/ }).waitFor();
    await screenshot(page, 'admin-automation-runs');
    await page.getByRole('button', { name: 'Notifications' }).click();
    await page.getByRole('row', { name: /Bot-heavy publishers.*matched 1 subject/ }).waitFor();
    await screenshot(page, 'admin-automation-notifications');
    await page.getByRole('button', { name: 'Mark read' }).click();
    await page.getByText('read', { exact: true }).waitFor();
    expect(operator.problems).toEqual([]);
  });

  it('fits a phone-sized screen', async () => {
    const phone = await newPerson(browser, server.url, { width: 390, height: 844 });
    await signInAsAdmin(phone.page, '/admin/automation');
    await phone.page.getByRole('row', { name: /Bot-heavy publishers/ }).waitFor();
    await screenshot(phone.page, 'phone-automation');
    // Wide tables scroll inside their own box; the page itself never scrolls sideways.
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.page.goto('/admin/fraud?view=rules');
    await phone.page.getByRole('form', { name: 'Rule ip_velocity' }).waitFor();
    await screenshot(phone.page, 'phone-fraud-rules');
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await phone.context.close();
  });

  async function bearer() {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'operator@leadrail.test', password: 'operator-password' }),
    });
    const { token } = (await login.json()) as { token: string };
    return { authorization: `Bearer ${token}` };
  }
});
