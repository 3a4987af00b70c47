/**
 * bench:reports — BENCH_CLICKS clicks (10 M by default) over the past year, a lead on every tenth
 * (1 M), an approved conversion with its ledger entries on every fifth lead (200 k), generated in SQL
 * (SQLite: a recursive CTE per 500 k rows, one transaction each; PostgreSQL: generate_series).
 * Then the dashboard, conversion statistics, a custom report and the stats API are timed through the
 * real HTTP API over 20 random ranges each: first with every hour marked (the raw queries, the
 * baseline), then after building the rollups. BENCH_DATABASE_URL points at an empty PostgreSQL
 * database; without it a temporary SQLite file is used.
 */
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { dialectOf } from '../src/db/dialect.js';
import { buildApp } from '../src/http/app.js';
import { createAdvertiser } from '../src/modules/advertisers/save-advertiser.js';
import { createOffer } from '../src/modules/offers/save-offer.js';
import { createPublisher } from '../src/modules/publishers/save-publisher.js';
import { ensureClickPartitions } from '../src/modules/retention/click-partitions.js';
import { markAllHours, refreshRollups } from '../src/modules/rollups/refresh-rollups.js';
import { rotateStatsToken } from '../src/modules/stats/stats-token.js';
import { createAdmin } from '../src/modules/users/create-admin.js';
import { benchDatabase } from './lib.js';
import { benchContext } from './network.js';

const CLICKS = Number(process.env.BENCH_CLICKS ?? 10_000_000);
const RANGES = Number(process.env.BENCH_RANGES ?? 20);
/** Ranges timed for the raw baseline (every hour read raw): 0 skips it, slow at 10 M. */
const RAW_RANGES = Number(process.env.BENCH_RAW_RANGES ?? RANGES);
/** 1: the database already holds a generated data set (BENCH_DATABASE_URL, or BENCH_SQLITE_FILE): time it again. */
const REUSE = process.env.BENCH_REUSE === '1';
const CHUNK = 500_000;
const OFFERS = 20;
const ADVERTISERS = 4;
const PUBLISHERS = 50;
const SPAN_SECONDS = 365 * 86_400;

let seed = 7;
function rand(n: number): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % n;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function main() {
  const { env, cleanup } = benchDatabase();
  const ctx = await benchContext(env);
  const db = ctx.db;
  const pg = dialectOf(db) === 'postgres';
  const nowEpoch = Math.floor(Date.now() / 1000);
  const startEpoch = nowEpoch - SPAN_SECONDS;

  const existing = REUSE
    ? await db.selectFrom('offers').select('id').orderBy('id').executeTakeFirst()
    : undefined;
  const generation = performance.now();
  const ids = existing ? await storedIds() : await generate();
  const { firstPublisher } = ids;

  async function storedIds() {
    const min = async (table: 'offers' | 'publishers' | 'advertisers') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.min('id').as('id'))
            .executeTakeFirstOrThrow()
        ).id,
      );
    return { firstPublisher: await min('publishers') };
  }

  async function generate() {
    const advertisers = [];
    for (let a = 0; a < ADVERTISERS; a++) {
      advertisers.push(
        await createAdvertiser(ctx, { name: `Adv ${a}`, endpoint_url: 'https://adv.example/leads' }),
      );
    }
    const offers = [];
    for (let k = 0; k < OFFERS; k++) {
      offers.push(
        await createOffer(ctx, {
          name: `Offer ${k}`,
          advertiser_id: String(advertisers[k % ADVERTISERS]?.id),
          adv_offer_id: String(k),
          landing_url: 'https://lander.example/?c={click_id}',
          adv_payout: '10.00',
          pub_payout: '7.00',
          currency: k % 2 === 0 ? 'USD' : 'EUR',
        }),
      );
    }
    const publishers = [];
    for (let p = 0; p < PUBLISHERS; p++) {
      publishers.push(
        await createPublisher(ctx, { name: `Pub ${p}`, email: `pub${p}@example.com`, status: 'approved' }),
      );
    }
    // PostgreSQL: the year's day partitions first, so the rows go straight into them.
    await ensureClickPartitions(ctx, { sinceMs: startEpoch * 1000 - 86_400_000 });
    const firstOffer = Number(offers[0]?.id);
    const firstPublisher = Number(publishers[0]?.id);
    const firstAdvertiser = Number(advertisers[0]?.id);
    if (Number(offers.at(-1)?.id) !== firstOffer + OFFERS - 1)
      throw new Error('offer ids are not consecutive');
    if (Number(publishers.at(-1)?.id) !== firstPublisher + PUBLISHERS - 1) throw new Error('publisher ids');
    if (Number(advertisers.at(-1)?.id) !== firstAdvertiser + ADVERTISERS - 1)
      throw new Error('advertiser ids');

    // SQLite: the generated tables' indexes and triggers go during the bulk insert and come back
    // after it (one index build per table instead of a B-tree insert per row per index, no trigger
    // per row); the rollup marks are then written once per hour by markAllHours.
    const TABLES = ['clicks', 'leads', 'conversions', 'ledger_entries'];
    const dropped = pg
      ? []
      : (
          await sql<{ type: string; name: string; sql: string }>`
            select type, name, sql from sqlite_master
            where type in ('index', 'trigger') and sql is not null and tbl_name in (${sql.join(TABLES)})`.execute(
            db,
          )
        ).rows;
    if (!pg) {
      await sql.raw('pragma synchronous = off').execute(db);
      for (const d of dropped) await sql.raw(`drop ${d.type} ${d.name}`).execute(db);
    }

    // One expression set, two dialects: i is the row number.
    const time = (of: string, extra = 0) =>
      pg
        ? `to_char(to_timestamp(${startEpoch} + (${of} * ${SPAN_SECONDS}) / ${CLICKS} + ${extra}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
        : `strftime('%Y-%m-%dT%H:%M:%fZ', ${startEpoch} + (${of} * ${SPAN_SECONDS}) / ${CLICKS} + ${extra}, 'unixepoch')`;
    const id = (prefix: string, of = 'i') =>
      pg ? `'${prefix}' || lpad((${of})::text, 11, '0')` : `printf('${prefix}%011d', ${of})`;
    const series = (from: number, to: number, select: string) =>
      pg
        ? `${select} from generate_series(${from}::bigint, ${to}::bigint) as s(i)`
        : `with recursive s(i) as (select ${from} union all select i + 1 from s where i < ${to}) ${select} from s`;
    const offerOf = `((i * 7) % ${OFFERS})`;
    const country = `case i % 5 when 0 then 'US' when 1 then 'DE' when 2 then 'IN' when 3 then 'BR' else null end`;

    for (let from = 1; from <= CLICKS; from += CHUNK) {
      const to = Math.min(from + CHUNK - 1, CLICKS);
      await sql
        .raw(
          `insert into clicks (id, created_at, source, offer_id, publisher_id, flow_id, status, reject_reason, is_unique, ip, country, user_agent, referer, sub1, sub2, params) ${series(
            from,
            to,
            `select ${id('b')}, ${time('i')}, 'click', ${firstOffer} + ${offerOf}, ${firstPublisher} + ((i * 13) % ${PUBLISHERS}), null,
               case when i % 10 = 0 then 'rejected' else 'accepted' end, case when i % 10 = 0 then 'bot' else null end,
               case when i % 3 = 0 then 0 else 1 end, '10.0.0.1', ${country}, 'bench', null, 's' || ((i * 31) % 100), null, '{}'`,
          )}`,
        )
        .execute(db);
      process.stdout.write(`clicks ${to}/${CLICKS} (${seconds(generation)} s)\n`);
    }
    // A lead on every tenth click (j ↔ click i = 10 j - 9), same offer, publisher, country and sub1.
    const leads = Math.floor(CLICKS / 10);
    const status = `case (i % 20) when 0 then 'approved' when 1 then 'approved' when 2 then 'approved' when 3 then 'approved' when 4 then 'hold' when 5 then 'hold' when 12 then 'cancelled' when 13 then 'cancelled' when 14 then 'cancelled' when 15 then 'cancelled' when 16 then 'wrong_number' when 17 then 'spam' when 18 then 'duplicate' when 19 then 'test' else 'processing' end`;
    for (let from = 1; from <= leads; from += CHUNK) {
      const to = Math.min(from + CHUNK - 1, leads);
      // Here i is the lead number; c is its click's number.
      const c = '(10 * i - 9)';
      const clickOffer = `((${c} * 7) % ${OFFERS})`;
      await sql
        .raw(
          `insert into leads (id, created_at, updated_at, source, click_id, offer_id, advertiser_id, publisher_id, flow_id, status, country, sub1, push_status) ${series(
            from,
            to,
            `select ${id('l')}, ${time(c, 60)}, ${time(c, 60)}, 'api', ${id('b', c)},
               ${firstOffer} + ${clickOffer}, ${firstAdvertiser} + (${clickOffer} % ${ADVERTISERS}), ${firstPublisher} + ((${c} * 13) % ${PUBLISHERS}), null,
               ${status}, case ${c} % 5 when 0 then 'US' when 1 then 'DE' when 2 then 'IN' when 3 then 'BR' else null end, 's' || ((${c} * 31) % 100), 'none'`,
          )}`,
        )
        .execute(db);
      process.stdout.write(`leads ${to}/${leads} (${seconds(generation)} s)\n`);
    }
    // An approved conversion on every approved lead (one in five), with its three ledger entries.
    const leadTime = `(select created_at from leads where id = ${id('l')})`;
    for (let from = 1; from <= leads; from += CHUNK) {
      const to = Math.min(from + CHUNK - 1, leads);
      const c = '(10 * i - 9)';
      const clickOffer = `((${c} * 7) % ${OFFERS})`;
      await sql
        .raw(
          `insert into conversions (id, lead_id, click_id, offer_id, advertiser_id, publisher_id, flow_id, status, adv_payout, pub_payout, currency, created_at, updated_at) ${series(
            from,
            to,
            `select ${id('v')}, ${id('l')}, ${id('b', c)}, ${firstOffer} + ${clickOffer}, ${firstAdvertiser} + (${clickOffer} % ${ADVERTISERS}),
               ${firstPublisher} + ((${c} * 13) % ${PUBLISHERS}), null, 'approved', 1000, 700,
               case when ${clickOffer} % 2 = 0 then 'USD' else 'EUR' end, ${leadTime}, ${leadTime}`,
          )} where (i % 20) < 4`,
        )
        .execute(db);
      for (const [n, account, amount] of [
        [1, 'advertiser_receivable', 1000],
        [2, 'publisher_approved', -700],
        [3, 'network_margin', -300],
      ] as const) {
        await sql
          .raw(
            `insert into ledger_entries (id, created_at, conversion_id, event_id, account, party, amount, currency, memo) ${series(
              from,
              to,
              `select ${id(`e${n}`)}, ${leadTime}, ${id('v')}, ${id('ev')}, '${account}', null, ${amount},
                 case when ${clickOffer} % 2 = 0 then 'USD' else 'EUR' end, ''`,
            )} where (i % 20) < 4`,
          )
          .execute(db);
      }
      process.stdout.write(`conversions for leads ${to}/${leads} (${seconds(generation)} s)\n`);
    }
    if (!pg) {
      // Primary keys stayed (their automatic indexes have no sql): the lookups above used them.
      for (const d of dropped.filter((x) => x.type === 'index')) await sql.raw(d.sql).execute(db);
      for (const d of dropped.filter((x) => x.type === 'trigger')) await sql.raw(d.sql).execute(db);
      await sql.raw('pragma synchronous = normal').execute(db);
      await markAllHours(ctx);
      process.stdout.write(`indexes and triggers back (${seconds(generation)} s)\n`);
    }
    await sql.raw('analyze').execute(db);
    return { firstPublisher };
  }
  const count = async (table: 'clicks' | 'leads' | 'conversions' | 'ledger_entries') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const generated = {
    clicks: await count('clicks'),
    leads: await count('leads'),
    conversions: await count('conversions'),
    ledger_entries: await count('ledger_entries'),
  };
  const generationSeconds = seconds(generation);
  process.stdout.write(`generated ${JSON.stringify(generated)} in ${generationSeconds} s\n`);

  // The real HTTP API, in this process without the schedulers (so the baseline stays unrolled).
  if (!existing) await createAdmin(ctx, { email: 'bench@leadrail.test', password: 'bench-password-123' });
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@leadrail.test', password: 'bench-password-123' }),
  });
  const token = ((await login.json()) as { token: string }).token;
  const statsToken = await rotateStatsToken(ctx, firstPublisher);

  const day = (epoch: number) => new Date(epoch * 1000).toISOString().slice(0, 10);
  const randomRange = () => {
    const length = 1 + rand(120);
    const end = nowEpoch - rand(365 - length) * 86_400;
    return { from: day(end - (length - 1) * 86_400), to: day(end) };
  };
  const screens: Record<string, () => string> = {
    dashboard: () => `/api/admin/dashboard?period=${['today', '7d', '14d', '30d'][rand(4)]}`,
    'conversion stats': () => {
      const r = randomRange();
      return `/api/admin/reports/conversion-stats?from=${r.from}&to=${r.to}&group_by=${['date', 'offer', 'publisher', 'country'][rand(4)]}&currency=USD`;
    },
    'custom report': () => {
      const r = randomRange();
      return `/api/admin/reports/custom?from=${r.from}&to=${r.to}&group_by=${['day', 'offer', 'publisher', 'country', 'sub1'][rand(5)]}`;
    },
    'stats API': () => {
      const r = randomRange();
      return `/api/affiliate/stats-api?token=${statsToken}&from=${r.from}&to=${r.to}&group=${['day', 'offer', 'sub1'][rand(3)]}`;
    },
  };
  const timeScreens = async (label: string, ranges: number) => {
    const out: Record<string, { p50: number; p95: number }> = {};
    seed = 99;
    for (const [name, url] of Object.entries(screens)) {
      const ms: number[] = [];
      // A keep-alive connection idle through the rollup build may have been closed: open a fresh one.
      await fetch(`${base}/healthz`).catch(() => undefined);
      for (let n = 0; n < ranges; n++) {
        const path = url();
        const begin = performance.now();
        const response = await fetch(`${base}${path}`, {
          headers: path.startsWith('/api/admin') ? { authorization: `Bearer ${token}` } : {},
        }).catch((error: unknown) => {
          throw new Error(`${path}: ${String((error as { cause?: unknown }).cause ?? error)}`);
        });
        await response.text();
        if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
        ms.push(performance.now() - begin);
      }
      ms.sort((a, b) => a - b);
      const p = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? 0;
      out[name] = { p50: p(0.5), p95: p(0.95) };
      process.stdout.write(`${label} ${name}: p50 ${p(0.5).toFixed(0)} ms, p95 ${p(0.95).toFixed(0)} ms\n`);
    }
    return out;
  };

  // Baseline: every hour marked, so every screen reads the raw rows (the queries before rollups).
  // BENCH_RAW_RANGES=0 skips it (each raw screen reads millions of rows at 10 M clicks).
  if (RAW_RANGES > 0) await markAllHours(ctx);
  const raw = RAW_RANGES > 0 ? await timeScreens('raw', RAW_RANGES) : {};
  const building = performance.now();
  const built = await refreshRollups(ctx);
  const buildSeconds = seconds(building);
  process.stdout.write(`rollups built in ${buildSeconds} s (${JSON.stringify(built)})\n`);
  await sql.raw('analyze').execute(db);
  const rolled = await timeScreens('rollups', RANGES);

  const line = (cells: string[]) => `| ${cells.join(' | ')} |\n`;
  process.stdout.write(
    `\n${dialectOf(db)}: ${JSON.stringify(generated)}, generated in ${generationSeconds} s, rollups built in ${buildSeconds} s; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  process.stdout.write(
    line(['screen', 'raw p50 ms', 'raw p95 ms', 'rollups p50 ms', 'rollups p95 ms', 'p95 speed-up']),
  );
  process.stdout.write(line(['---', '---', '---', '---', '---', '---']));
  for (const name of Object.keys(screens)) {
    const a = raw[name];
    const b = rolled[name] as { p50: number; p95: number };
    process.stdout.write(
      line([
        name,
        a ? a.p50.toFixed(0) : '–',
        a ? a.p95.toFixed(0) : '–',
        b.p50.toFixed(0),
        b.p95.toFixed(0),
        a ? `${(a.p95 / b.p95).toFixed(1)}×` : '–',
      ]),
    );
  }
  await app.close();
  await ctx.close();
  // A reused (or BENCH_KEEP=1) data set stays for the next run.
  if (!REUSE && process.env.BENCH_KEEP !== '1') cleanup();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
