/**
 * bench:lead-insert-cost — the database's cost of writing intake's lead groups, schema against
 * schema: migration 0059 undone (every `leads` index full) and applied (indexes of values a lead may
 * lack are partial). Two fresh databases, the same leads (a bench lead: a phone, no email, click or
 * external id), written in groups of BENCH_GROUP (60, about what bench:lead-cost's 64 leads in
 * flight make) by intake's own multi-row insert (leads/insert-lead-rows.ts), one transaction a group.
 * The rounds alternate old, new, old, new… in one process, so both see the same load.
 *
 *   npx tsx bench/lead-insert-cost.ts                                    # SQLite
 *   BENCH_DATABASE_URL=postgres://…/postgres npx tsx bench/lead-insert-cost.ts   # PostgreSQL
 *
 * Prints CPU µs per lead: this process (SQLite does its work here) and, on PostgreSQL, the backends
 * serving each database (read from /proc: the server must be on this machine). BENCH_LEADS (6000)
 * leads a round, BENCH_ROUNDS (5) rounds of each schema after one warm-up round each; medians.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import type { AppContext } from '../src/context.js';
import { down as undo0059 } from '../src/db/migrations/0059-leads-partial-indexes.js';
import { newId } from '../src/lib/ids.js';
import { SUB_KEYS } from '../src/lib/sub-keys.js';
import { insertLeadRows } from '../src/modules/leads/insert-lead-rows.js';
import type { LeadRow } from '../src/modules/leads/queries.js';
import { freshDatabase } from './lib.js';
import { benchContext, seedBenchNetwork } from './network.js';
import { cpuSecondsBetween, processesCpuSeconds } from './process-cpu.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 6000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const GROUP = Number(process.env.BENCH_GROUP ?? 60);

interface Side {
  name: string;
  ctx: AppContext;
  offer: { id: number; advertiser_id: number };
  publisherId: number;
  listing?: pg.Client;
  cleanup(): Promise<void>;
  app: number[];
  database: number[];
}

async function side(name: string, undo: boolean): Promise<Side> {
  const { databaseUrl, env, cleanup } = await freshDatabase();
  const ctx = await benchContext(env);
  const { offer, publisher } = await seedBenchNetwork(ctx);
  if (undo) await undo0059(ctx.db);
  let listing: pg.Client | undefined;
  if (databaseUrl.startsWith('postgres')) {
    listing = new pg.Client({ connectionString: databaseUrl });
    await listing.connect();
  }
  return {
    name,
    ctx,
    offer: { id: Number(offer.id), advertiser_id: Number(offer.advertiser_id) },
    publisherId: Number(publisher.id),
    listing,
    cleanup,
    app: [],
    database: [],
  };
}

let n = 0;
function benchLead(s: Side, now: string): LeadRow {
  n++;
  const subs = Object.fromEntries(SUB_KEYS.map((k) => [k, k === 'sub1' ? 'bench' : null]));
  return {
    id: newId(),
    created_at: now,
    updated_at: now,
    source: 'form',
    click_id: null,
    offer_id: s.offer.id,
    advertiser_id: s.offer.advertiser_id,
    publisher_id: s.publisherId,
    flow_id: null,
    status: 'processing',
    fraud_rule: null,
    goal: null,
    external_id: null,
    name: 'Bench Lead',
    phone: `+919${String(n).padStart(9, '0')}`,
    phone_e164: `+919${String(n).padStart(9, '0')}`,
    email: null,
    country: 'IN',
    ip: '49.36.0.10',
    user_agent: 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36',
    address: null,
    comment: null,
    status_comment: null,
    ...subs,
    meta: '{}',
    tags: '{}',
    push_status: 'pending',
    push_attempts: 0,
    adv_lead_id: null,
    pushed_at: null,
    push_error: null,
    push_error_code: null,
    push_error_params: null,
    push_maybe_sent: 0,
  } as LeadRow;
}

async function backends(s: Side): Promise<Map<number, number>> {
  if (!s.listing) return new Map();
  const { rows } = await s.listing.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return processesCpuSeconds(rows.map((r) => Number(r.pid)));
}

async function round(s: Side, measured: boolean): Promise<void> {
  const now = new Date().toISOString();
  const groups: LeadRow[][] = [];
  for (let i = 0; i < LEADS; i += GROUP)
    groups.push(Array.from({ length: Math.min(GROUP, LEADS - i) }, () => benchLead(s, now)));
  const databaseBefore = await backends(s);
  const cpu = process.cpuUsage();
  for (const rows of groups)
    await s.ctx.db.transaction().execute((tx) => insertLeadRows(tx, s.ctx.dialect, rows));
  const used = process.cpuUsage(cpu);
  if (!measured) return;
  s.app.push((used.user + used.system) / LEADS);
  if (s.listing) s.database.push((cpuSecondsBetween(databaseBefore, await backends(s)) * 1e6) / LEADS);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const old = await side('0059 undone (full indexes)', true);
  const cur = await side('0059 applied (partial indexes)', false);
  await round(old, false);
  await round(cur, false);
  for (let i = 0; i < ROUNDS; i++) {
    await round(old, true);
    await round(cur, true);
  }
  const line = (s: Side) =>
    `${s.name}: app ${s.app.map((c) => c.toFixed(1)).join(' / ')} µs, median ${median(s.app).toFixed(1)}` +
    (s.database.length > 0
      ? `; database ${s.database.map((c) => c.toFixed(1)).join(' / ')} µs, median ${median(s.database).toFixed(1)}`
      : '');
  process.stdout.write(`${line(old)}\n${line(cur)}\n`);
  const total = (s: Side) => median(s.app) + (s.database.length > 0 ? median(s.database) : 0);
  process.stdout.write(
    `CPU per lead written, new/old: ${(total(cur) / total(old)).toFixed(2)} (${LEADS} leads × ${ROUNDS} rounds, groups of ${GROUP}, ${old.ctx.dialect}, load average ${loadavg()[0]?.toFixed(1)})\n`,
  );
  for (const s of [old, cur]) {
    await s.listing?.end();
    await s.ctx.close();
    await s.cleanup();
  }
}

await main();
