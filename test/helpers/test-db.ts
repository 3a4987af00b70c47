import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Every test app starts from a freshly migrated database. Running the ~50 migrations took 0.7–1 s on
 * SQLite and 1.5–3 s on PostgreSQL per app (135 apps a project); now they run once into a template
 * (named by a hash of src/db, so a changed migration builds a new one) that each test database is
 * copied from: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. The app still runs
 * `migrateToLatest` at start, which finds nothing left to apply.
 */
const DB_SOURCE = fileURLToPath(new URL('../../src/db/', import.meta.url));

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
        hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(DB_SOURCE);
  return hash.digest('hex').slice(0, 16);
}

let hash: string | undefined;
const templateHash = () => (hash ??= sourceHash());

/** The migrated SQLite template file, built (once per machine and source) if missing. */
async function sqliteTemplate(): Promise<string> {
  const path = join(tmpdir(), `leadrail-test-template-${templateHash()}.db`);
  if (existsSync(path)) return path;
  // Built under a name of its own and renamed into place: a concurrent builder's rename is harmless.
  const building = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const handle = createDatabase({ kind: 'sqlite', location: building });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.destroy();
  }
  renameSync(building, path);
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  return path;
}

/** The migrated PostgreSQL template database, built (once per server and source) if missing. */
async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `leadrail_tpl_${templateHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = async () =>
      (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (await exists()) return name;
    // One builder at a time across test workers; the others find it built once the lock is theirs.
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    try {
      if (await exists()) return name;
      const building = `${name}_b`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const handle = createDatabase({ kind: 'postgres', location: url.toString() });
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.destroy();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [name]);
    }
  } finally {
    await admin.end();
  }
}

/**
 * A fresh database per test app: a temp SQLite file, or a new PostgreSQL database; migrated unless
 * `empty` (a test that runs migrations of its own).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  if (process.env.LEADRAIL_TEST_DB === 'postgres') {
    const adminUrl = process.env.TEST_POSTGRES_URL;
    if (!adminUrl) throw new Error('LEADRAIL_TEST_DB=postgres needs TEST_POSTGRES_URL');
    const template = options.empty ? 'template1' : await postgresTemplate(adminUrl);
    const name = `leadrail_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      // A copy fails while anyone is connected to the template (an autovacuum worker, say): retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
          break;
        } catch (error) {
          if (attempt === 10 || (error as { code?: string }).code !== '55006') throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
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
  const location = join(dir, 'test.db');
  if (!options.empty) copyFileSync(await sqliteTemplate(), location);
  return {
    url: `sqlite:${location}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
