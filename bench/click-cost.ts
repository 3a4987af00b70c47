/**
 * bench:click-cost — CPU microseconds per click in one process, without HTTP or a load generator:
 * answerTracking (the function both the fast path and the Fastify routes call) for a plain /click,
 * a flow without streams and a flow with 20 streams (bench/stream-flows.ts), 64 clicks in flight,
 * a different visitor address per click, and the click writer's batches flushed inside each
 * measured block. CPU time (process.cpuUsage) rather than wall time: on a shared machine it does not
 * move with the other processes' load. The figures decide what to cut (with BENCH_NODE_ARGS-style
 * `node --cpu-prof`); bench:clicks shows what they give end to end.
 *
 * BENCH_DATABASE_URL=postgres://… (an empty database) runs it on PostgreSQL; BENCH_CLICKS (20000)
 * clicks per block, BENCH_ROUNDS (3) blocks per kind, interleaved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerTracking } from '../src/modules/clicks/answer-tracking.js';
import { benchDatabase } from './lib.js';
import { benchContext } from './network.js';
import { mainThreadCpuSeconds } from './process-cpu.js';
import { seedFlows } from './stream-flows.js';

const CLICKS = Number(process.env.BENCH_CLICKS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 64;
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

let addressNumber = 0;
function nextAddress(): string {
  addressNumber = (addressNumber + 1) % 16_000_000;
  const n = addressNumber;
  return `49.${36 + (Math.floor(n / 65_536) % 8)}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

async function main() {
  const spoolDir = mkdtempSync(join(tmpdir(), 'leadrail-bench-spool-'));
  const { databaseUrl, env, cleanup } = benchDatabase({ CLICK_SPOOL_DIR: spoolDir });
  const ctx = await benchContext(env);
  const { plain, routed } = await seedFlows(ctx);
  const offerId = String(plain.offer_id);
  const pubId = String(plain.publisher_id);
  const kinds: Record<string, { path: string; query: Record<string, string> }> = {
    '/click': { path: '/click', query: { offer_id: offerId, pub_id: pubId, sub1: 'bench' } },
    'flow, no streams': { path: `/f/${plain.code}`, query: { sub1: 'bench' } },
    'flow, 20 streams': { path: `/f/${routed.code}`, query: { sub1: 'bench' } },
  };

  async function block(
    kind: string,
    clicks: number,
  ): Promise<{ cpuUs: number; loopUs: number; wallUs: number }> {
    const { path, query } = kinds[kind] as (typeof kinds)[string];
    const cpu = process.cpuUsage();
    const loop = mainThreadCpuSeconds(process.pid) ?? 0;
    const started = performance.now();
    let sent = 0;
    const lane = async () => {
      while (sent < clicks) {
        sent++;
        const answer = await answerTracking(ctx, {
          path,
          query: { ...query },
          headers: { 'user-agent': USER_AGENT, 'accept-language': 'en-IN,en;q=0.9' },
          ip: nextAddress(),
        });
        if (answer?.status !== 302) throw new Error(`${kind}: answered ${answer?.status} ${answer?.body}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    await ctx.clickWriter.flush();
    const used = process.cpuUsage(cpu);
    return {
      cpuUs: (used.user + used.system) / clicks,
      loopUs: (((mainThreadCpuSeconds(process.pid) ?? 0) - loop) * 1e6) / clicks,
      wallUs: ((performance.now() - started) * 1000) / clicks,
    };
  }

  // Warm-up: JIT, caches, the address window's first read.
  for (const kind of Object.keys(kinds)) await block(kind, 3_000);
  const results: Record<string, number[]> = {};
  const loopResults: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    const order = Object.keys(kinds);
    if (round % 2 === 1) order.reverse();
    for (const kind of order) {
      const r = await block(kind, CLICKS);
      results[kind] = [...(results[kind] ?? []), r.cpuUs];
      loopResults[kind] = [...(loopResults[kind] ?? []), r.loopUs];
    }
  }
  await ctx.close();
  cleanup();
  rmSync(spoolDir, { recursive: true, force: true });

  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `database: ${databaseUrl.split(':')[0]}; ${ROUNDS} rounds × ${CLICKS} clicks per kind, ${IN_FLIGHT} in flight`,
  );
  for (const [kind, values] of Object.entries(results))
    out(
      `${kind.padEnd(18)} CPU µs per click: ${values.map((v) => v.toFixed(1)).join(', ')}; median ${median(values).toFixed(1)}; main thread (10 ms ticks) median ${median(loopResults[kind] ?? []).toFixed(1)}`,
    );
  const plainUs = median(results['flow, no streams'] ?? []);
  const streamsUs = median(results['flow, 20 streams'] ?? []);
  out(`20 streams / no streams CPU per click: ${(streamsUs / plainUs).toFixed(3)} (aim ≤ 1.15)`);
  out(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

await main();
