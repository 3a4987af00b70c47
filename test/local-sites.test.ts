import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appJobRegistry } from '../src/jobs/registry.js';
import { startWorker, type Worker } from '../src/jobs/worker.js';
import { MAX_FILE_BYTES, MAX_FILES, MAX_SITE_BYTES } from '../src/modules/sites/site-limits.js';
import { type FakeServer, startFakeServer } from './helpers/fake-server.js';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { BROWSER, nextPhone } from './helpers/leads.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;
let advertiserApi: FakeServer;
let worker: Worker;

beforeAll(async () => {
  advertiserApi = await startFakeServer({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: '{"status":"ok","id":"ADV-1"}',
  });
  t = await createTestApp({ env: { ALLOW_PRIVATE_TARGETS: '1', TRUST_PROXY: '1' } });
  token = await t.adminToken();
  worker = startWorker(t.ctx, appJobRegistry(), { poll: false, jitter: false });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await advertiserApi.close();
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('local sites', () => {
  it('hosts an uploaded landing page and fills the click macros into its form', async () => {
    const offer = await makeOffer(t, token, { geo: [] });
    const created = await t.call('POST', '/api/admin/sites', {
      token,
      body: {
        offer_id: offer.id,
        name: 'Keto landing',
        slug: 'keto-in',
        files: [
          {
            path: 'index.html',
            content_base64: b64(
              '<html><form action="/api/lead" method="post"><input type="hidden" name="subid" value="{click}"><input type="hidden" name="s1" value="{sub1}"><span>{country}</span></form><link href="css/site.css" rel="stylesheet"></html>',
            ),
          },
          { path: 'css/site.css', content_base64: b64('body { color: #333 }') },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      slug: 'keto-in',
      url: 'http://leadrail.test/s/keto-in/',
      landing_url: 'http://leadrail.test/s/keto-in/?click_id={click_id}',
    });
    expect(created.body.files.map((f: any) => f.path)).toEqual(['css/site.css', 'index.html']);

    // The operator points the offer at the site; a click lands there with its id.
    await t.call('PATCH', `/api/admin/offers/${offer.id}`, {
      token,
      body: { landing_url: created.body.landing_url },
    });
    const pub = await makePublisher(t, token);
    const click = await t.call(
      'GET',
      `/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=%22%3E%3Cscript%3E`,
      {
        headers: { 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
      },
    );
    const landing = new URL(String(click.headers.location));
    expect(landing.pathname).toBe('/s/keto-in/');
    const clickId = landing.searchParams.get('click_id')!;

    const page = await t.call('GET', `${landing.pathname}${landing.search}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.text).toContain(`<input type="hidden" name="subid" value="${clickId}">`);
    // A visitor's sub value is escaped: it cannot break out of the attribute.
    expect(page.text).toContain('value="&#34;&#62;&#60;script&#62;"');
    expect(page.text).not.toContain('"><script>');

    const css = await t.call('GET', '/s/keto-in/css/site.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toBe('body { color: #333 }');
    const bare = await t.call('GET', '/s/keto-in?click_id=abc');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/s/keto-in/?click_id=abc');
    // Without a known click the macros are simply empty.
    expect((await t.call('GET', '/s/keto-in/')).text).toContain('name="subid" value=""');
  });

  it('serves every answer under /s/ in a CSP sandbox with nosniff: html, svg, js, css, images, 404, redirect', async () => {
    // A hosted page shares the host of /admin and /webmaster: the sandbox gives it an opaque origin,
    // so its script cannot use their cookies (issue 15, item 4).
    const offer = await makeOffer(t, token, { geo: [] });
    const site = await t.call('POST', '/api/admin/sites', {
      token,
      body: {
        offer_id: offer.id,
        name: 'Sandboxed',
        slug: 'sandboxed',
        files: [
          { path: 'index.html', content_base64: b64('<script src="app.js"></script><p>hi</p>') },
          { path: 'page.htm', content_base64: b64('<p>old</p>') },
          { path: 'app.js', content_base64: b64('fetch("/api/admin/users")') },
          {
            path: 'logo.svg',
            content_base64: b64('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
          },
          { path: 'site.css', content_base64: b64('p{}') },
          { path: 'data.json', content_base64: b64('{}') },
          { path: 'img/dot.png', content_base64: 'iVBORw0KGgo=' },
        ],
      },
    });
    expect(site.status).toBe(201);
    const sandbox = 'sandbox allow-scripts allow-forms allow-popups';
    for (const [path, status] of [
      ['/s/sandboxed/', 200],
      ['/s/sandboxed/index.html', 200],
      ['/s/sandboxed/page.htm', 200],
      ['/s/sandboxed/app.js', 200],
      ['/s/sandboxed/logo.svg', 200],
      ['/s/sandboxed/site.css', 200],
      ['/s/sandboxed/data.json', 200],
      ['/s/sandboxed/img/dot.png', 200],
      ['/s/sandboxed/missing.html', 404],
      ['/s/sandboxed/a%5C..%5Cx', 404],
      ['/s/no-such-site/', 404],
      ['/s/sandboxed', 301],
    ] as const) {
      for (const method of ['GET', 'HEAD'] as const) {
        const r = await t.call(method, path);
        expect(r.status, `${method} ${path}`).toBe(status);
        expect(r.headers['content-security-policy'], `${method} ${path}`).toBe(sandbox);
        expect(r.headers['x-content-type-options'], `${method} ${path}`).toBe('nosniff');
      }
    }
    expect((await t.call('GET', '/s/sandboxed/logo.svg')).headers['content-type']).toBe('image/svg+xml');
    // A slug past the limit is refused by validation, still sandboxed.
    const long = await t.call('GET', `/s/${'a'.repeat(60)}/`);
    expect(long.status).toBe(400);
    expect(long.headers['content-security-policy']).toBe(sandbox);
  });

  it('offers a built-in order form that posts the click to /api/lead', async () => {
    const offer = await makeOffer(t, token, { geo: [] });
    const site = await t.call('POST', '/api/admin/sites', {
      token,
      body: { offer_id: offer.id, name: 'Order now' },
    });
    expect(site.status).toBe(201);
    const page = await t.call('GET', `/s/${site.body.slug}/`);
    expect(page.text).toContain('action="/api/lead"');
    expect(page.text).toContain('<input type="hidden" name="click_id" value="">');
    const snippet = await t.call('GET', '/api/admin/sites/order-form-snippet', { token });
    expect(snippet.text).toContain('value="{click}"');
  });

  it('refuses traversal paths, server-side scripts, oversized files and unknown offers; replaces and deletes files', async () => {
    const offer = await makeOffer(t, token, { geo: [] });
    const site = await t.call('POST', '/api/admin/sites', {
      token,
      body: { offer_id: offer.id, name: 'S', template: 'empty' },
    });
    expect(site.body.files).toEqual([]);
    const put = (path: string, content: string) =>
      t.call('PUT', `/api/admin/sites/${site.body.id}/files`, {
        token,
        body: { path, content_base64: b64(content) },
      });
    for (const path of ['../../etc/passwd.html', 'a/../../b.html', '/root.html', 'shell.php', 'x.phtml']) {
      const r = await put(path, 'x');
      expect(r.status, path).toBe(422);
    }
    expect((await put('index.html', '<?php echo 1; ?>')).status).toBe(422);
    expect((await put('big.js', 'x'.repeat(1024 * 1024 + 1))).status).toBe(422);
    expect((await put('index.html', '<h1>v1</h1>')).status).toBe(200);
    expect((await put('index.html', '<h1>v2</h1>')).body.files).toHaveLength(1);
    expect((await t.call('GET', `/s/${site.body.slug}/`)).text).toBe('<h1>v2</h1>');
    const stored = await t.call('GET', `/api/admin/sites/${site.body.id}/file?path=index.html`, { token });
    expect(stored.body).toMatchObject({ path: 'index.html', content_base64: b64('<h1>v2</h1>') });
    expect(
      (await t.call('GET', `/api/admin/sites/${site.body.id}/file?path=none.html`, { token })).status,
    ).toBe(404);
    expect((await t.call('GET', `/s/${site.body.slug}/%2e%2e/%2e%2e/secret.html`)).status).toBe(404);
    expect(
      (await t.call('DELETE', `/api/admin/sites/${site.body.id}/files?path=index.html`, { token })).status,
    ).toBe(204);
    expect((await t.call('GET', `/s/${site.body.slug}/`)).status).toBe(404);
    const noOffer = await t.call('POST', '/api/admin/sites', {
      token,
      body: { offer_id: '99999', name: 'x' },
    });
    expect(noOffer.status).toBe(422);
    const taken = await t.call('POST', '/api/admin/sites', {
      token,
      body: { offer_id: offer.id, name: 'x', slug: site.body.slug },
    });
    expect(taken.status).toBe(409);
  });

  it('renames, disables (its pages answer 404 until enabled again) and deletes a site', async () => {
    const offer = await makeOffer(t, token, { geo: [] });
    const site = await t.call('POST', '/api/admin/sites', {
      token,
      body: { offer_id: offer.id, name: 'Spring' },
    });
    const id = site.body.id as string;
    expect(site.body.status).toBe('active');
    const renamed = await t.call('PATCH', `/api/admin/sites/${id}`, {
      token,
      body: { name: 'Summer', status: 'disabled' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Summer', status: 'disabled' });
    expect((await t.call('GET', `/s/${site.body.slug}/`)).status).toBe(404);
    await t.call('PATCH', `/api/admin/sites/${id}`, { token, body: { status: 'active' } });
    expect((await t.call('GET', `/s/${site.body.slug}/`)).status).toBe(200);
    expect(
      (await t.call('PATCH', `/api/admin/sites/${id}`, { token, body: { status: 'gone' } })).status,
    ).toBe(400);
    expect((await t.call('DELETE', `/api/admin/sites/${id}`, { token })).status).toBe(204);
    expect((await t.call('GET', `/s/${site.body.slug}/`)).status).toBe(404);
    expect((await t.call('GET', `/api/admin/sites/${id}`, { token })).status).toBe(404);
    expect((await t.call('DELETE', `/api/admin/sites/${id}`, { token })).status).toBe(404);
  });
});

/** The hidden fields of a served page's form, as a browser would post them. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]!] = m[2]!;
  }
  return fields;
}

let ipCounter = 0;
function visitor() {
  ipCounter += 1;
  return { 'x-forwarded-for': `49.37.0.${ipCounter}`, 'user-agent': BROWSER };
}

/** An advertiser at the fake API, its offer, a publisher, and a hosted page set as the offer's landing. */
async function hostedOffer(page: { files?: { path: string; content_base64: string }[] }) {
  const advertiser = await makeAdvertiser(t, token, {
    endpoint_url: `${advertiserApi.url}/lead/add`,
    post_encoding: 'json',
    auth_location: 'header',
    payload_template: { name: '{name}', phone: '{phone}', click: '{click_id}', source: '{sub1}' },
  });
  const offer = await makeOffer(t, token, { advertiser_id: advertiser.id, geo: [] });
  const site = await t.call('POST', '/api/admin/sites', {
    token,
    body: { offer_id: offer.id, name: 'Order page', ...page },
  });
  expect(site.status).toBe(201);
  await t.call('PATCH', `/api/admin/offers/${offer.id}`, {
    token,
    body: { landing_url: site.body.landing_url },
  });
  const pub = await makePublisher(t, token);
  return { offer, site: site.body, pub };
}

async function pushed(leadId: string) {
  const before = advertiserApi.requests.length;
  while ((await worker.runOnce()) > 0) {}
  const lead = await t.ctx.db
    .selectFrom('leads')
    .selectAll()
    .where('id', '=', leadId)
    .executeTakeFirstOrThrow();
  return { lead, received: advertiserApi.requests.slice(before).map((r) => JSON.parse(r.body)) };
}

describe('a hosted page, end to end', () => {
  it("posts its form's {click} subid into a lead on that click, pushed to the advertiser", async () => {
    const { offer, site, pub } = await hostedOffer({
      files: [
        {
          path: 'index.html',
          content_base64: b64(
            '<form action="/api/lead" method="post"><input type="hidden" name="subid" value="{click}"><input name="name"><input name="phone"></form>',
          ),
        },
      ],
    });
    const click = await t.call('GET', `/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=fb-spring`, {
      headers: visitor(),
    });
    expect(click.status).toBe(302);
    const landing = new URL(String(click.headers.location));
    expect(landing.pathname).toBe(`/s/${site.slug}/`);
    const clickId = landing.searchParams.get('click_id')!;
    const page = await t.call('GET', `${landing.pathname}${landing.search}`);
    const fields = hiddenFields(page.text);
    expect(fields).toEqual({ subid: clickId });

    const phone = nextPhone();
    const form = new URLSearchParams({ ...fields, name: 'Asha', phone }).toString();
    const posted = await t.call('POST', '/api/lead', {
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...visitor() },
    });
    expect(posted.status).toBe(201);
    const { lead, received } = await pushed(posted.body.id);
    expect(lead).toMatchObject({
      click_id: clickId,
      offer_id: Number(offer.id),
      publisher_id: Number(pub.id),
      external_id: null,
      push_status: 'sent',
      adv_lead_id: 'ADV-1',
    });
    expect(received).toEqual([{ name: 'Asha', phone, click: clickId, source: 'fb-spring' }]);
  });

  it('takes a lead from the sandboxed page: Origin null, no cookies, the click from the server-filled field', async () => {
    // In the CSP sandbox the page's origin is opaque: its posts say `Origin: null` and, being
    // cross-site, carry no SameSite=Lax cookie. The click reaches the lead through the hidden field.
    const { offer, site, pub } = await hostedOffer({});
    const click = await t.call('GET', `/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=sandbox`, {
      headers: visitor(),
    });
    const cookie = String(click.headers['set-cookie']).split(';')[0]!;
    const clickId = cookie.slice('lr_click='.length);
    // Opened without the click in its URL: the navigation to /s/ still carries the cookie.
    const page = await t.call('GET', `/s/${site.slug}/`, { headers: { cookie } });
    const fields = hiddenFields(page.text);
    expect(fields).toEqual({ click_id: clickId });
    // The built-in form's script posts with fetch(): a CORS request from origin null.
    const phone = nextPhone();
    const fetched = await t.call('POST', '/api/lead', {
      body: new URLSearchParams({ ...fields, name: 'Meera', phone }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', ...visitor() },
    });
    expect(fetched.status).toBe(201);
    expect(fetched.headers['access-control-allow-origin']).toBe('*');
    const { lead, received } = await pushed(fetched.body.id);
    expect(lead).toMatchObject({ click_id: clickId, push_status: 'sent' });
    expect(received).toEqual([{ name: 'Meera', phone, click: clickId, source: 'sandbox' }]);
  });

  it('takes the click from the lr_click cookie when the page was opened without one', async () => {
    // The built-in order form: its hidden click_id is empty when the page has no click in its URL.
    const { offer, site, pub } = await hostedOffer({});
    const click = await t.call('GET', `/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=bookmark`, {
      headers: visitor(),
    });
    const cookie = String(click.headers['set-cookie']).split(';')[0]!;
    const clickId = cookie.slice('lr_click='.length);
    // The visitor comes back later straight to the page, without the click in the URL: the page
    // fills its macros from the cookie's click (the cookie is first-party here, on the tracking domain).
    const page = await t.call('GET', `/s/${site.slug}/`, { headers: { cookie } });
    expect(hiddenFields(page.text)).toEqual({ click_id: clickId });
    // A page opened with no click anywhere leaves the field empty…
    const bare = await t.call('GET', `/s/${site.slug}/`);
    const fields = hiddenFields(bare.text);
    expect(fields).toEqual({ click_id: '' });
    // …and a form posted with the field empty still gets the click from the cookie.
    const phone = nextPhone();
    const posted = await t.call('POST', '/api/lead', {
      body: new URLSearchParams({ ...fields, name: 'Ravi', phone }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...visitor() },
    });
    expect(posted.status).toBe(201);
    const { lead, received } = await pushed(posted.body.id);
    expect(lead).toMatchObject({ click_id: clickId, push_status: 'sent' });
    expect(received).toEqual([{ name: 'Ravi', phone, click: clickId, source: 'bookmark' }]);
    // Without the cookie the same post names no click and is refused, storing nothing.
    const refused = await t.call('POST', '/api/lead', {
      body: new URLSearchParams({ ...fields, name: 'Ravi', phone: nextPhone() }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...visitor() },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: 'no_click' });
  });
});

describe('upload limits', () => {
  const filesOf = async (siteId: string) =>
    (await t.call('GET', `/api/admin/sites/${siteId}`, { token })).body.files as { path: string }[];
  const siteCount = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('local_sites')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const oneMiB = Buffer.alloc(MAX_FILE_BYTES, 'a').toString('base64');

  it('holds at most 8 MiB a site: a new site or one more file over it is a 422, and nothing is stored', async () => {
    expect(MAX_SITE_BYTES).toBe(8 * 1024 * 1024);
    const offer = await makeOffer(t, token, { geo: [] });
    const full = Array.from({ length: MAX_SITE_BYTES / MAX_FILE_BYTES }, (_, i) => ({
      path: `img/${i}.txt`,
      content_base64: oneMiB,
    }));
    const before = await siteCount();
    const tooBig = await t.call('POST', '/api/admin/sites', {
      token,
      body: {
        offer_id: offer.id,
        name: 'Big',
        files: [...full, { path: 'one.txt', content_base64: b64('x') }],
      },
    });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body).toMatchObject({ error: 'site_too_large', field: 'files' });
    expect(tooBig.body.message).toContain(`at most ${MAX_SITE_BYTES} bytes`);
    expect(await siteCount()).toBe(before);

    const site = await t.call('POST', '/api/admin/sites', {
      token,
      body: { offer_id: offer.id, name: 'Exactly full', files: full },
    });
    expect(site.status).toBe(201);
    const more = await t.call('PUT', `/api/admin/sites/${site.body.id}/files`, {
      token,
      body: { path: 'more.txt', content_base64: b64('x') },
    });
    expect(more.status).toBe(422);
    expect(more.body.message).toContain(`at most ${MAX_SITE_BYTES} bytes`);
    expect(await filesOf(site.body.id)).toHaveLength(full.length);
    // Replacing a file with one of the same size fits.
    const replaced = await t.call('PUT', `/api/admin/sites/${site.body.id}/files`, {
      token,
      body: { path: 'img/0.txt', content_base64: oneMiB },
    });
    expect(replaced.status).toBe(200);
  });

  it('holds at most 200 files a site, and a body past the upload limit is a 413', async () => {
    expect(MAX_FILES).toBe(200);
    const offer = await makeOffer(t, token, { geo: [] });
    const files = Array.from({ length: MAX_FILES }, (_, i) => ({
      path: `f${i}.txt`,
      content_base64: b64('x'),
    }));
    const before = await siteCount();
    const tooMany = await t.call('POST', '/api/admin/sites', {
      token,
      body: {
        offer_id: offer.id,
        name: 'Many',
        files: [...files, { path: 'extra.txt', content_base64: b64('x') }],
      },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ error: 'validation' });
    expect(await siteCount()).toBe(before);
    const site = await t.call('POST', '/api/admin/sites', {
      token,
      body: { offer_id: offer.id, name: 'Many', files },
    });
    expect(site.status).toBe(201);
    const extra = await t.call('PUT', `/api/admin/sites/${site.body.id}/files`, {
      token,
      body: { path: 'extra.txt', content_base64: b64('x') },
    });
    expect(extra.status).toBe(422);
    expect(extra.body.message).toContain(`at most ${MAX_FILES} files`);
    expect(await filesOf(site.body.id)).toHaveLength(MAX_FILES);
    expect(
      (
        await t.call('PUT', `/api/admin/sites/${site.body.id}/files`, {
          token,
          body: { path: 'f0.txt', content_base64: b64('y') },
        })
      ).status,
    ).toBe(200);

    // Two uploads racing for the last place: one fits, the other is refused.
    await t.call('DELETE', `/api/admin/sites/${site.body.id}/files?path=f1.txt`, { token });
    const race = await Promise.all(
      ['race-a.txt', 'race-b.txt'].map((path) =>
        t.call('PUT', `/api/admin/sites/${site.body.id}/files`, {
          token,
          body: { path, content_base64: b64('x') },
        }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(await filesOf(site.body.id)).toHaveLength(MAX_FILES);

    const huge = await t.call('PUT', `/api/admin/sites/${site.body.id}/files`, {
      token,
      body: { path: 'huge.txt', content_base64: 'a'.repeat(13 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: 'too_large' });
    expect(await filesOf(site.body.id)).toHaveLength(MAX_FILES);
  });
});
