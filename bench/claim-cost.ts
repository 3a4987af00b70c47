/**
 * bench:claim-cost — CPU microseconds per job claim with a backlog waiting, for a build (`dist`, or
 * CLAIM_COST_DIST=/path/to/other/dist). For each backlog size in CLAIM_BACKLOGS (10,2000,20000) it
 * fills `jobs` with that many due pending jobs beside 6,000 done ones, then claims CLAIM_SIZE (4, a
 * claim with the default JOB_CONCURRENCY) at a time, CLAIM_ROUNDS (50) times, with the build's
 * claimDueJobs, reading process.cpuUsage around the claims only. Session 16: one `or` made a claim
 * read and sort every due job; run old and new builds alternately and compare.
 *
 *   CLAIM_COST_DIST=/tmp/old/dist npx tsx bench/claim-cost.ts; npx tsx bench/claim-cost.ts
 *
 * BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL (a new database per run), and prints the
 * database backends' CPU a claim beside the process's (bench/pg-backend-cpu.ts).
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { freshDatabase, undoUnknownMigrations } from './lib.js';
import { benchContext } from './network.js';
import { meterBackendCpu } from './pg-backend-cpu.js';

const dist = resolve(process.env.CLAIM_COST_DIST ?? 'dist');
const BACKLOGS = (process.env.CLAIM_BACKLOGS ?? '10,2000,20000').split(',').map(Number);
const SIZE = Number(process.env.CLAIM_SIZE ?? 4);
const ROUNDS = Number(process.env.CLAIM_ROUNDS ?? 50);
const DONE = 6000;

type ClaimDueJobs = (
  db: unknown,
  input: { types: string[]; limit: number; workerId: string; now: string; lockedUntil: string },
) => Promise<unknown[]>;

async function main() {
  const { env, databaseUrl, cleanup } = await freshDatabase();
  const seedCtx = await benchContext(env);
  if (process.env.CLAIM_COST_DIST) await undoUnknownMigrations(seedCtx, dist);
  const load = (path: string) => import(pathToFileURL(join(dist, path)).href);
  const [config, context, queries] = await Promise.all([
    load('src/config.js'),
    load('src/context.js'),
    load('src/jobs/queries.js'),
  ]);
  const ctx = (await context.createContext(config.loadConfig({ ...env, LOG_LEVEL: 'silent' }), {})) as {
    db: unknown;
    close(): Promise<void>;
  };
  const claimDueJobs = queries.claimDueJobs as ClaimDueJobs;
  const db = seedCtx.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const results: string[] = [];
  let serial = 0;
  for (const backlog of BACKLOGS) {
    await db.deleteFrom('jobs').execute();
    const now = Date.now();
    const rows = Array.from({ length: DONE + backlog }, (_, i) => {
      const at = new Date(now - 100_000 + Math.floor(i / 50)).toISOString();
      return {
        id: `J${String(++serial).padStart(10, '0')}`,
        type: 'lead_push',
        payload: '{}',
        status: i < DONE ? 'done' : 'pending',
        attempts: 0,
        max_attempts: 8,
        run_at: at,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: at,
        updated_at: at,
      };
    });
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('jobs')
        .values(rows.slice(i, i + 500))
        .execute();
    // Statistics, as autovacuum keeps them on a live table: without them PostgreSQL plans even the
    // new claim by jobs_type_status and sorts the whole backlog. (SQLite plans without statistics.)
    if (databaseUrl.startsWith('postgres')) await sql`analyze jobs`.execute(db);
    const claim = () =>
      claimDueJobs(ctx.db, {
        types: ['lead_push'],
        limit: SIZE,
        workerId: 'bench',
        now: new Date().toISOString(),
        lockedUntil: new Date(Date.now() + 15_000).toISOString(),
      });
    await claim(); // warm: the statement is compiled and prepared
    let claimed = 0;
    const backend = await meterBackendCpu(databaseUrl);
    const cpu = process.cpuUsage();
    for (let i = 0; i < ROUNDS; i++) claimed += (await claim()).length;
    const used = process.cpuUsage(cpu);
    const backendMs = await backend.stop();
    const database =
      backendMs === undefined ? '' : `, database ${((backendMs * 1000) / ROUNDS).toFixed(0)} µs`;
    results.push(
      `${backlog} waiting: ${((used.user + used.system) / ROUNDS).toFixed(0)} µs a claim${database} (${claimed} claimed)`,
    );
  }
  await ctx.close();
  await seedCtx.close();
  await cleanup();
  process.stdout.write(
    `${dist} on ${env.DATABASE_URL?.split(':')[0]}: ${results.join('; ')} (load average ${loadavg()[0]?.toFixed(1)})\n`,
  );
}

await main();
