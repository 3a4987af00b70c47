import { ScureBase32Plugin } from '@otplib/plugin-base32-scure';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generate } from '@otplib/totp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

const SECOND_ADMIN = { email: 'finance@leadrail.test', password: 'finance-password' };
const PUBLISHER = { email: 'pat@publisher.test', password: 'publisher-password' };

/** The code an authenticator app shows now, from the secret the page showed (otplib, as the server). */
function codeFor(secret: string): Promise<string> {
  return generate({ secret, crypto: new NodeCryptoPlugin(), base32: new ScureBase32Plugin() });
}

/** A code is accepted once: wait for the app's next 30-second step before signing in with a new one. */
async function nextStep(): Promise<void> {
  await new Promise((done) => setTimeout(done, 30_000 - (Date.now() % 30_000) + 500));
}

/** Settings → set up: read the secret key shown, answer a code, get the ten recovery codes. */
async function enrol(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await page.getByRole('img', { name: 'QR code for the authenticator app' }).waitFor();
  const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Code from the app').fill(await codeFor(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByText('Two-factor sign-in is on.').waitFor();
  expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
  return secret;
}

describe('two-factor sign-in and sessions in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    await post('/api/admin/users', SECOND_ADMIN);
    await post('/api/admin/publishers', { name: 'Pat Media', ...PUBLISHER, status: 'approved' });
    admin = await newPerson(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin sets up two-factor sign-in, signs out, and signs in again with the code', async () => {
    const { page } = admin;
    await signInAsAdmin(page, '/admin/settings');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    const secret = await enrol(page);
    await screenshot(page, 'two-factor-enrolled');
    await page.getByTestId('sign-out').click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').waitFor();
    await screenshot(page, 'two-factor-sign-in');
    // A wrong code is said so, and the form stays.
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('wrong or already used code').waitFor();
    await nextStep();
    await page.getByLabel('Authentication code').fill(await codeFor(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('sign-out').waitFor();
    expect(admin.problems).toEqual([]);
  });

  it('once required, an admin without it is sent to set it up before anything else', async () => {
    const { page } = admin;
    await page.goto('/admin/settings');
    // The box follows the server's answer, so it is clicked, not "checked" at once.
    await page.getByLabel('Require two-factor sign-in for every admin').click();
    await page.getByText('Every admin now needs two-factor sign-in').waitFor();

    const other = await newPerson(browser, server.url);
    await other.page.goto('/admin');
    await other.page.getByLabel('Email').fill(SECOND_ADMIN.email);
    await other.page.getByLabel('Password').fill(SECOND_ADMIN.password);
    await other.page.getByRole('button', { name: 'Sign in' }).click();
    await other.page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor();
    // No tabs of the panel until it is done.
    expect(await other.page.getByRole('link', { name: 'Offers' }).count()).toBe(0);
    await screenshot(other.page, 'two-factor-required-enrol');
    await enrol(other.page);
    await other.page.getByLabel('I have saved my recovery codes').check();
    await other.page.getByRole('button', { name: 'Continue to the admin panel' }).click();
    await other.page.getByTestId('sign-out').waitFor();
    expect(other.problems).toEqual([]);
    await other.context.close();
  });

  it('a publisher changes their password (other sessions end) and signs out another session', async () => {
    const laptop = await newPerson(browser, server.url);
    const phone = await newPerson(browser, server.url);
    const signIn = async (page: Page, password: string) => {
      await page.goto('/webmaster');
      await page.getByLabel('Email').fill(PUBLISHER.email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('sign-out').waitFor();
    };
    await signIn(laptop.page, PUBLISHER.password);
    await signIn(phone.page, PUBLISHER.password);

    await laptop.page.goto('/webmaster/settings');
    const sessions = laptop.page.getByRole('table', { name: 'Your sessions' });
    await sessions.getByText('this session').waitFor();
    expect(await sessions.getByRole('button', { name: /^End the session/ }).count()).toBe(1);

    await laptop.page.getByLabel('Current password').fill(PUBLISHER.password);
    await laptop.page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
    await laptop.page.getByLabel('New password again').fill('a-brand-new-password');
    await laptop.page.getByRole('button', { name: 'Change password' }).click();
    await laptop.page.getByText('Password changed. 1 other session signed out.').waitFor();
    // The phone's session ended: its next request shows the sign-in form.
    await phone.page.reload();
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor();

    // The phone signs in again with the new password; the laptop signs it out from the list.
    await signIn(phone.page, 'a-brand-new-password');
    await laptop.page.reload();
    await sessions.getByText('this session').waitFor();
    const signOutPhone = sessions.getByRole('button', { name: /^End the session/ });
    await signOutPhone.waitFor();
    await screenshot(laptop.page, 'publisher-sessions');
    await signOutPhone.click();
    await laptop.page.getByText('Session ended.').waitFor();
    await expect.poll(() => sessions.getByRole('button', { name: /^End the session/ }).count()).toBe(0);
    await phone.page.reload();
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(laptop.problems).toEqual([]);
  });
});
