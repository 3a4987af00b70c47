import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); playwright-core downloads no browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// This machine has no network beyond loopback: keep Chromium from trying to reach Google's services.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A plain desktop Chrome: HeadlessChrome in the default one would be refused as a bot at /click.
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

export const SCREENSHOTS = join('test-output', 'screenshots');

/** Playwright starts Chromium with a new temporary profile (user-data-dir) every launch. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen on this person's pages (CSP violations included). */
  problems: string[];
}

/** One person = one browser context: their own cookies (admin and publisher sessions share a cookie name). */
export async function newPerson(browser: Browser, baseURL: string, viewport = { width: 1280, height: 860 }) {
  const context = await browser.newContext({ baseURL, userAgent: USER_AGENT, viewport, timezoneId: 'UTC' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  // Fail a step in seconds, not Playwright's default half-minute.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // A refused request is logged by the browser too (the 401 of the first session check, a 409 the
    // test provokes); the page shows those in words. Anything else (CSP, React) is a problem.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { context, page, problems } satisfies Person;
}

/** A full-page screenshot, test-output/screenshots/NAME.png (the folder is emptied before each run). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}
