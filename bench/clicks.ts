/**
 * bench:clicks — the recorded click redirect against a bare node:http 302, side by side in one run.
 * Loopback only, bounded by time. Prints requests/s, p50 and p99 for both and the ratio, then checks
 * that every click the server answered is in the database after a graceful stop.
 */
import type { AppContext } from '../src/context.js';
import {
  BENCH_CONNECTIONS,
  BENCH_SECONDS,
  benchDatabase,
  load,
  measureBareRedirect,
  printTable,
  startLeadrail,
  stopProcess,
} from './lib.js';
import { benchContext, seedBenchNetwork } from './network.js';

async function main() {
  const { databaseUrl, env, cleanup } = benchDatabase();
  const ctx = await benchContext(env);
  const { offer, publisher } = await seedBenchNetwork(ctx);
  const clicksBefore = await countClicks(ctx);

  const baseline = await measureBareRedirect();

  const { server, base } = await startLeadrail(env);
  const leadrail = await load(
    'leadrail /click (recorded)',
    `${base}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=bench`,
    { connections: BENCH_CONNECTIONS, seconds: BENCH_SECONDS },
  );
  const exitCode = await stopProcess(server);

  const stored = (await countClicks(ctx)) - clicksBefore;
  await ctx.close();
  cleanup();

  printTable([baseline, leadrail]);
  const ratio = leadrail.requestsPerSecond / baseline.requestsPerSecond;
  const redirects = leadrail.statusCounts['302'] ?? 0;
  process.stdout.write(`\nratio leadrail/bare requests/s: ${ratio.toFixed(2)} (aim ≥ 0.50)\n`);
  process.stdout.write(`leadrail p99: ${leadrail.p99.toFixed(2)} ms (aim < 25 ms)\n`);
  process.stdout.write(
    `database: ${databaseUrl.split(':')[0]}; clicks answered: ${leadrail.total}, 302s: ${redirects}, rows stored after SIGTERM: ${stored}; server exit code ${exitCode}\n`,
  );
  // Requests still in flight when the load generator stops are answered and stored but not counted by it.
  if (stored < leadrail.total || redirects !== leadrail.total) {
    process.stdout.write('FAIL: not every answered click is in the database\n');
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
