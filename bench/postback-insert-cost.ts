/**
 * bench:postback-insert-cost — what each index and trigger of `leads` and `conversions` costs the
 * postback's lead insert, conversion insert and conversion update, on SQLite (session 15).
 *
 * It grows a database the way bench/postback-cost.ts does (the bench network, BENCH_CLICKS clicks,
 * each given a postback `hold` then `approved` through the real app), and records the lead insert,
 * conversion insert and conversion update exactly as the app ran them (text and values). Then, in
 * one process, it copies that database once per variant (`vacuum into`): the schema as migrated
 * (`as is`), the same without one index or trigger each, and two that run the lead or the
 * conversion insert without its `returning *` (what reading the row back costs). Every variant
 * replays the three statements with new ids, BENCH_GROUP (8) leads a transaction (about a commit
 * group), BENCH_ROWS (2000) leads a round, BENCH_ROUNDS (7) rounds; the variants take turns group by
 * group.
 *
 *   npx tsx bench/postback-insert-cost.ts
 *
 * BENCH_VARIANTS=returning runs only `as is` and the three statements with `returning *` (the app's
 * shape before session 16: copy this file into an old checkout to run its statements the same way).
 *
 * Prints CPU µs (process.cpuUsage) per statement and per lead's share of the commit, the median of
 * the rounds, for each variant, and the difference to `as is`. A variant with `drop` of an index a
 * reader needs is a measurement only: what the schema may lose is decided by the readers' plans.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { buildApp } from '../src/http/app.js';
import { newId } from '../src/lib/ids.js';
import { freshDatabase } from './lib.js';
import { benchContext, seedBenchNetwork, seedClicks } from './network.js';

const CLICKS = Number(process.env.BENCH_CLICKS ?? 3000);
const ROWS = Number(process.env.BENCH_ROWS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const GROUP = Number(process.env.BENCH_GROUP ?? 8);

const require = createRequire(import.meta.url);

const Database: any = require('better-sqlite3');

interface Recorded {
  sql: string;
  args: unknown[];
}
const recorded: Record<'lead' | 'conversion' | 'update', Recorded | undefined> = {
  lead: undefined,
  conversion: undefined,
  update: undefined,
};
{
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1'));
  probe.close();
  // The app runs a write with `returning` through `all` or `get`, one without through `run`.
  for (const method of ['run', 'all', 'get']) {
    const original = proto[method];
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const text = this.source;
      const kind = text.startsWith('insert into "leads"')
        ? 'lead'
        : text.startsWith('insert into "conversions"')
          ? 'conversion'
          : text.startsWith('update "conversions"')
            ? 'update'
            : undefined;
      // The last of each: a conversion update of `approved`, a lead and conversion of `hold`.
      if (kind) recorded[kind] = { sql: text, args: structuredClone(args.flat()) };
      return original.apply(this, args);
    };
  }
}

async function grow(): Promise<{ file: string; cleanup(): Promise<void> }> {
  const { databaseUrl, env, cleanup } = await freshDatabase();
  if (!databaseUrl.startsWith('sqlite:')) throw new Error('SQLite only (no BENCH_DATABASE_URL)');
  const seed = await benchContext(env);
  const { advertiser, offer, publisher } = await seedBenchNetwork(seed);
  const clicks = await seedClicks(seed, Number(offer.id), Number(publisher.id), CLICKS);
  await seed.close();
  const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
    logger: createLogger({ logLevel: 'silent' }),
  });
  const app = await buildApp(ctx);
  await app.ready();
  for (const status of ['hold', 'approved']) {
    let next = 0;
    const lane = async () => {
      while (next < clicks.length) {
        const click = clicks[next++] as string;
        const r = await app.inject({
          method: 'GET',
          url: `/postback?click_id=${click}&status=${status}&token=${advertiser.postback_token}`,
        });
        if (r.statusCode !== 200) throw new Error(`postback answered ${r.statusCode}`);
      }
    };
    await Promise.all(Array.from({ length: 64 }, lane));
  }
  await app.close();
  await ctx.close();
  return { file: databaseUrl.slice('sqlite:'.length), cleanup };
}

/**
 * A variant: a name, the statements that make it from the migrated schema, and the inserts it runs
 * without their `returning *` (what reading the row back costs).
 */
type Variant = [name: string, change: string[], plain?: 'lead' | 'conversion' | 'returning'];

function variantsOf(db: { prepare(s: string): { all(): unknown[] } }): Variant[] {
  const objects = db
    .prepare(
      `select type, name, tbl_name from sqlite_master where tbl_name in ('leads', 'conversions')
       and type in ('index', 'trigger') and sql is not null order by tbl_name, type, name`,
    )
    .all() as { type: string; name: string; tbl_name: string }[];
  const variants: Variant[] = [['as is', []]];
  // BENCH_VARIANTS=returning: only what reading the rows back costs (session 16: the app no longer does).
  if (process.env.BENCH_VARIANTS === 'returning') {
    variants.push(['all three with returning *', [], 'returning']);
    return variants;
  }
  // A postback's lead has a click and no external id, email, phone, advertiser lead id or fraud rule:
  // the partial indexes on those skip it (one variant drops them all); delete triggers do not run.
  const partial = (name: string) =>
    !['leads_click_order'].includes(name) &&
    /^leads_(adv|advertiser|click|flow|fraud|offer_email|offer_phone)/.test(name);
  for (const o of objects) {
    if (o.name.endsWith('_del') || partial(o.name)) continue;
    variants.push([`${o.tbl_name}: no ${o.name}`, [`drop ${o.type} ${o.name}`]]);
  }
  variants.push([
    'leads: no partial index',
    objects.filter((o) => partial(o.name)).map((o) => `drop index ${o.name}`),
  ]);
  // Every trigger of both tables at once, and every secondary index of each table at once.
  const triggers = objects.filter((o) => o.type === 'trigger');
  variants.push(['both: no trigger', triggers.map((o) => `drop trigger ${o.name}`)]);
  for (const table of ['leads', 'conversions']) {
    const indexes = objects.filter((o) => o.type === 'index' && o.tbl_name === table);
    variants.push([`${table}: no secondary index`, indexes.map((o) => `drop index ${o.name}`)]);
  }
  variants.push(['leads: insert without returning *', [], 'lead']);
  variants.push(['conversions: insert without returning *', [], 'conversion']);
  return variants;
}

/** A recorded statement, run as the app runs it (`all` when it returns rows). */

function statement(db: any, text: string): { run(args: unknown[]): unknown } {
  const s = db.prepare(text);
  return s.reader ? { run: (args) => s.all(args) } : s;
}

const withoutReturning = (text: string) => text.replace(/ returning \*$/, '');
const withReturning = (text: string) => `${withoutReturning(text)} returning *`;

const KINDS = ['lead', 'conversion', 'update', 'commit'] as const;
type Kind = (typeof KINDS)[number];

async function main() {
  const grown = await grow();
  const { lead, conversion, update } = recorded;
  if (!lead || !conversion || !update)
    throw new Error('the postbacks ran no lead insert, conversion insert or update');
  const dir = mkdtempSync(join(tmpdir(), 'leadrail-insert-cost-'));
  const source = new Database(grown.file);
  const variants = variantsOf(source);
  const sides = variants.map(([name, change, plain], i) => {
    const file = join(dir, `v${i}.db`);
    source.exec(`vacuum into '${file}'`);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    for (const s of change) db.exec(s);
    return {
      name,
      db,
      lead: statement(
        db,
        plain === 'lead'
          ? withoutReturning(lead.sql)
          : plain === 'returning'
            ? withReturning(lead.sql)
            : lead.sql,
      ),
      conversion: statement(
        db,
        plain === 'conversion'
          ? withoutReturning(conversion.sql)
          : plain === 'returning'
            ? withReturning(conversion.sql)
            : conversion.sql,
      ),
      update: statement(db, plain === 'returning' ? withReturning(update.sql) : update.sql),
      begin: db.prepare('begin'),
      commit: db.prepare('commit'),
      us: Object.fromEntries(KINDS.map((k) => [k, [] as number[]])) as Record<Kind, number[]>,
    };
  });
  source.close();
  const idOf = (r: Recorded) => {
    const columns = /\(([^)]*)\) values/.exec(r.sql)?.[1]?.split(', ') ?? [];
    const at = columns.indexOf('"id"');
    if (at < 0) throw new Error(`no id column: ${r.sql}`);
    return r.args[at];
  };
  const leadId = idOf(lead);
  const conversionId = idOf(conversion);
  // Values that name the recorded lead or conversion get the new row's id; timestamps stay.
  const withIds = (args: unknown[], ids: Map<unknown, string>) => args.map((a) => ids.get(a) ?? a);
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };

  // Group by group, every variant in turn (the first one rotating), so a change of the machine's
  // load falls on all of them alike; a round is ROWS leads of each. Round 0 warms up.
  const groups = Math.ceil(ROWS / GROUP);
  for (let round = 0; round < ROUNDS + 1; round++) {
    const sums = sides.map(() => ({ lead: 0, conversion: 0, update: 0, commit: 0 }) as Record<Kind, number>);
    for (let group = 0; group < groups; group++) {
      for (let k = 0; k < sides.length; k++) {
        const at = (k + group) % sides.length;
        const side = sides[at];
        const sum = sums[at];
        if (!side || !sum) continue;
        side.begin.run();
        for (let g = 0; g < GROUP; g++) {
          const ids = new Map<unknown, string>([
            [leadId, newId()],
            [conversionId, newId()],
          ]);
          let t = cpu();
          side.lead.run(withIds(lead.args, ids));
          let t2 = cpu();
          sum.lead += t2 - t;
          t = t2;
          side.conversion.run(withIds(conversion.args, ids));
          t2 = cpu();
          sum.conversion += t2 - t;
          t = t2;
          side.update.run(withIds(update.args, ids));
          t2 = cpu();
          sum.update += t2 - t;
        }
        const t = cpu();
        side.commit.run();
        sum.commit += cpu() - t;
      }
    }
    if (round > 0) {
      sides.forEach((side, i) => {
        for (const kind of KINDS) side.us[kind].push((sums[i]?.[kind] ?? 0) / (groups * GROUP));
      });
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)] ?? Number.NaN;
  };
  const base = sides[0];
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    `SQLite, ${CLICKS} clicks grown, ${ROWS} leads a round in groups of ${GROUP}, median of ${ROUNDS} rounds, CPU µs; load average ${loadavg()[0]?.toFixed(1)}`,
    row([
      'variant',
      'lead insert',
      'conversion insert',
      'conversion update',
      'commit share',
      'total',
      'total − as is',
    ]),
    row(['---', '---', '---', '---', '---', '---', '---']),
  ];
  const totalOf = (s: (typeof sides)[number]) => KINDS.reduce((t, k) => t + median(s.us[k]), 0);
  for (const side of sides) {
    const total = totalOf(side);
    lines.push(
      row([
        side.name,
        ...KINDS.map((k) => median(side.us[k]).toFixed(1)),
        total.toFixed(1),
        base ? (total - totalOf(base)).toFixed(1) : '',
      ]),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const side of sides) side.db.close();
  rmSync(dir, { recursive: true, force: true });
  await grown.cleanup();
}

await main();
