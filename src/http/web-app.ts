import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { App } from './types.js';

/** The two route trees of the one web app (web/): every deep link below them gets index.html. */
export const WEB_APP_ROOTS = ['/admin', '/webmaster'] as const;

/**
 * Where `npm run build` writes the web app. Compiled, this file is dist/src/http/web-app.js and the
 * app is dist/web; run from source (tsx, vitest) it is src/http/web-app.ts and the app is still dist/web.
 */
export function defaultWebDir(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return basename(root) === 'dist' ? join(root, 'web') : join(root, 'dist', 'web');
}

// Vite names every file under assets/ by its content hash, so a changed file is a new URL: cache forever.
const ASSET_MAX_AGE_MS = 365 * 86_400_000;

// Same-origin only: the app calls its own API and loads nothing from elsewhere; no framing (clickjacking).
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

const NOT_BUILT = `<!doctype html>
<meta charset="utf-8"><title>Leadrail: web app not built</title>
<h1>The web app is not built</h1>
<p>Run <code>npm run build</code> (<code>npm start</code> does it for you), then restart the server.
For development, <code>npm run dev:web</code> serves the app with live reload.</p>
<p>The API is running: see <a href="/docs">/docs</a>.</p>
`;

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .status(status)
    .headers(SECURITY_HEADERS)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(html);
}

/**
 * Serves the built web app: hashed assets under /assets/ with immutable caching, and index.html
 * (never cached, so a deploy is picked up at once) for /admin, /webmaster and every path below them,
 * where the client-side router takes over. Without a build the server still starts and says so.
 */
export async function webAppRoutes(app: App, dir: string = defaultWebDir()): Promise<void> {
  const indexFile = join(dir, 'index.html');
  const built = existsSync(indexFile);
  const indexHtml = built ? readFileSync(indexFile, 'utf8') : NOT_BUILT;
  const status = built ? 200 : 503;

  if (built && existsSync(join(dir, 'assets'))) {
    await app.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: '/assets/',
      index: false,
      maxAge: ASSET_MAX_AGE_MS,
      immutable: true,
      // Encapsulated in its own plugin: swagger-ui registers @fastify/static too.
      decorateReply: false,
    });
  }

  for (const root of WEB_APP_ROOTS) {
    const options = { schema: { hide: true } };
    app.get(root, options, (_request, reply) => sendPage(reply, status, indexHtml));
    app.get(`${root}/*`, options, (_request, reply) => sendPage(reply, status, indexHtml));
  }
}
