/**
 * bench:postbacks — advertiser postbacks processed per second, side by side with a bare node:http
 * 302 in the same run. Loopback only, bounded by time. Every request is a real change: each click
 * gets a postback that creates its lead and conversion, later rounds move it hold → approved →
 * cancelled, so the ledger is written on most of them. Afterwards it checks that every answered
 * postback is in the postback log and that every ledger event balances.
 *
 * OLD_DIST=/path/to/dist (a build of another commit, e.g. main built in its own worktree) runs that
 * build and this one alternately, BENCH_ROUNDS times each (default 3), each on a fresh database,
 * and reports this build's processed/s over the old one's per round and their median.
 */
import {
  BENCH_CONNECTIONS,
  BENCH_SECONDS,
  cpuTimeMs,
  forgetUnknownMigrations,
  freshDatabase,
  type LoadResult,
  load,
  measureBareRedirect,
  printTable,
  startLeadrail,
  stopProcess,
} from './lib.js';
import { benchContext, seedBenchNetwork, seedClicks } from './network.js';

const CLICKS = Number(process.env.BENCH_CLICKS ?? 20_000);
const STATUSES = ['hold', 'approved', 'cancelled'];

interface Run {
  label: string;
  result: LoadResult;
  ok: boolean;
  /** The server's CPU time (user + system) per answered postback, in ms; undefined off Linux. */
  cpuMs?: number;
}

/** One measured run of one build on a fresh, seeded database, with the log and ledger checks. */
async function runOnce(label: string, dist: string | undefined): Promise<Run> {
  const { databaseUrl, env, cleanup } = await freshDatabase();
  const ctx = await benchContext(env);
  const { advertiser, offer, publisher } = await seedBenchNetwork(ctx);
  const clicks = await seedClicks(ctx, Number(offer.id), Number(publisher.id), CLICKS);
  if (dist) await forgetUnknownMigrations(ctx, dist);

  const { server, base } = await startLeadrail(env, dist);
  let k = 0;
  const nextPath = () => {
    const click = clicks[k % clicks.length];
    const status = STATUSES[Math.floor(k / clicks.length) % STATUSES.length];
    k += 1;
    return `/postback?click_id=${click}&status=${status}&token=${advertiser.postback_token}`;
  };
  const cpuBefore = cpuTimeMs(server.pid);
  const result = await load(`${label} /postback (processed)`, `${base}/postback`, {
    connections: BENCH_CONNECTIONS,
    seconds: BENCH_SECONDS,
    nextPath,
  });
  const cpuAfter = cpuTimeMs(server.pid);
  const exitCode = await stopProcess(server);

  const logged = await ctx.db
    .selectFrom('postback_log')
    .select(['answer_code', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('answer_code')
    .execute();
  const unbalanced = await ctx.db
    .selectFrom('ledger_entries')
    .select(['event_id', (eb) => eb.fn.sum<number>('amount').as('total')])
    .groupBy(['event_id', 'currency'])
    .execute();
  const leads = await ctx.db
    .selectFrom('leads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await ctx.close();
  await cleanup();

  const answered = result.statusCounts['200'] ?? 0;
  const codes = Object.fromEntries(logged.map((r) => [r.answer_code, Number(r.n)]));
  const inLog = Object.values(codes).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `${label}: processed/s ${result.requestsPerSecond.toFixed(0)}, p99 ${result.p99.toFixed(2)} ms; database: ${databaseUrl.split(':')[0]}; 200s: ${answered}; postback log: ${JSON.stringify(codes)}; leads: ${Number(leads.n)}; server exit code ${exitCode}\n`,
  );
  const badEvents = unbalanced.filter((r) => Number(r.total) !== 0).length;
  // Requests in flight when the load generator stops are answered and logged but not counted by it.
  const ok = inLog >= result.total && answered === result.total && badEvents === 0;
  const cpuMs =
    cpuBefore !== undefined && cpuAfter !== undefined && answered > 0
      ? (cpuAfter - cpuBefore) / answered
      : undefined;
  if (cpuMs !== undefined) {
    process.stdout.write(
      `${label}: server CPU ${cpuMs.toFixed(2)} ms per answered postback (${(1000 / cpuMs).toFixed(0)} postbacks per CPU-second)\n`,
    );
  }
  if (!ok) {
    process.stdout.write(
      `FAIL (${label}): ${result.total - answered} non-200 answers, ${badEvents} unbalanced ledger events, ${inLog} logged\n`,
    );
  }
  return { label, result, ok, cpuMs };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function main() {
  const baseline = await measureBareRedirect();
  const oldDist = process.env.OLD_DIST;
  if (!oldDist) {
    const run = await runOnce('leadrail', undefined);
    printTable([baseline, run.result]);
    const ratio = run.result.requestsPerSecond / baseline.requestsPerSecond;
    process.stdout.write(
      `\npostbacks processed/s: ${run.result.requestsPerSecond.toFixed(0)}; ratio leadrail/bare: ${ratio.toFixed(3)}\n`,
    );
    if (!run.ok) process.exitCode = 1;
    return;
  }
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const runs: Run[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    // Alternate which build goes first, so a drift in the machine's load does not favour one.
    const order = round % 2 === 1 ? (['old', 'new'] as const) : (['new', 'old'] as const);
    const pair: Partial<Record<'old' | 'new', Run>> = {};
    for (const which of order) {
      pair[which] = await runOnce(`${which} #${round}`, which === 'old' ? oldDist : undefined);
      runs.push(pair[which] as Run);
    }
    const ratio = (pair.new as Run).result.requestsPerSecond / (pair.old as Run).result.requestsPerSecond;
    ratios.push(ratio);
    const oldCpu = (pair.old as Run).cpuMs;
    const newCpu = (pair.new as Run).cpuMs;
    const cpuRatio = oldCpu !== undefined && newCpu !== undefined ? oldCpu / newCpu : undefined;
    if (cpuRatio !== undefined) cpuRatios.push(cpuRatio);
    process.stdout.write(
      `round ${round}: new/old processed/s ${ratio.toFixed(3)}${cpuRatio === undefined ? '' : `; old/new server CPU per postback ${cpuRatio.toFixed(3)}`}\n`,
    );
  }
  printTable([baseline, ...runs.map((r) => r.result)]);
  const m = median(ratios);
  process.stdout.write(
    `\nnew/old processed/s per round: ${ratios.map((r) => r.toFixed(3)).join(' · ')}; median ${m.toFixed(3)} (${m >= 0.9 ? 'within' : 'MORE than'} 10% slower)\n`,
  );
  if (cpuRatios.length > 0) {
    process.stdout.write(
      `old/new server CPU per postback per round: ${cpuRatios.map((r) => r.toFixed(3)).join(' · ')}; median ${median(cpuRatios).toFixed(3)} (above 1: the new build spends less)\n`,
    );
  }
  if (runs.some((r) => !r.ok)) process.exitCode = 1;
}

await main();
