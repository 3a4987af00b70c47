import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('operations endpoints', () => {
  it('reports health with a database round trip', async () => {
    const r = await t.call('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      status: 'ok',
      database: process.env.LEADRAIL_TEST_DB === 'postgres' ? 'postgres' : 'sqlite',
    });
  });

  it('exposes Prometheus metrics that count requests by route', async () => {
    await t.call('GET', '/healthz');
    const r = await t.call('GET', '/metrics');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('text/plain');
    expect(r.text).toMatch(/leadrail_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(r.text).toContain('leadrail_http_request_duration_seconds_bucket');
    expect(r.text).toContain('leadrail_process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI document built from the route schemas', async () => {
    const r = await t.call('GET', '/docs/json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/admin/advertisers',
      '/api/admin/offers/{id}',
      '/api/auth/login',
      '/api/publisher/register',
    ]) {
      expect(Object.keys(r.body.paths), path).toContain(path);
    }
    const create = r.body.paths['/api/admin/offers'].post;
    expect(create.requestBody.content['application/json'].schema.required).toContain('advertiser_id');
    const ui = await t.call('GET', '/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const r = await t.call('GET', '/nope?x=1');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: 'not_found', message: 'no route for GET /nope' });
  });

  it('answers an oversized body with 413, not 500', async () => {
    const token = await t.adminToken();
    const r = await t.call('POST', '/api/admin/advertisers', {
      token,
      body: { name: 'x'.repeat(1_100_000), endpoint_url: 'https://x.example' },
    });
    expect(r.status).toBe(413);
  });
});

describe('database connection loss', () => {
  it.runIf(process.env.LEADRAIL_TEST_DB === 'postgres')(
    'survives the server killing its idle connections and answers the next request',
    async () => {
      expect((await t.call('GET', '/healthz')).status).toBe(200);
      const name = new URL(t.databaseUrl).pathname.slice(1);
      const { Client } = (await import('pg')).default;
      const admin = new Client({ connectionString: process.env.TEST_POSTGRES_URL });
      await admin.connect();
      try {
        const killed = await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [name],
        );
        expect(killed.rowCount).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await t.call('GET', '/healthz')).status).toBe(200);
    },
  );
});
