import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../src/context.js';
import { newId } from '../src/lib/ids.js';

export const ROOT = new URL('..', import.meta.url).pathname;

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  statusCounts: Record<string, number>;
  errors: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Start a process and resolve once a stdout line matches (the server is listening). */
export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // A loaded shared machine can take a minute or two to start the server and migrate a fresh
    // PostgreSQL database (BENCH_START_SECONDS).
    const startMs = Number(process.env.BENCH_START_SECONDS ?? 120) * 1000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not start:\n${output}`));
    }, startMs);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d) => (output += d));
    // BENCH_SERVER_LOG=file keeps every process's output (errors behind a non-2xx answer, say).
    const logFile = process.env.BENCH_SERVER_LOG;
    if (logFile) {
      child.stdout?.on('data', (d: Buffer) => appendFileSync(logFile, d));
      child.stderr?.on('data', (d: Buffer) => appendFileSync(logFile, d));
    }
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
  });
}

export function stopProcess(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

let ipCounter = 0;
/** A different public-looking address per request, so per-address fraud checks see real traffic. */
export function nextIp(): string {
  ipCounter = (ipCounter + 1) % 16_000_000;
  return `49.${36 + (Math.floor(ipCounter / 65_536) % 8)}.${Math.floor(ipCounter / 256) % 256}.${ipCounter % 256}`;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  /** GET by default; a POST sends `body()` (called per request) as JSON. */
  method?: 'GET' | 'POST';
  body?: () => string;
  /** A different path per request (a postback for another click, say). */
  nextPath?: () => string;
}

/** Drive a URL from many connections for a fixed time; loopback only, bounded by duration. */
export async function load(name: string, url: string, options: LoadOptions): Promise<LoadResult> {
  const { body } = options;
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    headers: {
      'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    requests: [
      {
        setupRequest: (request) => {
          request.headers = { ...request.headers, 'x-forwarded-for': nextIp() };
          // A different path per request (a postback for another click, say) when the caller asks.
          if (options.nextPath) request.path = options.nextPath();
          if (body) request.body = body();
          return request;
        },
      },
    ],
  });
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statusCounts[code] = Number((stat as { count: number }).count);
  const total = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    name,
    requestsPerSecond: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total,
    statusCounts,
    errors: result.errors,
  };
}

export function printTable(rows: LoadResult[]): void {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  process.stdout.write(`${line(['target', 'requests/s', 'p50 ms', 'p99 ms', 'responses', 'errors'])}\n`);
  process.stdout.write(`${line(['---', '---', '---', '---', '---', '---'])}\n`);
  for (const r of rows) {
    process.stdout.write(
      `${line([r.name, r.requestsPerSecond.toFixed(0), r.p50.toFixed(2), r.p99.toFixed(2), JSON.stringify(r.statusCounts), String(r.errors)])}\n`,
    );
  }
}

export const BENCH_SECRET = 'bench-secret-key-0123456789abcdef0123456789';
export const BENCH_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const BENCH_CONNECTIONS = 64;

export interface BenchDatabase {
  databaseUrl: string;
  /** The server's environment for this run. */
  env: Record<string, string>;
  /** Removes the temporary folder of the embedded database. */
  cleanup(): void;
}

/** A fresh SQLite file in a temp folder, or BENCH_DATABASE_URL (PostgreSQL) when set. */
export function benchDatabase(extraEnv: Record<string, string> = {}): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'leadrail-bench-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
  return {
    databaseUrl,
    env: {
      DATABASE_URL: databaseUrl,
      SECRET_KEY: BENCH_SECRET,
      TRUST_PROXY: '1',
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The baseline every benchmark compares with: a bare node:http server answering a 302 with no work. */
export async function measureBareRedirect(): Promise<LoadResult> {
  const port = await freePort();
  const bare = await startProcess(
    'node',
    ['bench/bare-redirect-server.mjs'],
    { PORT: String(port) },
    /listening/,
  );
  const result = await load('bare node:http 302', `http://127.0.0.1:${port}/click`, {
    connections: BENCH_CONNECTIONS,
    seconds: BENCH_SECONDS,
  });
  await stopProcess(bare);
  return result;
}

/**
 * `leadrail start` from the build, on a free loopback port. BENCH_NODE_ARGS (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles it.
 */
export async function startLeadrail(
  env: Record<string, string>,
  /** Another build's `dist` directory (bench:postbacks OLD_DIST); default this checkout's. */
  dist = 'dist',
): Promise<{ server: ChildProcess; base: string }> {
  const port = await freePort();
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = await startProcess(
    'node',
    [...nodeArgs, join(dist, 'src/cli.js'), 'start'],
    { ...env, PORT: String(port), HOST: '127.0.0.1' },
    /leadrail listening/,
  );
  return { server, base: `http://127.0.0.1:${port}` };
}

/**
 * A process's CPU time so far in ms (user + system, from /proc; Linux only). On a machine shared with
 * other work the processed/s swing with the load; the server's CPU time per postback swings far less.
 */
export function cpuTimeMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * A database migrated by this checkout may hold migrations the old build does not know; its
 * migrator refuses to start on those. Forget them for the old build (their columns have defaults).
 */
export async function forgetUnknownMigrations(ctx: AppContext, dist: string): Promise<void> {
  const known = readdirSync(join(dist, 'src/db/migrations'))
    .filter((f) => /^\d{4}-.*\.js$/.test(f))
    .map((f) => f.replace(/\.js$/, ''));
  await sql`delete from kysely_migration where name not in (${sql.join(known)})`.execute(ctx.db);
}

/**
 * Like forgetUnknownMigrations, but first undoes them (this checkout's `down`, newest first), so the
 * old build runs on the schema it was written for: needed when a migration changes what every write
 * costs (0051 replaces an index of leads), or the old build would be measured on the new schema.
 */
export async function undoUnknownMigrations(ctx: AppContext, dist: string): Promise<void> {
  const known = new Set(
    readdirSync(join(dist, 'src/db/migrations'))
      .filter((f) => /^\d{4}-.*\.js$/.test(f))
      .map((f) => f.replace(/\.js$/, '')),
  );
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name desc`.execute(
    ctx.db,
  );
  for (const { name } of applied.rows) {
    if (known.has(name)) continue;
    const migration = (await import(`../src/db/migrations/${name}.js`)) as {
      down?: (db: AppContext['db']) => Promise<void>;
    };
    await migration.down?.(ctx.db);
  }
  await forgetUnknownMigrations(ctx, dist);
}

/**
 * A fresh database for one run: benchDatabase's SQLite file, or on PostgreSQL (BENCH_DATABASE_URL) a
 * new database beside the one named, dropped afterwards, so runs of two builds never share rows.
 */
export async function freshDatabase(
  extraEnv: Record<string, string> = {},
): Promise<Omit<ReturnType<typeof benchDatabase>, 'cleanup'> & { cleanup(): Promise<void> }> {
  const bench = benchDatabase(extraEnv);
  if (!bench.databaseUrl.startsWith('postgres')) return { ...bench, cleanup: async () => bench.cleanup() };
  const url = new URL(bench.databaseUrl);
  const name = `leadrail_bench_${newId().toLowerCase()}`;
  const admin = new pg.Client({ connectionString: bench.databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    databaseUrl,
    env: { ...bench.env, DATABASE_URL: databaseUrl },
    async cleanup() {
      bench.cleanup();
      const drop = new pg.Client({ connectionString: bench.databaseUrl });
      await drop.connect();
      try {
        await drop.query(`drop database if exists ${name}`);
      } finally {
        await drop.end();
      }
    },
  };
}

/** prom-client's event-loop sampling interval (monitorEventLoopDelay's resolution, its default). */
export const LOOP_TICK_MS = 10;

/**
 * p50, p99 and max (ms) of a server's event-loop lag gauges in its /metrics text (since the last
 * scrape), less the sampling tick: monitorEventLoopDelay records the whole time between two 10 ms
 * timer runs, so an idle loop reads p50 10 ms (the "12 ms p50" of runs before session 12 was 2 ms
 * of delay). NaN for a gauge not found.
 */
export function eventLoopDelayMs(metricsText: string): { p50: number; p99: number; max: number } {
  const gauge = (name: string) => {
    const m = new RegExp(`^leadrail_nodejs_eventloop_lag_${name}_seconds (\\S+)`, 'm').exec(metricsText);
    return m ? Math.max(0, Number(m[1]) * 1000 - LOOP_TICK_MS) : Number.NaN;
  };
  return { p50: gauge('p50'), p99: gauge('p99'), max: gauge('max') };
}
