import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { freePort, spawnCli } from './cli.js';

/** A real `leadrail start` (from source) on 127.0.0.1, its output kept for assertions. */
export interface AppProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** Output lines (JSON log lines parsed) whose msg matches. */
  logs(msg: string | RegExp): Record<string, unknown>[];
  exited(): boolean;
  exitCode(): Promise<number | null>;
}

export async function startAppProcess(
  env: Record<string, string>,
  options: { args?: string[]; listening?: number; timeoutMs?: number; port?: number } = {},
): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const child = spawnCli(['start', ...(options.args ?? [])], {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  let output = '';
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-5_000_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const logs = (msg: string | RegExp) =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return {};
        }
      })
      .filter(
        (entry) =>
          typeof entry.msg === 'string' &&
          (typeof msg === 'string' ? entry.msg === msg : msg.test(entry.msg)),
      );
  const app: AppProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    logs,
    exited: () => exited,
    exitCode: () => exit,
  };
  const wanted = options.listening ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (logs('leadrail listening').length < wanted) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`leadrail start did not listen (${wanted}):\n${output.slice(-4000)}`);
    }
    await sleep(100);
  }
  return app;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request on a connection of its own (no keep-alive), so a cluster hands each to the next worker. */
export function freshRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', agent: false, headers: { connection: 'close', ...init.headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function until(
  check: () => boolean | Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
