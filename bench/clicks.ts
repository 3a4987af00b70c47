/**
 * bench:clicks — the recorded click redirect against a bare node:http 302, side by side in one run.
 * Loopback only, bounded by time. Prints requests/s, p50 and p99 for both and the ratio, then checks
 * that every click the server answered is in the database after a graceful stop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { createAdvertiser } from '../src/modules/advertisers/save-advertiser.js';
import { createOffer } from '../src/modules/offers/save-offer.js';
import { createPublisher } from '../src/modules/publishers/save-publisher.js';
import { freePort, load, printTable, startProcess, stopProcess } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 64;
const SECRET = 'bench-secret-key-0123456789abcdef0123456789';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'leadrail-bench-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
  const env = { DATABASE_URL: databaseUrl, SECRET_KEY: SECRET, TRUST_PROXY: '1', LOG_LEVEL: 'info' };
  const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: createLogger({ logLevel: 'silent' }),
  });
  const advertiser = await createAdvertiser(ctx, {
    name: 'Bench Adv',
    endpoint_url: 'https://adv.example/leads',
  });
  const offer = await createOffer(ctx, {
    name: 'Bench offer',
    advertiser_id: advertiser.id,
    landing_url: 'https://lander.example/keto?click_id={click_id}&s={sub1}',
    adv_payout: '10.00',
    pub_payout: '7.00',
  });
  const publisher = await createPublisher(ctx, {
    name: 'Bench pub',
    email: 'bench@example.com',
    status: 'approved',
  });
  const clicksBefore = await countClicks(ctx);

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
  const leadrail = await load(
    'leadrail /click (recorded)',
    `http://127.0.0.1:${port}/click?offer_id=${offer.id}&pub_id=${publisher.id}&sub1=bench`,
    { connections: CONNECTIONS, seconds: SECONDS },
  );
  const exitCode = await stopProcess(server);

  const stored = (await countClicks(ctx)) - clicksBefore;
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });

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

async function countClicks(ctx: Awaited<ReturnType<typeof createContext>>): Promise<number> {
  const row = await ctx.db
    .selectFrom('clicks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

await main();
