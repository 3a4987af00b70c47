import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser.js';
import { ADMIN } from './server.js';

/**
 * The "no English left" check of issue 21 item 1, shared by the i18n browser tests (e2e/i18n*.test.ts).
 * Data a test seeds (names, emails: push them onto DATA), codes and URLs (<code>), the time-zone and
 * language pickers and brand or industry words are left out; what remains is checked against English
 * words (Spanish) or against any Latin word at all (Russian, Hindi).
 */

/** The admin panel's tabs (the paths under /admin) every language's browser test visits. */
export const ADMIN_SCREENS = [
  'quick-start',
  'dashboard',
  'offers',
  'advertisers',
  'publishers',
  'flows',
  'leads',
  'clicks',
  'conversions',
  'postbacks',
  'access-requests',
  'audit-log',
  'finance',
  'finance/invoices',
  'reports',
  'settings',
  'integrations',
  'sites',
] as const;

/** What the test seeds: shown as data, in any language. */
export const DATA: string[] = [
  'Crypto Leads Ltd',
  'Crypto Pro',
  'Nova Traffic',
  'nova@traffic.test',
  ADMIN.email,
  'Operator',
  // The page a new local site starts with.
  'index.html',
];
/** Brands, codes and words every language keeps (Facebook's own product and event names included). */
export const KEPT = new Set(
  (
    'Leadrail ID UID URL API CSV XLSX JSON GET POST HTTP USD EUR INR EPC CR GEO IBAN TRON TRC ERC USDT Bitcoin Ethereum ' +
    'PayPal Wise Facebook Conversions Lead StartTrial Purchase Events Manager Google Authenticator Aegis ' +
    'Keitaro Net QR txid sub Sub IDs ms UTC Tier IP TSV DNO WhoCPA HasOffers Cake HTML PHP ASP SSI PDF ISO CPA'
  ).split(' '),
);
/** Loanwords Spanish-speaking affiliate marketers use as they are. */
export const KEPT_ES = new Set([
  'Leads',
  'leads',
  'Lead',
  'lead',
  'Postback',
  'postback',
  'Postbacks',
  'postbacks',
  'Marketplace',
  'marketplace',
  'tracker',
  'Tracker',
  'trafficback',
  'token',
  'Token',
  'hash',
  'Push',
  'Tier',
  'India',
  'Spam',
  'spam',
  'Tier',
  // Spanish words spelled as English ones.
  'Total',
]);
/** Common English words that are not also Spanish. */
export const ENGLISH = new Set(
  (
    'the and of to your you yet with for from all new save add delete offer offers link links flow flows payout payouts ' +
    'status name created settings sign out balance request requested pending approved clicks click statistics refresh ' +
    'events event method password session sessions account code copy page next previous results loading none ' +
    'this that is are be it by on in at or an get set turn off show here there what which when where choose enter ' +
    'day days today total unique apply group filters from to revoke replace generate stats traffic send sent test ' +
    'words word until still go more less than only any every each once again check waiting approval active paused ' +
    'conversions reversed after before net next minimum amount destination wallet address browser last seen end ' +
    'two factor sign-in recovery codes caps cap soft hard hour month'
  ).split(' '),
);

/** Standards and brands the traffic and form screens name, the same in every language. */
for (const word of 'CIDR User-Agent ISO HMAC HMAC-SHA JavaScript Safari Firefox Chrome Affise Tune HitPath REST CPA'.split(
  ' ',
))
  KEPT.add(word);

export type Lang = 'es' | 'ru' | 'hi';

interface SeenText {
  words: string[];
  text: string;
}

/** The visible text of the page without data, codes and the pickers; then its Latin words. */
export async function visibleWords(page: Page): Promise<SeenText> {
  const text = await page.evaluate(() => {
    const skip = (el: Element) =>
      el.closest(
        'code, pre, option, select, .tz-select, .lang-select, .who, .user-agent, .event-code, [translate=no], dialog:not([open]), details:not([open]) > :not(summary)',
      ) !== null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || skip(parent)) continue;
      const style = getComputedStyle(parent);
      if (style.display === 'none' || style.visibility === 'hidden' || parent.closest('.sr-only')) continue;
      parts.push(node.textContent ?? '');
    }
    // A select shows its chosen option.
    for (const select of document.querySelectorAll('select')) {
      if (!skip(select.parentElement ?? select) && select.selectedOptions[0])
        parts.push(select.selectedOptions[0].text);
    }
    return parts.join(' ');
  });
  let rest = text;
  for (const d of DATA) rest = rest.split(d).join(' ');
  rest = rest
    // Query parameters and headers quoted in a hint (&from=YYYY-MM-DD, group=day|offer, X-Next-Cursor).
    .replace(/https?:\/\/\S+/g, ' ')
    // Time-zone names (Asia/Calcutta in a chart's caption) are IANA ids, the same in every language.
    .replace(/\b[A-Z][a-z]+\/[A-Z][A-Za-z_]+\b/g, ' ')
    // API paths quoted in a hint (POST /api/lead).
    .replace(/\/api\/\S+/g, ' ')
    .replace(/[&?]?[a-z_]+=[^\s,)]*/g, ' ')
    .replace(/X-Next-Cursor|next_cursor|click_id|1Password/g, ' ')
    .replace(/\{[a-z_0-9]+\}/g, ' ')
    .replace(/\bsub\d+\b/g, ' ');
  // Whole words of any script first, so an accented Spanish word (envían) is not read as Latin
  // fragments (env, an); then the Latin ones.
  const words = (rest.match(/\p{L}[\p{L}\p{M}'-]+/gu) ?? [])
    .map((w) => w.replace(/[-']+$/, ''))
    .filter((w) => /^[A-Za-z][A-Za-z'-]*$/.test(w));
  return { words, text };
}

export function englishLeft(seen: SeenText, lang: Lang): string[] {
  return seen.words.filter((w) => {
    if (KEPT.has(w)) return false;
    if (lang === 'es') return !KEPT_ES.has(w) && ENGLISH.has(w.toLowerCase());
    // Russian and Hindi are written in Cyrillic and Devanagari: any other Latin word is an untranslated text.
    return true;
  });
}

export { signIn } from './api.js';

/** Every screen is visited before failing, so one run lists all the English left. */
const failures: string[] = [];

export async function checkScreen(page: Page, lang: Lang, path: string, name: string) {
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
  // Lists load after the heading: wait for the loading notes to go.
  await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 10_000 });
  await page.waitForTimeout(200);
  expect(await page.locator('html').getAttribute('lang')).toBe(lang);
  const left = englishLeft(await visibleWords(page), lang);
  await screenshot(page, `i18n-${lang}-${name}`);
  if (left.length > 0) failures.push(`${lang} ${path} shows English: ${left.join(', ')}`);
}

export function expectNoFailures() {
  const found = failures.splice(0);
  expect(found).toEqual([]);
}
