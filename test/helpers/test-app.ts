import type { InjectOptions } from 'fastify';
import { type Env, loadConfig } from '../../src/config.js';
import { type AppContext, createContext, createLogger } from '../../src/context.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/types.js';
import { type Clock, ManualClock } from '../../src/lib/clock.js';
import { createAdmin } from '../../src/modules/users/create-admin.js';
import { createTestDatabase } from './test-db.js';

export const TEST_SECRET = 'test-secret-key-0123456789abcdef0123456789abcdef';
export const PUBLIC_URL = 'http://leadrail.test';

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface TestApp {
  app: App;
  ctx: AppContext;
  clock: ManualClock;
  databaseUrl: string;
  call<T = any>(
    method: InjectOptions['method'],
    url: string,
    options?: CallOptions,
  ): Promise<TestResponse<T>>;
  /** Creates an admin (once) and returns a bearer token for it; `fresh` logs in again (after moving the clock). */
  adminToken(options?: { fresh?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/** A real app over a real, freshly migrated database; requests go through Fastify's inject. */
export async function createTestApp(
  options: { env?: Env; clock?: Clock; webDir?: string; onQuery?: (sql: string) => void } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: database.url,
    SECRET_KEY: TEST_SECRET,
    PUBLIC_URL,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock('2026-06-01T12:00:00.000Z');
  const ctx = await createContext(config, {
    clock,
    logger: createLogger({ logLevel: config.logLevel }),
    onQuery: options.onQuery,
  });
  const app = await buildApp(ctx, { webDir: options.webDir });
  await app.ready();
  let adminToken: string | undefined;

  const call: TestApp['call'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const response = await app.inject({
      method,
      url,
      query: opts.query,
      headers,
      ...(opts.body === undefined
        ? {}
        : typeof opts.body === 'string'
          ? { payload: opts.body }
          : { payload: opts.body as object }),
    });
    let body: unknown = response.body;
    if (String(response.headers['content-type'] ?? '').includes('json') && response.body !== '') {
      body = response.json();
    }
    return {
      status: response.statusCode,
      body: body as never,
      headers: response.headers,
      text: response.body,
    };
  };

  return {
    app,
    ctx,
    clock,
    databaseUrl: database.url,
    call,
    async adminToken(options = {}) {
      if (adminToken && !options.fresh) return adminToken;
      if (!adminToken) await createAdmin(ctx, { email: 'admin@leadrail.test', password: 'admin-password' });
      const response = await call('POST', '/api/auth/login', {
        body: { email: 'admin@leadrail.test', password: 'admin-password' },
      });
      if (response.status !== 200) throw new Error(`admin login failed: ${response.text}`);
      adminToken = response.body.token as string;
      return adminToken;
    },
    async close() {
      await app.close();
      await ctx.close();
      await database.drop();
    },
  };
}
