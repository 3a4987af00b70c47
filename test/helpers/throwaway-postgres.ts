import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './cli.js';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own, in a temp directory on a free port: a test may stop and
 * restart it, which it must never do to the shared cluster on 5432 (other test runs use it).
 */
export interface ThrowawayPostgres {
  /** postgres://leadrail@127.0.0.1:PORT/postgres (trust authentication, superuser). */
  url: string;
  /** `pg_ctl stop -m fast`: every connection is ended, new ones are refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`, as an operator's restart under load. */
  restart(): Promise<void>;
  /** Stop it and remove its directory. */
  destroy(): Promise<void>;
}

/** Debian's layout (/usr/lib/postgresql/<version>/bin), newest version; POSTGRES_BIN_DIR overrides. */
function binDir(): string {
  const override = process.env.POSTGRES_BIN_DIR;
  if (override) return override;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error(
      'no PostgreSQL server binaries in /usr/lib/postgresql: install postgresql or set POSTGRES_BIN_DIR',
    );
  }
  return join(root, versions[0], 'bin');
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'leadrail-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await run('chown', ['postgres:postgres', dir]);
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: dir })
      : run(join(bin, tool), args, { cwd: dir });
  const ctl = (...args: string[]) => pg('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', ...args]);

  await pg('initdb', ['-D', data, '-U', 'leadrail', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const settings = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    // Throwaway data: durability on disk buys nothing here and costs seconds on a busy machine.
    'fsync = off',
    'full_page_writes = off',
    // Small: several test runs may each have a cluster on a shared machine.
    'shared_buffers = 16MB',
    'max_connections = 40',
  ];
  // Root may write the postgres user's file; its owner stays the same.
  appendFileSync(join(data, 'postgresql.conf'), `\n${settings.join('\n')}\n`);
  await ctl('start');

  let destroyed = false;
  return {
    url: `postgres://leadrail@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await ctl('stop', '-m', 'fast');
    },
    start: async () => {
      await ctl('start');
    },
    restart: async () => {
      await ctl('restart', '-m', 'fast');
    },
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      await ctl('stop', '-m', 'immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
