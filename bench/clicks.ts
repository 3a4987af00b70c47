/**
 * bench:clicks — the recorded click redirect against a bare node:http 302, each in its own process,
 * driven by wrk (-t1 -c64, a different visitor address per request), in interleaved rounds
 * (bare, leadrail, bare, leadrail, …) so the machine's load falls on both alike. Prints
 * requests/s, p50 and p99 per round and the median ratio, then stops the server with SIGTERM and
 * checks every click it answered is in the database.
 *
 * BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL (an empty database); BENCH_ROUNDS (3) and
 * BENCH_SECONDS (10) size it; WORKERS is handed to `leadrail start` unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../src/context.js';
import {
  BENCH_CONNECTIONS,
  BENCH_SECONDS,
  benchDatabase,
  freePort,
  printTable,
  startLeadrail,
  startProcess,
  stopProcess,
} from './lib.js';
import { benchContext, seedBenchNetwork } from './network.js';
import { type WrkResult, wrk } from './wrk.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main() {
  const spoolDir = mkdtempSync(join(tmpdir(), 'leadrail-bench-spool-'));
  const { databaseUrl, env, cleanup } = benchDatabase({ CLICK_SPOOL_DIR: spoolDir });
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
  const { server, base } = await startLeadrail(env);
  const options = { connections: BENCH_CONNECTIONS, seconds: BENCH_SECONDS };
  const bareRuns: WrkResult[] = [];
  const leadrailRuns: WrkResult[] = [];
  const loads: string[] = [];
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
  }
  await stopProcess(bare);
  const exitCode = await stopProcess(server);
  const stored = (await countClicks(ctx)) - clicksBefore;
  await ctx.close();
  cleanup();
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
  out(
    `clicks answered: ${answered} (not 2xx/3xx: ${refused}); rows stored after SIGTERM: ${stored}; server exit code ${exitCode}`,
  );
  // Requests in flight when wrk stops are answered and stored but not counted by it: stored ≥ answered.
  if (stored < answered || refused > 0) {
    out('FAIL: not every answered click is in the database, or some were refused');
    process.exitCode = 1;
  }
}

async function countClicks(ctx: AppContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('clicks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

await main();
