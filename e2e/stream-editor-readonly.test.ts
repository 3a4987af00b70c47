import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

const ANALYST = { email: 'ana@readonly.test', password: 'analyst-password-9' };

/**
 * Issue 19: the stream editor for a role that may read flows but not change their streams (an
 * analyst): every stream and filter is shown, nothing can be typed, added, removed, moved or saved.
 */
describe('stream editor, read-only', () => {
  let server: RunningServer;
  let browser: Browser;
  let analyst: Person;
  let flowId = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    const publisher = await post('/api/admin/publishers', {
      name: 'Read Only Media',
      email: 'ro@readonly.test',
      password: 'publisher-password-9',
      status: 'approved',
    });
    const advertiser = await post('/api/admin/advertisers', {
      name: 'RO Books',
      endpoint_url: 'https://advertiser.example/lead',
    });
    const offer = await post('/api/admin/offers', {
      name: 'RO Books Trial',
      advertiser_id: advertiser.id,
      landing_url: 'https://ro.example/?click_id={click_id}',
      adv_payout: '10.00',
      pub_payout: '7.00',
      geo: '',
    });
    const flow = await post('/api/admin/flows', {
      publisher_id: publisher.id,
      offer_id: offer.id,
      name: 'RO flow',
    });
    flowId = flow.id;
    await post('/api/admin/users', { ...ANALYST, name: 'Ana Lyst', role: 'analyst' });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { token } = (await login.json()) as { token: string };
    const put = await fetch(`${server.url}/api/admin/flows/${flowId}/streams`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        streams: [
          {
            name: 'Maharashtra Android',
            filters: {
              type: 'and',
              filters: [
                { type: 'country', values: ['IN'] },
                { type: 'region', values: ['IN:Maharashtra'] },
                { type: 'os', values: ['Android'] },
              ],
            },
            arms: [
              { type: 'url', url: 'https://a.example/?c={click_id}', weight: 50 },
              { type: 'url', url: 'https://b.example/?c={click_id}', weight: 50 },
            ],
          },
          { name: 'Everyone else', arms: [{ type: 'trafficback' }] },
        ],
      }),
    });
    if (put.status !== 200) throw new Error(`PUT streams → ${put.status}: ${await put.text()}`);
    analyst = await newPerson(browser, server.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the streams to an analyst and lets them change nothing', async () => {
    const { page } = analyst;
    await page.goto(`/admin/flows/${flowId}/streams`);
    await page.getByLabel('Email').fill(ANALYST.email);
    await page.getByLabel('Password').fill(ANALYST.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const editor = page.locator('.streams-editor');
    await editor.getByText('Maharashtra Android').first().waitFor();

    // What is there is shown: both streams, the region filter's value, both weights.
    const fields = editor.locator('input, select, textarea');
    const values = await fields.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(values).toContain('IN:Maharashtra');
    expect(values.filter((v) => v === '50')).toHaveLength(2);

    // Nothing can be changed: no field is editable, no button changes anything.
    const count = await fields.count();
    expect(count).toBeGreaterThan(3);
    for (let i = 0; i < count; i++) expect(await fields.nth(i).isEditable()).toBe(false);
    const buttons = await editor
      .locator('button:enabled')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.textContent ?? ''}`.trim()),
      );
    expect(buttons.filter((b) => /save|add|remove|move|reorder|delete/i.test(b))).toEqual([]);
    // Typing into a stream's name does nothing.
    const name = editor.locator('input').first();
    await name.press('End', { timeout: 2_000 }).catch(() => undefined);
    await page.keyboard.type('x');
    expect(await editor.locator('input').first().inputValue()).not.toMatch(/x$/);
    expect(await page.getByText('Unsaved changes.').count()).toBe(0);
    await screenshot(page, 'stream-editor-readonly');
  });
});
