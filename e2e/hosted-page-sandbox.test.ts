import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_FORM_SNIPPET } from '../src/modules/sites/order-form.js';
import { type FakeServer, startFakeServer } from '../test/helpers/fake-server.js';
import { adminApi, signInAsAdmin } from './helpers/api.js';
import { launchChromium, newPerson, type Person } from './helpers/browser.js';
import { ADMIN, type RunningServer, startBuiltServer } from './helpers/server.js';

const PUBLISHER = { email: 'pub@sandbox.test', password: 'publisher-password-1' };

/**
 * What a hostile uploaded page tries against whoever opens it. Each attempt reports in the page
 * (`<pre id="report">`, JSON): `HTTP <status>` for an answer it could read, `read …` for something
 * it managed to read, `refused: <error>` when the browser stopped it.
 */
const ATTACK = `<pre id="report"></pre>
<iframe name="sink" hidden></iframe>
<form id="forged-admin" method="post" action="/api/admin/users" target="sink" hidden>
  <input name="email" value="forged-form@evil.test"><input name="password" value="forged-password-1">
</form>
<script>
(async function () {
  var report = {};
  async function attempt(name, run) {
    try { report[name] = await run(); } catch (e) { report[name] = 'refused: ' + (e && e.name); }
  }
  async function answer(r) { return 'HTTP ' + r.status + ' ' + (await r.text()).slice(0, 200); }
  function wait(ms) { return new Promise(function (done) { setTimeout(done, ms); }); }
  var cookies = '';
  await attempt('read document.cookie', function () { cookies = document.cookie; return 'read ' + cookies; });
  await attempt('read localStorage', function () { return 'read ' + localStorage.length; });
  function csrf(name) {
    var m = cookies.match(new RegExp('(?:^|; )' + name + '=([^;]+)'));
    return m ? m[1] : 'guessed-token';
  }
  var admin = JSON.stringify({ email: 'forged@evil.test', password: 'forged-password-1', name: 'Forged' });
  var json = { 'content-type': 'application/json' };
  var tries = [
    ['admin: read /api/auth/me', '/api/auth/me', { credentials: 'include' }],
    ['admin: list users', '/api/admin/users', {}],
    ['admin: create admin, no CSRF header', '/api/admin/users', { method: 'POST', credentials: 'include', headers: json, body: admin }],
    ['admin: create admin, CSRF header', '/api/admin/users', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf('lr_csrf') }, body: admin }],
    ['admin: create admin, form-encoded', '/api/admin/users', { method: 'POST', credentials: 'include', body: new URLSearchParams({ email: 'forged-simple@evil.test', password: 'forged-password-1' }) }],
    ['publisher: read /api/publisher/me', '/api/publisher/me', { credentials: 'include' }],
    ['publisher: create flow, no CSRF header', '/api/publisher/flows', { method: 'POST', credentials: 'include', headers: json, body: JSON.stringify({ offer_id: '{offer_id}', name: 'Forged flow A' }) }],
    ['publisher: create flow, CSRF header', '/api/publisher/flows', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf('lr_pub_csrf') }, body: JSON.stringify({ offer_id: '{offer_id}', name: 'Forged flow B' }) }],
  ];
  for (var i = 0; i < tries.length; i++) {
    var t = tries[i];
    await attempt(t[0], async function () { return answer(await fetch(t[1], t[2])); });
  }
  await attempt('admin: form post', async function () {
    document.getElementById('forged-admin').submit();
    await wait(800);
    return 'sent';
  });
  async function framed(url) {
    var frame = document.createElement('iframe');
    frame.src = url;
    document.body.append(frame);
    await new Promise(function (done) { frame.onload = done; });
    return 'read ' + frame.contentDocument.body.textContent.slice(0, 200);
  }
  await attempt('admin: read /api/auth/me in a frame', function () { return framed('/api/auth/me'); });
  await attempt('publisher: read /api/publisher/me in a frame', function () { return framed('/api/publisher/me'); });
  await attempt('admin: read a window opened on /admin', async function () {
    var w = window.open('/admin/users', 'admin-window');
    for (var n = 0; n < 40 && w.document.readyState !== 'complete'; n++) await wait(100);
    await wait(500);
    return 'read ' + w.document.cookie + ' ' + w.document.body.textContent.slice(0, 200);
  });
  var out = document.getElementById('report');
  out.textContent = JSON.stringify(report);
  out.setAttribute('data-done', '1');
})();
</script>`;

const page = (body: string) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Spring sale</title></head>\n<body>\n<h1>Spring sale</h1>\n${body}\n</body></html>\n`;

const b64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * Issue 15 item 4: a hosted page under /s/ shares the host of /admin and /webmaster, so it is served
 * in a CSP sandbox (an opaque origin). An admin and a publisher signed in in the same browser open a
 * hostile uploaded page: nothing it tries acts as them, and its order forms still create leads.
 */
describe('a hosted page cannot act as whoever opens it', () => {
  let server: RunningServer;
  let browser: Browser;
  let advertiserApi: FakeServer;
  let operator: Person;
  let offerId: string;
  let publisherId: string;
  let token: string;

  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
    return (await response.json()) as T;
  };
  const leads = async () =>
    (await get<{ data: { name: string | null; click_id: string | null }[] }>('/api/admin/leads')).data;

  beforeAll(async () => {
    [server, browser, advertiserApi] = await Promise.all([
      startBuiltServer({ ALLOW_PRIVATE_TARGETS: '1' }),
      launchChromium(),
      startFakeServer({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"status":"ok","id":"ADV-1"}',
      }),
    ]);
    const post = await adminApi(server.url);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    token = ((await login.json()) as { token: string }).token;
    const advertiser = await post('/api/admin/advertisers', {
      name: 'LeadBuyer',
      endpoint_url: `${advertiserApi.url}/lead`,
    });
    const offer = await post('/api/admin/offers', {
      name: 'Spring Sale',
      advertiser_id: advertiser.id,
      landing_url: `${server.url}/s/spring/landing.html?click_id={click_id}`,
      adv_payout: '12.00',
      pub_payout: '8.00',
      visibility: 'public',
      geo: [],
    });
    offerId = offer.id;
    publisherId = (
      await post('/api/admin/publishers', {
        name: 'Traffic Co',
        ...PUBLISHER,
        status: 'approved',
      })
    ).id;
    await post('/api/admin/sites', {
      offer_id: offerId,
      name: 'Spring sale',
      slug: 'spring',
      files: [
        { path: 'index.html', content_base64: b64(page(`${ORDER_FORM_SNIPPET}\n${ATTACK}`)) },
        {
          path: 'landing.html',
          content_base64: b64(page('<a href="plain.html?click_id={click_id}">Order</a>')),
        },
        {
          // A form that names no click: only the lr_click cookie could attribute its post.
          path: 'no-field.html',
          content_base64: b64(
            page(
              '<form method="post" action="/api/lead"><label>Full name <input name="name"></label><label>Phone <input name="phone"></label><button>Send</button></form>',
            ),
          ),
        },
        {
          // No script at all: the form posts as a plain navigation from the sandbox.
          path: 'plain.html',
          content_base64: b64(
            page(
              '<form method="post" action="/api/lead"><input type="hidden" name="click_id" value="{click_id}"><label>Full name <input name="name"></label><label>Phone <input name="phone"></label><button>Order now</button></form>',
            ),
          ),
        },
      ],
    });
    operator = await newPerson(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await advertiserApi?.close();
  });

  it('a signed-in admin and publisher open the page: every attempt fails, and its order form still posts a lead', async () => {
    const { context, page: admin } = operator;
    // The operator has clicked the offer's tracking link in this browser (lr_click), then signs in
    // to the admin panel and to the publisher portal.
    const tracked = await context.newPage();
    await tracked.goto(`/click?offer_id=${offerId}&pub_id=${publisherId}&sub1=operator`);
    const clickId = new URL(tracked.url()).searchParams.get('click_id') ?? '';
    expect(clickId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    await tracked.close();
    await signInAsAdmin(admin, '/admin/sites');
    const portal = await context.newPage();
    await portal.goto('/webmaster');
    await portal.getByLabel('Email').fill(PUBLISHER.email);
    await portal.getByLabel('Password').fill(PUBLISHER.password);
    await portal.getByRole('button', { name: 'Sign in' }).click();
    await portal.getByTestId('sign-out').waitFor();
    const cookieNames = (await context.cookies()).map((c) => c.name).sort();
    expect(cookieNames).toEqual(['lr_click', 'lr_csrf', 'lr_pub_csrf', 'lr_pub_session', 'lr_session']);

    // "Open hosted page" from the site's screen.
    await admin.getByRole('link', { name: 'Spring sale', exact: true }).click();
    const opened = context.waitForEvent('page');
    await admin.getByRole('link', { name: 'Open hosted page ↗' }).click();
    const hosted: Page = await opened;
    await hosted.waitForLoadState();
    expect(new URL(hosted.url()).pathname).toBe('/s/spring/');
    await hosted.locator('#report[data-done]').waitFor({ state: 'attached', timeout: 20_000 });
    const report = JSON.parse((await hosted.locator('#report').textContent()) ?? '{}') as Record<
      string,
      string
    >;
    expect(Object.keys(report)).toHaveLength(14);
    expect(report['read document.cookie']).toMatch(/^refused: SecurityError/);
    expect(report['read localStorage']).toMatch(/^refused: SecurityError/);
    for (const [attempt, outcome] of Object.entries(report)) {
      // Nothing read, no answer but a refusal: the browser blocks the read, or the server says 401/403.
      expect(outcome, attempt).not.toMatch(/^read |^HTTP 2/);
    }

    // The window it opened on /admin stays sandboxed: no cookies there either.
    const popup = context.pages().find((p) => new URL(p.url()).pathname === '/admin/users');
    expect(popup).toBeDefined();
    expect(
      await popup?.evaluate(() => {
        try {
          return document.cookie;
        } catch (error) {
          return `refused: ${(error as Error).name}`;
        }
      }),
    ).toBe('refused: SecurityError');

    // Nothing changed, as the real admin and the real publisher see it.
    const users = await get<{ data: { email: string }[] }>('/api/admin/users');
    expect(users.data.map((u) => u.email)).toEqual([ADMIN.email]);
    const flows = await portal.evaluate(async () => (await fetch('/api/publisher/flows')).json());
    expect(flows).toMatchObject({ total: 0 });
    // The sessions still work where they belong.
    expect(await portal.evaluate(async () => (await fetch('/api/publisher/me')).status)).toBe(200);
    expect(await admin.evaluate(async () => (await fetch('/api/auth/me')).status)).toBe(200);

    // The page was opened without a click in its URL: the server filled the form from lr_click.
    expect(await hosted.locator('input[name="click_id"]').inputValue()).toBe(clickId);
    await hosted.getByLabel('Full name').fill('Asha Rao');
    await hosted.getByLabel('Phone').fill('+919876543210');
    await hosted.getByRole('button', { name: 'Order now' }).click();
    await hosted.getByText('Thank you! We will call you shortly.').waitFor();
    await expect.poll(leads).toEqual([expect.objectContaining({ name: 'Asha Rao', click_id: clickId })]);
  });

  it('a visitor follows the link and orders through a form with no script: a lead on their click', async () => {
    const visitor = await newPerson(browser, server.url, { width: 390, height: 844 });
    const { page: v } = visitor;
    await v.goto(`/click?offer_id=${offerId}&pub_id=${publisherId}&sub1=plain`);
    const clickId = new URL(v.url()).searchParams.get('click_id') ?? '';
    expect(clickId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    await v.getByRole('link', { name: 'Order' }).click();
    await v.getByLabel('Full name').waitFor();
    expect(await v.locator('input[name="click_id"]').inputValue()).toBe(clickId);
    await v.getByLabel('Full name').fill('Ravi Kumar');
    await v.getByLabel('Phone').fill('+919812345678');
    await v.getByRole('button', { name: 'Order now' }).click();
    // A form posted without JavaScript gets a page in the visitor's language, not our JSON.
    await v.getByText('Thank you! We will call you shortly.').waitFor();
    expect(new URL(v.url()).pathname).toBe('/api/lead');
    await expect
      .poll(async () => (await leads()).find((l) => l.name === 'Ravi Kumar'))
      .toMatchObject({ click_id: clickId });
    // The page's own post is cross-site from its opaque origin: the SameSite=Lax lr_click cookie
    // (plain http) stays behind, so a form without the click field attributes nothing.
    expect((await visitor.context.cookies()).map((c) => c.name)).toEqual(['lr_click']);
    await v.goto('/s/spring/no-field.html');
    await v.getByLabel('Full name').fill('Nobody Known');
    await v.getByLabel('Phone').fill('+919800000001');
    await v.getByRole('button', { name: 'Send' }).click();
    // Refused (no_click, 422): the visitor is asked to try again, without the refusal's detail.
    await v.getByText(/We could not take your order/).waitFor();
    expect((await leads()).map((l) => l.name)).not.toContain('Nobody Known');
    expect(visitor.problems).toEqual([]);
  });
});
