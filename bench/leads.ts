/**
 * bench:leads — POST /api/lead under load, and the pushes it causes to a local fake advertiser,
 * against the bare node:http 302 baseline of bench:clicks in the same run. Loopback only, bounded
 * by time: load for BENCH_SECONDS, then wait at most DRAIN_SECONDS for the push queue to empty.
 * Also prints the server's CPU time per accepted lead (Linux), which swings far less than leads/s on a
 * shared machine. Two figures, said apart: the intake rate (leads answered 201 a second while loading;
 * the job worker pushes beside it in the same process) and the push backlog left when the load ended,
 * with how long after the load the last of it was pushed.
 *
 * OLD_DIST=/path/to/dist (a build of another commit) runs that build first, then this one, each on
 * a fresh database, and prints this build's accepted/s and CPU per lead against the old one's.
 */
import type { AppContext } from '../src/context.js';
import {
  BENCH_CONNECTIONS,
  BENCH_SECONDS,
  cpuTimeMs,
  freshDatabase,
  load,
  measureBareRedirect,
  printTable,
  startLeadrail,
  stopProcess,
  undoUnknownMigrations,
} from './lib.js';
import { benchContext, seedPushNetwork } from './network.js';

const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 120);

let phone = 0;
/** A different valid Indian mobile number per lead, so none is a duplicate. */
function nextPhone(): string {
  phone += 1;
  return `+919${String(phone).padStart(9, '0')}`;
}

async function countLeads(ctx: AppContext, pushStatus?: string): Promise<number> {
  let query = ctx.db.selectFrom('leads');
  if (pushStatus) query = query.where('push_status', '=', pushStatus);
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

interface LeadRun {
  leadsPerSecond: number;
  cpuMs: number | undefined;
}

async function runOnce(label: string, dist: string | undefined): Promise<LeadRun> {
  const { databaseUrl, env, cleanup } = await freshDatabase({ ALLOW_PRIVATE_TARGETS: '1' });
  const ctx = await benchContext(env);

  const { offer, publisher, advertiserServer } = await seedPushNetwork(ctx);
  const leadsBefore = await countLeads(ctx);

  if (dist) await undoUnknownMigrations(ctx, dist);
  const baseline = await measureBareRedirect();

  const { server, base } = await startLeadrail(env, dist);
  const started = performance.now();
  const cpuBefore = cpuTimeMs(server.pid);
  const intake = await load(`${label} POST /api/lead`, `${base}/api/lead`, {
    connections: BENCH_CONNECTIONS,
    seconds: BENCH_SECONDS,
    method: 'POST',
    body: () =>
      JSON.stringify({ offer_id: offer.id, pub_id: publisher.id, name: 'Bench Lead', phone: nextPhone() }),
  });
  const cpuAfter = cpuTimeMs(server.pid);
  const loadEnded = performance.now();
  const sentDuringLoad = await countLeads(ctx, 'sent');
  const backlogAtEnd = await countLeads(ctx, 'pending');

  // The worker goes on pushing after the load stops; wait for the queue to empty (bounded).
  let pending = await countLeads(ctx, 'pending');
  const drainDeadline = performance.now() + DRAIN_SECONDS * 1000;
  while (pending > 0 && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    pending = await countLeads(ctx, 'pending');
  }
  const pushSeconds = (performance.now() - started) / 1000;
  const drainSeconds = (performance.now() - loadEnded) / 1000;
  const exitCode = await stopProcess(server);
  await stopProcess(advertiserServer);

  const stored = (await countLeads(ctx)) - leadsBefore;
  const sent = await countLeads(ctx, 'sent');
  const failed = await countLeads(ctx, 'failed');
  await ctx.close();
  await cleanup();

  printTable([baseline, intake]);
  const accepted = intake.statusCounts['201'] ?? 0;
  const leadsPerSecond = accepted / BENCH_SECONDS;
  const pushesPerSecond = sent / pushSeconds;
  const line = (text: string) => process.stdout.write(`${text}\n`);
  line('');
  line(`leads accepted: ${accepted} in ${BENCH_SECONDS} s = ${leadsPerSecond.toFixed(0)}/s`);
  line(
    `pushes: ${sent} sent (${sentDuringLoad} while loading), ${failed} failed, ${pending} still pending, in ${pushSeconds.toFixed(1)} s = ${pushesPerSecond.toFixed(0)}/s`,
  );
  line(
    `push backlog when the load ended: ${backlogAtEnd} leads; ${pending === 0 ? `all pushed ${drainSeconds.toFixed(1)} s after the load` : `${pending} still unpushed after ${DRAIN_SECONDS} s`}`,
  );
  line(`ratio leads accepted/s to bare 302/s: ${(leadsPerSecond / baseline.requestsPerSecond).toFixed(3)}`);
  line(`ratio pushes/s to bare 302/s: ${(pushesPerSecond / baseline.requestsPerSecond).toFixed(3)}`);
  line(`leadrail POST /api/lead p50 ${intake.p50.toFixed(2)} ms, p99 ${intake.p99.toFixed(2)} ms`);
  line(`database: ${databaseUrl.split(':')[0]}; leads stored: ${stored}; server exit code ${exitCode}`);
  const cpuMs =
    cpuBefore !== undefined && cpuAfter !== undefined && accepted > 0
      ? (cpuAfter - cpuBefore) / accepted
      : undefined;
  if (cpuMs !== undefined) {
    line(
      `${label}: server CPU ${cpuMs.toFixed(2)} ms per accepted lead while loading (pushes included; ${(1000 / cpuMs).toFixed(0)} leads per CPU-second)`,
    );
  }
  if (stored < accepted || accepted !== intake.total) {
    line('FAIL: not every answered lead was accepted and stored');
    process.exitCode = 1;
  }
  return { leadsPerSecond, cpuMs };
}

async function main() {
  const oldDist = process.env.OLD_DIST;
  if (!oldDist) {
    await runOnce('leadrail', undefined);
    return;
  }
  const old = await runOnce('old', oldDist);
  const now = await runOnce('new', undefined);
  process.stdout.write(
    `\nnew/old leads accepted/s: ${(now.leadsPerSecond / old.leadsPerSecond).toFixed(3)}\n`,
  );
  if (old.cpuMs !== undefined && now.cpuMs !== undefined) {
    process.stdout.write(
      `old/new server CPU per lead: ${(old.cpuMs / now.cpuMs).toFixed(3)} (above 1: the new build spends less)\n`,
    );
  }
}

await main();
