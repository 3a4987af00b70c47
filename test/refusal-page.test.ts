import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** What a refused visitor sees, over a real socket (the tracking fast path), and what the operator finds. */

let t: TestApp;
let token: string;
let base: string;
let offerId: string;
let pubId: string;

const US_IP = '8.8.4.4';
const REJECT_WORDS = /geo|country|mismatch|bot_ua|velocity|blocked|reason|cap_|daily_cap|reject/i;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  token = await t.adminToken();
  const advertiser = await makeAdvertiser(t, token);
  offerId = (await makeOffer(t, token, { advertiser_id: advertiser.id })).id; // geo IN,PK
  pubId = (await makePublisher(t, token)).id;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

async function visit(path: string, language?: string) {
  const headers: Record<string, string> = { 'x-forwarded-for': US_IP, 'user-agent': BROWSER };
  if (language) headers['accept-language'] = language;
  const response = await fetch(`${base}${path}`, { redirect: 'manual', headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const referenceIn = (html: string) => /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(html)?.[1];

describe('the refused visitor’s page', () => {
  it('is in the visitor’s language, with a reference and no reject reason', async () => {
    const cases: [string | undefined, RegExp, string][] = [
      [undefined, /This offer is not available\./, 'en'],
      ['es-MX,es;q=0.9,en;q=0.5', /Esta oferta no está disponible\./, 'es'],
      ['ru-RU,ru;q=0.9', /Это предложение недоступно\./, 'ru'],
      ['hi-IN, en;q=0.4', /यह ऑफ़र उपलब्ध नहीं है।/, 'hi'],
      ['de-DE,fr;q=0.8', /This offer is not available\./, 'en'],
      ['en;q=0.3, ru;q=0.8', /Это предложение недоступно\./, 'ru'],
    ];
    for (const [language, text, lang] of cases) {
      const page = await visit(`/click?offer_id=${offerId}&pub_id=${pubId}`, language);
      expect(page.status).toBe(403);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.headers.get('content-language')).toBe(lang);
      expect(page.text).toMatch(text);
      expect(page.text).toContain(`lang="${lang}"`);
      expect(referenceIn(page.text)).toBeTruthy();
      expect(page.text).not.toMatch(REJECT_WORDS);
      expect(page.text).not.toContain(US_IP);
    }
  });

  it('the operator pastes the reference into Clicks and finds the click with its reject reason', async () => {
    const page = await visit(`/click?offer_id=${offerId}&pub_id=${pubId}&sub1=campaign-9`, 'es');
    const reference = referenceIn(page.text) as string;
    await t.ctx.clickWriter.flush();
    for (const typed of [reference, reference.replace('-', '').toLowerCase(), ` ${reference} `]) {
      const found = await t.call('GET', `/api/admin/clicks?ref=${encodeURIComponent(typed)}`, { token });
      expect(found.status, found.text).toBe(200);
      expect(found.body.total).toBe(1);
      expect(found.body.data[0]).toMatchObject({
        reference,
        reject_reason: 'geo_mismatch',
        sub1: 'campaign-9',
        status: 'rejected',
      });
    }
    expect((await t.call('GET', '/api/admin/clicks?ref=not-a-ref!', { token })).status).toBe(400);
    expect((await t.call('GET', '/api/admin/clicks?ref=ZZZZ-ZZZZ', { token })).body.total).toBe(0);
  });

  it('an unknown offer or link is still a 404, translated', async () => {
    const missing = await visit(`/click?offer_id=999999&pub_id=${pubId}`, 'es');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Esta oferta no existe.');
    expect(referenceIn(missing.text)).toBeUndefined();
    const link = await visit('/f/no-such-flow', 'ru');
    expect(link.status).toBe(404);
    expect(link.text).toContain('Такой ссылки не существует.');
    expect((await visit('/f/no-such-flow')).text).toContain('This link does not exist.');
  });
});
