import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER, makeClick, nextPhone } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let offerId: string;
let pubId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  const token = await t.adminToken();
  offerId = (await makeOffer(t, token)).id;
  pubId = (await makePublisher(t, token)).id;
});
afterAll(() => t.close());

/** What a browser sends when a hosted order form is posted without JavaScript. */
function formPost(fields: Record<string, string>, language?: string) {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
    'user-agent': BROWSER,
  };
  if (language) headers['accept-language'] = language;
  return t.call('POST', '/api/lead', { body: new URLSearchParams(fields).toString(), headers });
}

describe('the hosted order form posted without JavaScript', () => {
  it('thanks the visitor in their language, with the same status', async () => {
    const clickId = await makeClick(t, offerId, pubId);
    const page = await formPost({ click_id: clickId, name: 'Ana', phone: nextPhone() }, 'es-MX,es;q=0.9');
    expect(page.status).toBe(201);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-language']).toBe('es');
    expect(page.text).toContain('¡Gracias! Le llamaremos en breve.');
    expect(page.text).not.toContain('"id"');
  });

  it('says what to do in Russian or Hindi for a refused form, never the refusal detail', async () => {
    const clickId = await makeClick(t, offerId, pubId);
    const ru = await formPost({ click_id: clickId, name: 'Иван', phone: '12' }, 'ru-RU');
    expect(ru.status).toBe(422);
    expect(ru.text).toContain('Не удалось принять заказ');
    expect(ru.text).not.toContain('phone');
    const hi = await formPost({ click_id: clickId, name: 'Asha', phone: '12' }, 'hi-IN,en;q=0.5');
    expect(hi.text).toContain('हम आपका ऑर्डर नहीं ले सके');
    const en = await formPost({ click_id: clickId, name: 'Asha', phone: '12' });
    expect(en.text).toContain('please check your name and phone number');
  });

  it('leaves API clients their JSON: a JSON body, or a form without Accept: text/html', async () => {
    const clickId = await makeClick(t, offerId, pubId);
    const json = await t.call('POST', '/api/lead', {
      body: { click_id: clickId, name: 'Ana', phone: '12' },
      headers: { accept: 'text/html', 'accept-language': 'es', 'user-agent': BROWSER },
    });
    expect(json.status).toBe(422);
    expect(json.body).toMatchObject({ error: 'phone_invalid', field: 'phone' });
    const form = await t.call('POST', '/api/lead', {
      body: new URLSearchParams({ click_id: clickId, name: 'Ana', phone: '12' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'es' },
    });
    expect(form.body).toMatchObject({ error: 'phone_invalid' });
  });
});
