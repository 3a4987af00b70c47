import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/**
 * The postback inspector on the advertiser page (issue 16): the operator pastes a postback as the
 * network sends it, sees which click, status and money it means and what would not be used, saves
 * the proposed profile with one click, and the real postback then lands at the network's amount.
 */
describe('postback inspector', () => {
  let server: RunningServer;
  let browser: Browser;
  let operator: Person;
  let advertiser: { id: string; postback_token: string };
  let clickId = '';
  let newClick: () => Promise<string>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer({ TRUST_PROXY: '1' }), launchChromium()]);
    const post = await adminApi(server.url);
    advertiser = await post<{ id: string; postback_token: string }>('/api/admin/advertisers', {
      name: 'Affise Partner',
      endpoint_url: 'https://affise-partner.test/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'Keto Drops',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/healthz?click_id={click_id}`,
      adv_payout: '20.00',
      pub_payout: '15.00',
      currency: 'USD',
    });
    const publisher = await post('/api/admin/publishers', {
      name: 'Desi Traffic',
      email: 'desi@inspector.test',
      status: 'approved',
    });
    let address = 76;
    newClick = async () => {
      address += 1;
      const click = await fetch(`${server.url}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=fb`, {
        redirect: 'manual',
        headers: { 'x-forwarded-for': `203.0.113.${address}`, 'user-agent': BROWSER_UA },
      });
      expect(click.status).toBe(302);
      return new URL(click.headers.get('location') ?? '').searchParams.get('click_id') ?? '';
    };
    clickId = await newClick();
    operator = await newPerson(browser, server.url);
    await signInAsAdmin(operator.page, `/admin/advertisers/${advertiser.id}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows what a pasted postback means, saves the proposed profile, and the real postback lands', async () => {
    const page = operator.page;
    const sample = `${server.url}/postback?aff_sub=${clickId}&conv_status=approved&commission=12.34&token=${advertiser.postback_token}`;
    const panel = page.getByRole('region', { name: 'Postback inspector' });
    await panel.getByLabel('Postback URL to inspect').fill(sample);
    await panel.getByRole('button', { name: 'Inspect' }).click();
    // Before a profile: aff_sub is no click id we know of, and the payout would be dropped.
    await expect.poll(() => panel.locator('.inspector-outcome').textContent()).toContain('Would be refused');
    await expect.poll(() => panel.getByRole('alert').textContent()).toContain('commission=12.34');
    expect(await panel.locator('.proposed-profile').textContent()).toContain('aff_sub');
    await screenshot(page, 'postback-inspector-proposed');

    await panel.getByRole('button', { name: 'Use this profile' }).click();
    await expect.poll(() => panel.getByText('Profile saved.').count()).toBe(1);
    await expect
      .poll(() => panel.locator('.inspector-outcome').textContent())
      .toContain('a new lead for this click');
    expect(await panel.getByRole('alert').count()).toBe(0);
    const facts = await panel.locator('dl.facts').first().textContent();
    expect(facts).toContain(`${clickId} (from aff_sub)`);
    expect(facts).toContain('12.34');
    // The advertiser form shows the saved names.
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Click ID parameters' }).inputValue())
      .toBe('aff_sub');
    expect(await page.getByRole('textbox', { name: 'Payout parameter' }).inputValue()).toBe('commission');
    expect(await page.getByRole('textbox', { name: 'Status parameter' }).inputValue()).toBe('conv_status');
    await screenshot(page, 'postback-inspector-saved');

    const real = await fetch(sample);
    expect(real.status, await real.clone().text()).toBe(200);
    const body = (await real.json()) as { changes: { adv_payout?: { to: string } } };
    expect(body.changes.adv_payout?.to).toBe('12.34');
  });

  it('highlights a postback with a payout it did not use in the Postback Log', async () => {
    const page = operator.page;
    const sent = await fetch(
      `${server.url}/postback?aff_sub=${clickId}&status=approved&commission=12.34&cost=3.50&token=${advertiser.postback_token}`,
    );
    expect(sent.status).toBe(200);
    expect(((await sent.json()) as { warnings?: string[] }).warnings).toEqual([
      'cost=3.50 looks like a payout but was not used',
    ]);
    await page.goto('/admin/postbacks');
    const row = page.locator('tbody tr.row-warning').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('1 warning');
    expect(await row.locator('.badge-warning').getAttribute('title')).toContain('cost=3.50');
    await screenshot(page, 'postback-log-warning-row');
  });

  it('an operator maps a status word on the advertiser form, and a real postback with it lands approved', async () => {
    const page = operator.page;
    const delivered = await newClick();
    const sent = (word: string) =>
      fetch(
        `${server.url}/postback?aff_sub=${delivered}&conv_status=${word}&token=${advertiser.postback_token}`,
      );
    await page.goto(`/admin/advertisers/${advertiser.id}`);
    const words = page.getByRole('group', { name: 'Status words: their word → our status' });
    await words.getByRole('button', { name: 'Add a status word' }).click();
    await words.getByRole('textbox', { name: 'Their word 1' }).fill('STATUS_DELIVERED');
    await words.getByRole('combobox', { name: 'Our status for word 1' }).selectOption('approved');
    // A row added and removed again is not saved.
    await words.getByRole('button', { name: 'Add a status word' }).click();
    await words.getByRole('textbox', { name: 'Their word 2' }).fill('oops');
    await words.getByRole('button', { name: 'Remove word 2' }).click();
    await screenshot(page, 'advertiser-status-words');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByText('Changes saved.').count()).toBe(1);
    // Saved with the advertiser (stored normalised), shown again after the reload.
    await expect
      .poll(() => words.getByRole('textbox', { name: 'Their word 1' }).inputValue())
      .toBe('delivered');
    expect(await words.getByRole('textbox', { name: 'Their word 2' }).count()).toBe(0);
    // The inspector's profile is kept by the form's save.
    expect(await page.getByRole('textbox', { name: 'Click ID parameters' }).inputValue()).toBe('aff_sub');

    const real = await sent('STATUS_DELIVERED');
    const body = (await real.json()) as { status?: string; changes?: { status?: { to: string } } };
    expect(real.status, JSON.stringify(body)).toBe(200);
    expect(body.changes?.status?.to ?? body.status, JSON.stringify(body)).toBe('approved');
  });
});
