/**
 * bench:leads — POST /api/lead under load, and the pushes it causes to a local fake advertiser,
 * against the bare node:http 302 baseline of bench:clicks in the same run. Loopback only, bounded
 * by time: load for BENCH_SECONDS, then wait at most DRAIN_SECONDS for the push queue to empty.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext, createLogger } from '../src/context.js';
import { createAdvertiser } from '../src/modules/advertisers/save-advertiser.js';
import { createOffer } from '../src/modules/offers/save-offer.js';
import { createPublisher } from '../src/modules/publishers/save-publisher.js';
import { freePort, load, printTable, startProcess, stopProcess } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 120);
const CONNECTIONS = 64;
const SECRET = 'bench-secret-key-0123456789abcdef0123456789';

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

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'leadrail-bench-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
  const env = {
    DATABASE_URL: databaseUrl,
    SECRET_KEY: SECRET,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'info',
    ALLOW_PRIVATE_TARGETS: '1',
  };
  const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: createLogger({ logLevel: 'silent' }),
  });

  const advertiserPort = await freePort();
  const advertiserServer = await startProcess(
    'node',
    ['bench/fake-advertiser.mjs'],
    { PORT: String(advertiserPort) },
    /listening/,
  );
  const advertiser = await createAdvertiser(ctx, {
    name: 'Bench CRM',
    endpoint_url: `http://127.0.0.1:${advertiserPort}/lead/add`,
    post_encoding: 'form',
    auth_location: 'body',
    auth_key: 'bench-key',
    payload_template: {
      phone: '{phone}',
      name: '{name}',
      offer_id: '{adv_offer_id}',
      click_id: '{click_id}',
    },
  });
  const offer = await createOffer(ctx, {
    name: 'Bench offer',
    advertiser_id: advertiser.id,
    adv_offer_id: '6411',
    landing_url: 'https://lander.example/keto?click_id={click_id}',
    adv_payout: '10.00',
    pub_payout: '7.00',
  });
  const publisher = await createPublisher(ctx, {
    name: 'Bench pub',
    email: 'bench@example.com',
    status: 'approved',
  });
  const leadsBefore = await countLeads(ctx);

  const barePort = await freePort();
  const bare = await startProcess(
    'node',
    ['bench/bare-redirect-server.mjs'],
    { PORT: String(barePort) },
    /listening/,
  );
  const baseline = await load('bare node:http 302', `http://127.0.0.1:${barePort}/click`, {
    connections: CONNECTIONS,
    seconds: SECONDS,
  });
  await stopProcess(bare);

  const port = await freePort();
  const server = await startProcess(
    'node',
    ['dist/src/cli.js', 'start'],
    { ...env, PORT: String(port), HOST: '127.0.0.1' },
    /leadrail listening/,
  );
  const started = performance.now();
  const intake = await load('leadrail POST /api/lead', `http://127.0.0.1:${port}/api/lead`, {
    connections: CONNECTIONS,
    seconds: SECONDS,
    method: 'POST',
    body: () =>
      JSON.stringify({ offer_id: offer.id, pub_id: publisher.id, name: 'Bench Lead', phone: nextPhone() }),
  });
  const sentDuringLoad = await countLeads(ctx, 'sent');

  // The worker goes on pushing after the load stops; wait for the queue to empty (bounded).
  let pending = await countLeads(ctx, 'pending');
  const drainDeadline = performance.now() + DRAIN_SECONDS * 1000;
  while (pending > 0 && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    pending = await countLeads(ctx, 'pending');
  }
  const pushSeconds = (performance.now() - started) / 1000;
  const exitCode = await stopProcess(server);
  await stopProcess(advertiserServer);

  const stored = (await countLeads(ctx)) - leadsBefore;
  const sent = await countLeads(ctx, 'sent');
  const failed = await countLeads(ctx, 'failed');
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });

  printTable([baseline, intake]);
  const accepted = intake.statusCounts['201'] ?? 0;
  const leadsPerSecond = accepted / SECONDS;
  const pushesPerSecond = sent / pushSeconds;
  const line = (text: string) => process.stdout.write(`${text}\n`);
  line('');
  line(`leads accepted: ${accepted} in ${SECONDS} s = ${leadsPerSecond.toFixed(0)}/s`);
  line(
    `pushes: ${sent} sent (${sentDuringLoad} while loading), ${failed} failed, ${pending} still pending, in ${pushSeconds.toFixed(1)} s = ${pushesPerSecond.toFixed(0)}/s`,
  );
  line(`ratio leads accepted/s to bare 302/s: ${(leadsPerSecond / baseline.requestsPerSecond).toFixed(3)}`);
  line(`ratio pushes/s to bare 302/s: ${(pushesPerSecond / baseline.requestsPerSecond).toFixed(3)}`);
  line(`leadrail POST /api/lead p50 ${intake.p50.toFixed(2)} ms, p99 ${intake.p99.toFixed(2)} ms`);
  line(`database: ${databaseUrl.split(':')[0]}; leads stored: ${stored}; server exit code ${exitCode}`);
  if (stored < accepted || accepted !== intake.total) {
    line('FAIL: not every answered lead was accepted and stored');
    process.exitCode = 1;
  }
}

await main();
