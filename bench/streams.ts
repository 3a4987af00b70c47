/**
 * bench:streams — a flow with 20 streams (filters of every kind; the visitor fails the first 19
 * late in their filter lists and lands in the 20th, a weighted A/B) against the same offer's flow
 * with no streams, on one server, rounds interleaved so machine load hits both alike. Aim: the
 * streams flow within 15 % of the plain one. Loopback only, bounded by time.
 */
import {
  BENCH_CONNECTIONS,
  benchDatabase,
  type LoadResult,
  load,
  printTable,
  startLeadrail,
  stopProcess,
} from './lib.js';
import { benchContext } from './network.js';
import { seedFlows } from './stream-flows.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main() {
  const { databaseUrl, env, cleanup } = benchDatabase();
  const ctx = await benchContext(env);
  const { plain, routed } = await seedFlows(ctx);
  const { server, base } = await startLeadrail(env);
  const query = '?sub1=bench';
  const rows: LoadResult[] = [];
  const ratios: number[] = [];
  // Warm both paths (JIT, caches) before measuring.
  await load('warm-up', `${base}/f/${routed.code}${query}`, { connections: 8, seconds: 1 });
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which goes first, so a trend in machine load does not favour one side.
    const order = round % 2 === 1 ? ['plain', 'streams'] : ['streams', 'plain'];
    const results: Record<string, LoadResult> = {};
    for (const which of order) {
      const code = which === 'plain' ? plain.code : routed.code;
      results[which] = await load(
        `round ${round}: ${which === 'plain' ? 'no streams' : '20 streams'}`,
        `${base}/f/${code}${query}`,
        {
          connections: BENCH_CONNECTIONS,
          seconds: SECONDS,
        },
      );
    }
    const p = results.plain as LoadResult;
    const s = results.streams as LoadResult;
    rows.push(p, s);
    ratios.push(s.requestsPerSecond / p.requestsPerSecond);
  }
  const exitCode = await stopProcess(server);
  const byStream = await ctx.db
    .selectFrom('clicks')
    .select(['stream_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('flow_id', '=', Number(routed.id))
    .groupBy('stream_id')
    .execute();
  await ctx.close();
  cleanup();

  printTable(rows);
  const ratio = median(ratios);
  const { loadavg } = await import('node:os');
  process.stdout.write(
    `\nratio 20 streams / no streams requests/s, per round: ${ratios.map((r) => r.toFixed(3)).join(', ')}; median ${ratio.toFixed(3)} (aim ≥ 0.85)\n`,
  );
  process.stdout.write(
    `load average: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; database: ${databaseUrl.split(':')[0]}; server exit ${exitCode}\n`,
  );
  process.stdout.write(
    `streams flow clicks by stream: ${JSON.stringify(byStream.map((r) => [r.stream_id, Number(r.n)]))}\n`,
  );
  const notLast = byStream.filter((r) => r.stream_id !== null && Number(r.n) > 0).length;
  if (notLast !== 1) {
    process.stdout.write('FAIL: the bench visitor should land in exactly one stream (the 20th)\n');
    process.exitCode = 1;
  }
  if (ratio < 0.85) {
    process.stdout.write('FAIL: 20 streams cost more than 15 %\n');
    process.exitCode = 1;
  }
}

await main();
