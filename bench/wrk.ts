/**
 * A wrk (Debian package `wrk`) runner for the benches: one run against one URL, a different
 * X-Forwarded-For per request (the server must trust the proxy header: TRUST_PROXY=1, as
 * benchDatabase sets), the numbers read from a Lua done() hook as one JSON line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './lib.js';

const SCRIPT = String.raw`
local counter = 0
local base = 0
init = function(args)
  base = tonumber(args[1] or "0")
end
request = function()
  counter = counter + 1
  local n = (base + counter) % 16000000
  wrk.headers["X-Forwarded-For"] = string.format("49.%d.%d.%d", 36 + math.floor(n / 65536) % 8, math.floor(n / 256) % 256, n % 256)
  return wrk.format(nil, nil)
end
done = function(summary, latency, requests)
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
`;

let scriptPath: string | undefined;
function script(): string {
  if (!scriptPath) {
    scriptPath = join(mkdtempSync(join(tmpdir(), 'leadrail-wrk-')), 'vary-address.lua');
    writeFileSync(scriptPath, SCRIPT);
  }
  return scriptPath;
}

export interface WrkOptions {
  connections: number;
  seconds: number;
  threads?: number;
  /** First visitor address number of this run: give each run its own range so velocity stays out of the way. */
  addressBase?: number;
}

export interface WrkResult extends LoadResult {
  /** Answers that were not 2xx/3xx. */
  statusErrors: number;
  /**
   * CPU seconds wrk itself used (user + system, from bash's `times`): on a 2-core machine the load
   * generator takes its share from the server it measures. Undefined if it could not be read.
   */
  wrkCpuSeconds?: number;
}

/** Drive `url` with wrk for a fixed time; loopback only. */
export function wrk(name: string, url: string, options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads ?? 1}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--latency',
    '-H',
    'User-Agent: Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36',
    '-s',
    script(),
    url,
    '--',
    String(options.addressBase ?? 0),
  ];
  return new Promise((resolve, reject) => {
    // Through bash so that its `times` reports wrk's CPU (user and system) once wrk has ended.
    const child = spawn('bash', ['-c', 'wrk "$@"; code=$?; times; exit $code', 'wrk', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (error) =>
      reject(new Error(`wrk did not run (apt-get install wrk): ${error.message}`)),
    );
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
      if (code !== 0 || !line) return reject(new Error(`wrk exited with ${code}:\n${out}`));
      const r = JSON.parse(line.slice('WRKJSON '.length)) as Record<string, number>;
      const seconds = (r.duration_us as number) / 1e6;
      // `times` prints the shell's user and system time, then its children's: the last line.
      const cpu = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(out.trimEnd());
      const wrkCpuSeconds = cpu
        ? Number(cpu[1]) * 60 + Number(cpu[2]) + Number(cpu[3]) * 60 + Number(cpu[4])
        : undefined;
      const errors = (r.connect as number) + (r.read as number) + (r.write as number) + (r.timeout as number);
      resolve({
        name,
        requestsPerSecond: (r.requests as number) / seconds,
        p50: (r.p50_us as number) / 1000,
        p99: (r.p99_us as number) / 1000,
        total: r.requests as number,
        statusCounts: { '2xx/3xx': (r.requests as number) - (r.status as number), other: r.status as number },
        errors,
        statusErrors: r.status as number,
        wrkCpuSeconds,
      });
    });
  });
}
