import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const PUBLISHER = { email: 'quiet@media.test', password: 'quiet-password-1' };

/**
 * Issue 21's small items: opening the admin panel or the portal logged a failed request in the
 * console on every load (`/api/auth/me` 401 while signed out, `/api/publisher/capi` 404 while no
 * pixel is set). Every failed request a page makes is counted here, not only script errors. And
 * Quick Start gives out links on PUBLIC_URL, not the browser's origin.
 */
describe('a normal visit logs no failed request', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // Links are given out on PUBLIC_URL, which need not be the address the operator's browser uses.
    [server, browser] = await Promise.all([
      startBuiltServer({ PUBLIC_URL: 'http://track.example.test' }),
      launchChromium(),
    ]);
    const post = await adminApi(server.url);
    await post('/api/admin/publishers', { name: 'Quiet Media', status: 'approved', ...PUBLISHER });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function visitor() {
    const person = await newPerson(browser, server.url);
    const failed: string[] = [];
    person.page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    person.page.on('console', (message) => {
      if (message.type() === 'error') failed.push(message.text());
    });
    return { ...person, failed };
  }

  it('the admin panel, signed out and then signed in', async () => {
    const { page, failed } = await visitor();
    await page.goto('/admin');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(failed).toEqual([]);
    await signInAsAdmin(page);
    await page.reload();
    await page.getByTestId('sign-out').waitFor();
    expect(failed).toEqual([]);
    // Quick Start shows the links on PUBLIC_URL, as the offers' tracking URLs do, not the browser's origin.
    await page.goto('/admin/quick-start');
    await page.getByText('http://track.example.test/webmaster', { exact: true }).first().waitFor();
    expect(await page.getByText(server.url, { exact: false }).count()).toBe(0);
    expect(failed).toEqual([]);
  });

  it('the portal, signed out, then its settings with no pixel set', async () => {
    const { page, failed } = await visitor();
    await page.goto('/webmaster');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(failed).toEqual([]);
    await page.getByLabel('Email').fill(PUBLISHER.email);
    await page.getByLabel('Password').fill(PUBLISHER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Offers & links' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Pixel ID').waitFor();
    await page.waitForLoadState('networkidle');
    expect(failed).toEqual([]);
  });
});
