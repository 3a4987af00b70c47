/**
 * bench:postbacks — advertiser postbacks processed per second, side by side with a bare node:http
 * 302 in the same run. Loopback only, bounded by time. Every request is a real change: each click
 * gets a postback that creates its lead and conversion, later rounds move it hold → approved →
 * cancelled, so the ledger is written on most of them. Afterwards it checks that every answered
 * postback is in the postback log and that every ledger event balances.
 */
import type { AppContext } from '../src/context.js';
import { newId } from '../src/lib/ids.js';
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

const CLICKS = Number(process.env.BENCH_CLICKS ?? 20_000);
const STATUSES = ['hold', 'approved', 'cancelled'];

async function seedClicks(ctx: AppContext, offerId: number, publisherId: number): Promise<string[]> {
  const now = new Date().toISOString();
  const ids = Array.from({ length: CLICKS }, () => newId());
  for (let i = 0; i < ids.length; i += 500) {
    await ctx.db
      .insertInto('clicks')
      .values(
        ids.slice(i, i + 500).map((id, n) => ({
          id,
          created_at: now,
          source: 'link',
          offer_id: offerId,
          publisher_id: publisherId,
          flow_id: null,
          status: 'accepted' as const,
          reject_reason: null,
          is_unique: 1,
          ip: `49.36.${Math.floor((i + n) / 250) % 250}.${(i + n) % 250}`,
          country: 'IN',
          user_agent: 'Mozilla/5.0 Chrome/126.0',
          referer: null,
          sub1: 'bench',
          params: '{}',
          destination: 'https://lander.example/keto',
        })),
      )
      .execute();
  }
  return ids;
}

async function main() {
  const { databaseUrl, env, cleanup } = benchDatabase();
  const ctx = await benchContext(env);
  const { advertiser, offer, publisher } = await seedBenchNetwork(ctx);
  const clicks = await seedClicks(ctx, Number(offer.id), Number(publisher.id));

  const baseline = await measureBareRedirect();

  const { server, base } = await startLeadrail(env);
  let k = 0;
  const nextPath = () => {
    const click = clicks[k % clicks.length];
    const status = STATUSES[Math.floor(k / clicks.length) % STATUSES.length];
    k += 1;
    return `/postback?click_id=${click}&status=${status}&token=${advertiser.postback_token}`;
  };
  const leadrail = await load('leadrail /postback (processed)', `${base}/postback`, {
    connections: BENCH_CONNECTIONS,
    seconds: BENCH_SECONDS,
    nextPath,
  });
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
  cleanup();

  printTable([baseline, leadrail]);
  const ratio = leadrail.requestsPerSecond / baseline.requestsPerSecond;
  const answered = leadrail.statusCounts['200'] ?? 0;
  const codes = Object.fromEntries(logged.map((r) => [r.answer_code, Number(r.n)]));
  const inLog = Object.values(codes).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `\npostbacks processed/s: ${leadrail.requestsPerSecond.toFixed(0)}; ratio leadrail/bare: ${ratio.toFixed(3)}\n`,
  );
  process.stdout.write(`leadrail p99: ${leadrail.p99.toFixed(2)} ms\n`);
  process.stdout.write(
    `database: ${databaseUrl.split(':')[0]}; 200s: ${answered}; postback log: ${JSON.stringify(codes)}; leads: ${Number(leads.n)}; server exit code ${exitCode}\n`,
  );
  const badEvents = unbalanced.filter((r) => Number(r.total) !== 0).length;
  // Requests in flight when the load generator stops are answered and logged but not counted by it.
  if (inLog < leadrail.total || answered !== leadrail.total || badEvents > 0) {
    process.stdout.write(
      `FAIL: ${leadrail.total - answered} non-200 answers, ${badEvents} unbalanced ledger events, ${inLog} logged\n`,
    );
    process.exitCode = 1;
  }
}

await main();
