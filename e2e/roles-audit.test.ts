import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const MANAGER = { email: 'meera@network.test', password: 'meera-password-1' };

/**
 * Issue 20: an owner adds an account manager for one publisher in Settings; the manager signs in and
 * sees only that publisher, without the network-wide tabs; the owner reads both changes on the
 * Audit log screen.
 */
describe('roles and the audit log in the admin app', () => {
  let server: RunningServer;
  let browser: Browser;
  let owner: Person;
  let manager: Person;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startBuiltServer(), launchChromium()]);
    const post = await adminApi(server.url);
    for (const name of ['Arjun Media', 'Zed Traffic']) {
      await post('/api/admin/publishers', {
        name,
        email: `${name.split(' ')[0]?.toLowerCase()}@pubs.test`,
        password: 'publisher-password',
        status: 'approved',
      });
    }
    owner = await newPerson(browser, server.url);
    manager = await newPerson(browser, server.url);
    await signInAsAdmin(owner.page, '/admin/settings');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the owner add an account manager and assign them one publisher', async () => {
    const { page } = owner;
    await page.getByRole('heading', { name: 'Admin users' }).waitFor();
    const form = page.getByRole('form', { name: 'Add an admin user' });
    await form.getByLabel('Email').fill(MANAGER.email);
    await form.getByLabel('Name').fill('Meera');
    await form.getByLabel('Password').fill(MANAGER.password);
    await form.getByLabel('Role').selectOption({ label: 'Account manager' });
    await form.getByRole('button', { name: '+ Add user' }).click();
    await page.getByText(`${MANAGER.email} can now sign in.`).waitFor();
    await page
      .getByRole('row', { name: /meera@network\.test/ })
      .getByRole('combobox', { name: `Role of ${MANAGER.email}` })
      .waitFor();
    expect(await page.getByRole('combobox', { name: `Role of ${MANAGER.email}` }).inputValue()).toBe(
      'account_manager',
    );
    await page.getByRole('button', { name: `Assign advertisers and publishers to ${MANAGER.email}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Publishers').selectOption({ label: 'Arjun Media (#1)' });
    await screenshot(page, 'roles-01-assign');
    await dialog.getByRole('button', { name: 'Save assignments' }).click();
    await page.getByText(`${MANAGER.email} now manages 0 advertisers and 1 publisher.`).waitFor();
    await page
      .getByRole('row', { name: /meera@network\.test/ })
      .getByText('0 advertisers, 1 publisher')
      .waitFor();
  });

  it('shows the account manager only their publisher and only the tabs their role may use', async () => {
    const { page } = manager;
    await page.goto('/admin/publishers');
    await page.getByLabel('Email').fill(MANAGER.email);
    await page.getByLabel('Password').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Publishers' }).waitFor();
    await page.getByRole('row', { name: /Arjun Media/ }).waitFor();
    expect(await page.getByRole('row', { name: /Zed Traffic/ }).count()).toBe(0);
    const nav = page.getByRole('navigation', { name: 'Admin sections' });
    for (const tab of ['Publishers', 'Leads', 'Conversions', 'Reports']) {
      await nav.getByRole('link', { name: tab }).waitFor();
    }
    for (const tab of ['Clicks', 'Finance', 'Fraud Detection', 'Audit log', 'Dashboard']) {
      expect(await nav.getByRole('link', { name: tab }).count(), tab).toBe(0);
    }
    await screenshot(page, 'roles-02-manager-publishers');
    // The API is the enforcement: the other publisher is not there for them.
    const other = await page.evaluate(async () => (await fetch('/api/admin/publishers/2')).status);
    expect(other).toBe(404);
  });

  it('shows the owner those changes on the Audit log screen, filterable and exportable', async () => {
    const { page } = owner;
    await page.goto('/admin/audit-log');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('row', { name: /operator@leadrail\.test.*create.*user #2/ }).waitFor();
    const assigned = page.getByRole('row', {
      name: /update.*user #2.*PUT \/api\/admin\/users\/:id\/assignments/,
    });
    await assigned.waitFor();
    await assigned.getByText('Show').click();
    await assigned.getByText('"subject_type": "publisher"').waitFor();
    await screenshot(page, 'roles-03-audit-log');
    const filters = page.getByRole('form', { name: 'Filter the audit log' });
    await filters.getByLabel('Object', { exact: true }).selectOption('publisher');
    await filters.getByRole('button', { name: 'Apply' }).click();
    // Old rows stay on screen while the filtered page loads: wait for the user entries to leave.
    await page
      .getByRole('row', { name: /user #2/ })
      .first()
      .waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /create.*publisher #1/ }).waitFor();
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toBe('/api/admin/audit-log?object_type=publisher&format=csv');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href as string);
    expect(csv.split('\r\n')[0]).toContain('"object_type"');
    expect(csv).toContain('"publisher","1","create"');
  });
});
