import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  token = await t.adminToken();
});
afterAll(() => t.close());

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
