import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

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
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)), 30_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d) => (output += d));
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
