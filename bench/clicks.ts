/**
 * bench:clicks — the recorded click redirect against a bare node:http 302, each in its own process,
 * driven by wrk (-t1 -c64, a different visitor address per request), in interleaved rounds
 * (bare, leadrail, bare, leadrail, …) so the machine's load falls on both alike. Prints
 * requests/s, p50 and p99 per round and the median ratio, then stops the server with SIGTERM and
 * checks every click it answered is in the database.
 *
 * BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL: a new database is created beside the one
 * named (the `postgres` database will do) and dropped afterwards; BENCH_ROUNDS (3) and
 * BENCH_SECONDS (10) size it; WORKERS is handed to `leadrail start` unchanged; BENCH_DIST runs another
 * build (a `dist` directory inside this checkout, so it finds node_modules).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { AppContext } from '../src/context.js';
import {
  BENCH_CONNECTIONS,
  BENCH_SECONDS,
  eventLoopDelayMs,
  freePort,
  freshDatabase,
  LOOP_TICK_MS,
  printTable,
  startLeadrail,
  startProcess,
  stopProcess,
} from './lib.js';
import { benchContext, seedBenchNetwork } from './network.js';
import { sampleWaits, topWaits, type WaitSamples } from './pg-waits.js';
import {
  cpuSecondsBetween,
  idleShareBetween,
  machineCpuTicks,
  mainThreadCpuSeconds,
  processesCpuSeconds,
  processTreeCpuSeconds,
} from './process-cpu.js';
import { type WrkResult, wrk } from './wrk.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main() {
  const spoolDir = mkdtempSync(join(tmpdir(), 'leadrail-bench-spool-'));
  // Each click batch's rows and write time, from the server's insert thread (click-insert-thread.ts).
  const batchTimes = join(spoolDir, 'batch-times.txt');
  const { databaseUrl, env, cleanup } = await freshDatabase({
    CLICK_SPOOL_DIR: spoolDir,
    CLICK_BATCH_TIMES: batchTimes,
  });
  const ctx = await benchContext(env);
  const { offer, publisher } = await seedBenchNetwork(ctx);
  const clicksBefore = await countClicks(ctx);
  let warmUp = 0;

  const barePort = await freePort();
  const bare = await startProcess(
    'node',
    ['bench/bare-redirect-server.mjs'],
    { PORT: String(barePort) },
    /listening/,
  );
  // BENCH_DIST: another build's dist (e.g. main's, built in this checkout) to measure it the same way.
  const { server, base } = await startLeadrail(env, process.env.BENCH_DIST);
  const options = { connections: BENCH_CONNECTIONS, seconds: BENCH_SECONDS };
  const bareRuns: WrkResult[] = [];
  const leadrailRuns: WrkResult[] = [];
  const loads: string[] = [];
  /** The server's CPU microseconds per answered click, per round (load-independent, unlike req/s). */
  const cpuPerClick: number[] = [];
  /** The same for the server's main thread (its event loop) alone, one process (WORKERS unset). */
  const loopCpuPerClick: number[] = [];
  /**
   * PostgreSQL: the CPU its backends serving the bench database spent per click, per round. On this
   * 2-core machine it competes with the server and wrk: it is why PostgreSQL can answer fewer
   * clicks/s than SQLite while the server's own CPU per click is lower.
   */
  const databaseCpuPerClick: (number | undefined)[] = [];
  /** The server's event-loop delay over each leadrail round (one worker's with WORKERS > 1). */
  const loopDelays: string[] = [];
  /** PostgreSQL: wait events and ungranted locks sampled during the leadrail rounds (pg-waits.ts). */
  const waits: WaitSamples[] = [];
  /**
   * The machine's idle CPU during each leadrail round (/proc/stat): what a second worker
   * (WORKERS=2) could use at most, with wrk and PostgreSQL on the same cores.
   */
  const idleShares: (number | undefined)[] = [];
  // A short warm-up (JIT, pools, caches) that is not counted, on addresses of its own.
  warmUp = (
    await wrk('warm-up', `${base}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=warm`, {
      ...options,
      seconds: 3,
      addressBase: 9_000_000,
    })
  ).total;
  for (let round = 1; round <= ROUNDS; round++) {
    loads.push(loadavg()[0]?.toFixed(2) ?? '?');
    bareRuns.push(await wrk(`bare node:http 302 #${round}`, `http://127.0.0.1:${barePort}/click`, options));
    // A scrape resets prom-client's event-loop delay histogram (perf_hooks.monitorEventLoopDelay).
    await metricsText(base);
    const databaseBefore = processesCpuSeconds(await databaseBackends(ctx));
    const cpuBefore = processTreeCpuSeconds(server.pid);
    const loopBefore = mainThreadCpuSeconds(server.pid);
    const sampler = ctx.dialect === 'postgres' ? sampleWaits(databaseUrl) : undefined;
    const machineBefore = machineCpuTicks();
    leadrailRuns.push(
      await wrk(
        `leadrail /click #${round}`,
        `${base}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=bench`,
        {
          ...options,
          // Each round its own million addresses: the velocity rule (10 an hour) never refuses one.
          addressBase: round * 1_000_000,
        },
      ),
    );
    idleShares.push(idleShareBetween(machineBefore, machineCpuTicks()));
    if (sampler) waits.push(await sampler.stop());
    const cpuAfter = processTreeCpuSeconds(server.pid);
    const loopAfter = mainThreadCpuSeconds(server.pid);
    // Listed again: a pool closes a connection idle 10 s (during the bare round) and opens a new
    // one under load, so the backends of the round are mostly not those listed before it (they
    // printed 0 µs). A backend first seen after the round counts all of its CPU.
    const databaseAfter = processesCpuSeconds(await databaseBackends(ctx));
    if (ctx.dialect === 'postgres')
      databaseCpuPerClick.push(
        databaseAfter.size === 0
          ? undefined
          : (cpuSecondsBetween(databaseBefore, databaseAfter) * 1e6) /
              (leadrailRuns.at(-1) as WrkResult).total,
      );
    if (loopBefore !== undefined && loopAfter !== undefined && !process.env.WORKERS)
      loopCpuPerClick.push(((loopAfter - loopBefore) * 1e6) / (leadrailRuns.at(-1) as WrkResult).total);
    loopDelays.push(eventLoopDelay(await metricsText(base)));
    if (cpuBefore !== undefined && cpuAfter !== undefined)
      cpuPerClick.push(((cpuAfter - cpuBefore) * 1e6) / (leadrailRuns.at(-1) as WrkResult).total);
  }
  const statuses = await trackingStatuses(base);
  await stopProcess(bare);
  const exitCode = await stopProcess(server);
  const stored = (await countClicks(ctx)) - clicksBefore;
  const batches = batchWriteTimes(batchTimes);
  await ctx.close();
  await cleanup();
  rmSync(spoolDir, { recursive: true, force: true });

  const rows = bareRuns.flatMap((b, i) => [b, leadrailRuns[i] as WrkResult]);
  printTable(rows);
  const ratio = median(
    leadrailRuns.map((l, i) => l.requestsPerSecond / (bareRuns[i] as WrkResult).requestsPerSecond),
  );
  const answered = leadrailRuns.reduce((n, r) => n + r.total, warmUp);
  const refused = leadrailRuns.reduce((n, r) => n + r.statusErrors, 0);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out('');
  out(
    `database: ${databaseUrl.split(':')[0]}; WORKERS=${process.env.WORKERS ?? '(unset)'}; ${ROUNDS} rounds × ${BENCH_SECONDS} s, wrk -t1 -c${BENCH_CONNECTIONS}`,
  );
  out(`load average (1 min) at each round: ${loads.join(', ')}`);
  out(
    `median leadrail requests/s: ${median(leadrailRuns.map((r) => r.requestsPerSecond)).toFixed(0)}; bare: ${median(bareRuns.map((r) => r.requestsPerSecond)).toFixed(0)}`,
  );
  out(`median ratio leadrail/bare requests/s: ${ratio.toFixed(2)} (aim ≥ 0.25)`);
  out(
    `median leadrail p50 ${median(leadrailRuns.map((r) => r.p50)).toFixed(2)} ms, p99 ${median(leadrailRuns.map((r) => r.p99)).toFixed(2)} ms (aim < 25 ms)`,
  );
  if (cpuPerClick.length > 0)
    out(
      `server CPU per click (user+system, all its processes), per round: ${cpuPerClick.map((c) => `${c.toFixed(0)} µs`).join(', ')}`,
    );
  if (loopCpuPerClick.length > 0)
    out(
      `server main thread (event loop) CPU per click, per round: ${loopCpuPerClick.map((c) => `${c.toFixed(0)} µs`).join(', ')}`,
    );
  const wrkCpu = leadrailRuns.map((r) =>
    r.wrkCpuSeconds === undefined ? '?' : `${((r.wrkCpuSeconds * 1e6) / r.total).toFixed(0)} µs`,
  );
  out(`wrk's own CPU per click (leadrail rounds): ${wrkCpu.join(', ')}`);
  out(
    `machine CPU idle during the leadrail rounds (/proc/stat, ${String(cpus().length)} cores): ${idleShares.map((s) => (s === undefined ? '?' : `${(s * 100).toFixed(0)} %`)).join(', ')}`,
  );
  if (databaseCpuPerClick.length > 0)
    out(
      `PostgreSQL backends (of the bench database) CPU per click, per round: ${databaseCpuPerClick.map((c) => (c === undefined ? 'not visible (PostgreSQL in another container?)' : `${c.toFixed(0)} µs`)).join(', ')}`,
    );
  out(
    `server event-loop delay during each leadrail round (beyond the ${LOOP_TICK_MS} ms sampling tick): ${loopDelays.join('; ')}`,
  );
  for (const [i, w] of waits.entries()) {
    out(`PostgreSQL round ${i + 1}, ${w.samples} samples: active backends ${topWaits(w.active, w.samples)}`);
    out(`  waiting for a lock: ${topWaits(w.waiting, w.samples)}`);
  }
  if (batches)
    out(
      `click batches written by the insert thread: ${batches.count}, median ${batches.rows} clicks; write (send to commit answer) p50 ${batches.p50.toFixed(1)} ms, p90 ${batches.p90.toFixed(1)} ms, p99 ${batches.p99.toFixed(1)} ms, max ${batches.max.toFixed(1)} ms`,
    );
  out(`tracking answers by status (server /metrics): ${JSON.stringify(statuses)}`);
  out(
    `clicks answered: ${answered} (not 2xx/3xx: ${refused}); rows stored after SIGTERM: ${stored}; server exit code ${exitCode}`,
  );
  // Requests in flight when wrk stops are answered and stored but not counted by it: stored ≥ answered.
  if (stored < answered || refused > 0) {
    out('FAIL: not every answered click is in the database, or some were refused');
    process.exitCode = 1;
  }
}

/** The insert thread's batch lines (rows, ms); undefined when the build wrote none (before session 14). */
function batchWriteTimes(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ').map(Number));
  if (lines.length === 0) return undefined;
  const ms = lines.map((l) => l[1] as number).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] as number;
  return {
    count: lines.length,
    rows: median(lines.map((l) => l[0] as number)),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: ms.at(-1) as number,
  };
}

async function metricsText(base: string): Promise<string> {
  try {
    return await (await fetch(`${base}/metrics`)).text();
  } catch {
    return '';
  }
}

/** prom-client's sampling interval (monitorEventLoopDelay's resolution, its default 10 ms). */
/** p50, p99 and max of the server's event-loop delay since the last scrape, beyond the sampling tick. */
function eventLoopDelay(text: string): string {
  const { p50, p99, max } = eventLoopDelayMs(text);
  return `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms`;
}

/** Status codes of /click answers, from the server's Prometheus counter (one worker's with WORKERS > 1). */
async function trackingStatuses(base: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  try {
    const text = await metricsText(base);
    for (const m of text.matchAll(
      /^leadrail_http_requests_total\{[^}]*route="\/click"[^}]*status="(\d+)"[^}]*\} (\d+)/gm,
    ))
      counts[m[1] as string] = (counts[m[1] as string] ?? 0) + Number(m[2]);
  } catch {
    // Metrics are a diagnostic only.
  }
  return counts;
}

/** PostgreSQL: the backends serving the bench database (the server's pools, its insert thread's); none on SQLite. */
async function databaseBackends(ctx: AppContext): Promise<number[]> {
  if (ctx.dialect !== 'postgres') return [];
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
  `.execute(ctx.db);
  return rows.map((r) => Number(r.pid));
}

async function countClicks(ctx: AppContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('clicks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

await main();
