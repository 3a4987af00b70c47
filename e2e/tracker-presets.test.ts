import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../test/helpers/fake-server.js';
import { adminApi } from './helpers/api.js';
import { launchChromium, newPerson, type Person, screenshot } from './helpers/browser.js';
import { type RunningServer, startBuiltServer } from './helpers/server.js';

const PUBLISHER = { name: 'Orion Media', email: 'orion@media.test', password: 'orion-password-3' };

/**
 * A publisher sets up a tracker preset in the portal (issue 16, item 6): the URL for each event,
 * their own status words for it, the events a tracker without statuses is offered, and the words
 * changed again on the saved postback — the test postback carries them to a real tracker.
 */
describe('a publisher’s tracker preset, its words and the URL of each event', () => {
  let server: RunningServer;
  let browser: Browser;
  let tracker: FakeServer;
  let publisher: Person;

  beforeAll(async () => {
    [server, browser, tracker] = await Promise.all([
      startBuiltServer({ ALLOW_PRIVATE_TARGETS: '1' }),
      launchChromium(),
      startFakeServer(),
    ]);
    const post = await adminApi(server.url);
    await post('/api/admin/publishers', { ...PUBLISHER, status: 'approved' });
    publisher = await newPerson(browser, server.url);
    const { page } = publisher;
    await page.goto('/webmaster/settings');
    await page.getByLabel('Email').fill(PUBLISHER.email);
    await page.getByLabel('Password').fill(PUBLISHER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('form', { name: 'Add a postback' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), tracker?.close()]);
  });

  it('offers Voluum only the paid events, since Voluum counts every postback as a conversion', async () => {
    const form = publisher.page.getByRole('form', { name: 'Add a postback' });
    await form.getByLabel('Tracker', { exact: true }).selectOption({ label: 'Voluum' });
    const events = form.getByRole('group', { name: 'Events' });
    await expect.poll(() => events.getByRole('checkbox').count()).toBe(3);
    await events.getByText('Voluum is not told of other events').waitFor();
    // No {status} in Voluum's URL: no words to edit.
    expect(await form.getByRole('table', { name: 'Status words' }).count()).toBe(0);
  });

  it('shows Binom’s URL for each event, with the words the publisher types and payout 0 on a cancellation', async () => {
    const { page } = publisher;
    const form = page.getByRole('form', { name: 'Add a postback' });
    await form.getByLabel('Tracker', { exact: true }).selectOption({ label: 'Binom v1' });
    const trackerHost = new URL(tracker.url).host;
    await form.getByLabel('Tracker address').fill(`http://${trackerHost}`);
    const events = form.getByRole('group', { name: 'Events' });
    for (const event of ['lead', 'hold', 'trash', 'chargeback', 'sale', 'rebill']) {
      await events.getByLabel(event, { exact: true }).uncheck();
    }
    const base = `http://${trackerHost}/click.php?cnv_id=sub1-value`;
    const approved = form.getByRole('listitem', { name: 'URL for approved' });
    const cancelled = form.getByRole('listitem', { name: 'URL for cancelled' });
    await expect
      .poll(() => approved.locator('code').textContent())
      .toBe(`${base}&payout=10.00&cnv_status=approved&cnv_currency=USD`);
    await expect
      .poll(() => cancelled.locator('code').textContent())
      .toBe(`${base}&payout=0.00&cnv_status=rejected&cnv_currency=USD`);
    expect(await form.getByRole('listitem').count()).toBe(2);

    const words = form.getByRole('table', { name: 'Status words' });
    expect(await words.getByLabel('Word for approved').getAttribute('placeholder')).toBe('approved');
    await words.getByLabel('Word for approved').fill('Approve');
    await words.getByLabel('Word for cancelled').fill('Reject');
    await expect
      .poll(() => approved.locator('code').textContent())
      .toBe(`${base}&payout=10.00&cnv_status=Approve&cnv_currency=USD`);
    await expect.poll(() => cancelled.locator('code').textContent()).toContain('cnv_status=Reject');
    await screenshot(page, 'trackers-01-binom-words-preview');

    await form.getByRole('button', { name: 'Save postback' }).click();
    await form.getByText('Postback saved.').waitFor();
    const item = page.getByRole('article');
    await item
      .getByText(
        /^binom · All offers · events: approved, cancelled · words: approved=Approve, cancelled=Reject$/,
      )
      .waitFor();
  });

  it('changes a word on the saved postback, and the test postback carries it to the tracker', async () => {
    const { page } = publisher;
    const item = page.getByRole('article');
    await item.getByRole('button', { name: 'Status words' }).click();
    const words = item.getByRole('table', { name: 'Status words' });
    await expect.poll(() => words.getByLabel('Word for approved').inputValue()).toBe('Approve');
    await words.getByLabel('Word for approved').fill('confirmed');
    await item.getByRole('button', { name: 'Save words' }).click();
    await item.getByText('Status words saved.').waitFor();
    await item.getByText(/words: approved=confirmed, cancelled=Reject$/).waitFor();

    const before = tracker.requests.length;
    await item.getByLabel('Test event').selectOption('approved');
    await item.getByRole('button', { name: 'Send test' }).click();
    await item.getByText('tracker answered HTTP 200').waitFor();
    expect(tracker.requests.slice(before).map((r) => r.url)).toEqual([
      '/click.php?cnv_id=test-sub1&payout=1.00&cnv_status=confirmed&cnv_currency=USD',
    ]);
    await screenshot(page, 'trackers-02-saved-words');
  });
});
