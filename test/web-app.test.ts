import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const INDEX = '<!doctype html><title>Leadrail</title><div id="root"></div>';

function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadrail-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("app")');
  return dir;
}

describe('the built web app', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fakeBuild();
    t = await createTestApp({ webDir: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html for both route trees and their deep links, never cached', async () => {
    for (const path of ['/admin', '/admin/', '/admin/offers/12', '/webmaster', '/webmaster/flows?x=1']) {
      const r = await t.call('GET', path);
      expect(r.status, path).toBe(200);
      expect(r.text).toBe(INDEX);
      expect(String(r.headers['content-type'])).toContain('text/html');
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    }
  });

  it('serves hashed assets with long-lived immutable caching', async () => {
    const r = await t.call('GET', '/assets/index-abc123.js');
    expect(r.status).toBe(200);
    expect(r.text).toContain('console.log');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.call('GET', '/assets/missing.js')).status).toBe(404);
  });

  it('leaves other paths, the APIs and the tracking endpoints alone', async () => {
    expect((await t.call('GET', '/administrator')).status).toBe(404);
    expect((await t.call('GET', '/api/admin/offers')).status).toBe(401);
    const token = await t.adminToken();
    const offer = await makeOffer(t, token, { geo: '' });
    const publisher = await makePublisher(t, token);
    const click = await t.call('GET', `/click?offer_id=${offer.id}&pub_id=${publisher.id}`, {
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36' },
    });
    expect(click.status).toBe(302);
    expect(String(click.headers.location)).toMatch(/^https:\/\/lander\.example\/keto\?click_id=/);
  });
});

describe('without a web build', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ webDir: join(tmpdir(), 'leadrail-no-such-build') });
  });
  afterAll(() => t.close());

  it('still starts and says at /admin how to build the app', async () => {
    const r = await t.call('GET', '/admin/advertisers');
    expect(r.status).toBe(503);
    expect(r.text).toContain('npm run build');
    expect((await t.call('GET', '/healthz')).status).toBe(200);
  });
});
