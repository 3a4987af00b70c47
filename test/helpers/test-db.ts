import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database per test app: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.LEADRAIL_TEST_DB === 'postgres') {
    const adminUrl = process.env.TEST_POSTGRES_URL;
    if (!adminUrl) throw new Error('LEADRAIL_TEST_DB=postgres needs TEST_POSTGRES_URL');
    const name = `leadrail_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        // FORCE may meet a backend it may not end (an autovacuum worker, say): try again, and in the
        // end leave the throwaway database behind rather than fail a test that passed.
        for (let attempt = 1; attempt <= 5; attempt++) {
          const client = new pg.Client({ connectionString: adminUrl });
          await client.connect();
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            return;
          } catch (error) {
            if (attempt === 5) process.stderr.write(`test database ${name} left behind: ${String(error)}\n`);
            else await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          } finally {
            await client.end();
          }
        }
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'leadrail-test-'));
  return {
    url: `sqlite:${join(dir, 'test.db')}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
