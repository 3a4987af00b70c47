import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { isStale } from '../../scripts/build-if-stale.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `leadrail <args>`, as an operator would run the CLI. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`leadrail ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The built CLI when the build is up to date with the sources (scripts/build-if-stale.mjs; CI builds
 * before the tests), else the sources through tsx: a start from source compiled the app in every child
 * (~10 s under the suite's load against ~2.5 s built).
 */
let command: string[] | undefined;
function cliCommand(): string[] {
  command ??= isStale(ROOT) ? ['--import', 'tsx', 'src/cli.ts'] : ['dist/src/cli.js'];
  return command;
}

export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...cliCommand(), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

/** Resolve when a line of the child's stdout matches (60 s by default: a CLI started from source, under load). */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern} in:\n${buffer}`)),
      timeoutMs,
    );
    const onData = (data: Buffer) => {
      buffer += data.toString();
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d) => (buffer += d));
  });
}
