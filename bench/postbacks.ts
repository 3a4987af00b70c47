/**
 * bench:postbacks — advertiser postbacks processed per second, side by side with a bare node:http
 * 302 in the same run. Loopback only, bounded by time. Every request is a real change, and the ledger
 * is written on each. Afterwards it checks that every answered postback is in the postback log and
 * that every ledger event balances, and prints how many of each status it sent.
 *
 * BENCH_MIX picks what is sent:
 * - `mix` (default): per 10 postbacks, 5 `hold` creating the lead and conversion of a fresh click,
 *   3 `approved` for a click whose lead was put on hold before the load, 2 `cancelled` for a click
 *   whose lead was approved before the load (a reversal of approved money: the approved-balance
 *   read). The clicks' earlier postbacks are sent through the same server before the measured
 *   load (not measured), so every measured postback is a change of its own.
 * - `create` (sessions 8–12's shape): each click gets `hold`, then (only once every click has had
 *   one) `approved`, then `cancelled`; with 20,000 clicks a 10 s run rarely gets past the first round,
 *   so it measures lead creation only.
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
const MIX = process.env.BENCH_MIX ?? 'mix';
if (MIX !== 'mix' && MIX !== 'create') throw new Error(`BENCH_MIX must be mix or create, not ${MIX}`);
/** Of every 10 postbacks in the mix: which set of clicks and which status. */
const MIX_SLOTS = [
  'new',
  'new',
  'new',
  'new',
  'new',
  'held',
  'held',
  'held',
  'approved',
  'approved',
] as const;

/** Send `paths` through the server, 64 at a time, before the measured load; all must answer 200. */
async function prepare(base: string, paths: string[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < paths.length) {
      const path = paths[next++] as string;
      const r = await fetch(`${base}${path}`, { redirect: 'manual' });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`preparing the mix: ${path} answered ${r.status}`);
    }
  };
  await Promise.all(Array.from({ length: BENCH_CONNECTIONS }, lane));
}

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
  const pathOf = (click: string, status: string) =>
    `/postback?click_id=${click}&status=${status}&token=${advertiser.postback_token}`;
  const sent: Record<string, number> = {};
  let k = 0;
  let nextPath: () => string;
  if (MIX === 'create') {
    nextPath = () => {
      const click = clicks[k % clicks.length] as string;
      const status = STATUSES[Math.floor(k / clicks.length) % STATUSES.length] as string;
      k += 1;
      sent[status] = (sent[status] ?? 0) + 1;
      return pathOf(click, status);
    };
  } else {
    // Half the clicks are fresh, 3/10 get a lead on hold and 2/10 an approved one before the load.
    const fresh = clicks.slice(0, Math.floor(CLICKS / 2));
    const held = clicks.slice(fresh.length, fresh.length + Math.floor((CLICKS * 3) / 10));
    const approved = clicks.slice(fresh.length + held.length);
    await prepare(
      base,
      [...held, ...approved].map((c) => pathOf(c, 'hold')),
    );
    await prepare(
      base,
      approved.map((c) => pathOf(c, 'approved')),
    );
    const sets = { new: fresh, held, approved };
    const statusOf = { new: 'hold', held: 'approved', approved: 'cancelled' };
    const used = { new: 0, held: 0, approved: 0 };
    nextPath = () => {
      const slot = MIX_SLOTS[k % MIX_SLOTS.length] as keyof typeof sets;
      k += 1;
      const set = sets[slot];
      // Past the end of a set (a long run) its clicks come again: a repeat, answered 200, no change.
      const click = set[used[slot]++ % set.length] as string;
      const status = statusOf[slot];
      sent[status] = (sent[status] ?? 0) + 1;
      return pathOf(click, status);
    };
  }
  const loggedBefore = await ctx.db
    .selectFrom('postback_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
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
  // The postbacks that prepared the mix are in the log too.
  const inLog = Object.values(codes).reduce((a, b) => a + b, 0) - Number(loggedBefore.n);
  process.stdout.write(
    `${label}: sent (${MIX}, including the requests in flight at the end) ${JSON.stringify(sent)}\n${label}: processed/s ${result.requestsPerSecond.toFixed(0)}, p99 ${result.p99.toFixed(2)} ms; database: ${databaseUrl.split(':')[0]}; 200s: ${answered}; postback log: ${JSON.stringify(codes)}; leads: ${Number(leads.n)}; server exit code ${exitCode}\n`,
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
