import { Cron } from 'croner';
import { sql } from 'kysely';
import { ALWAYS_LEADER, type Leader } from '../../cluster/leader.js';
import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { lockKey } from '../../db/dialect.js';

/** Every minute: reports read rollups at most this stale, and hours still marked are read raw anyway. */
export const ROLLUP_SCHEDULE = '* * * * *';
/** Hours recomputed per transaction: bounds how long one refresh holds SQLite's single writer. */
const HOURS_PER_TRANSACTION = 24;
/** Marks read per pass. */
const MARKS_PER_PASS = 5_000;
const HOUR_MS = 3_600_000;

/** The hour bucket of an ISO-8601 UTC text column (same text as the triggers of migration 0032). */
export function hourOf(column: string) {
  return sql<string>`substr(${sql.ref(column)}, 1, 13) || ':00:00.000Z'`;
}

export interface RefreshResult {
  clickHours: number;
  leadHours: number;
  moneyHours: number;
  /** Click hours older than the raw-click retention: their rollup is kept as it is. */
  frozenHours: number;
}

/**
 * Recompute every hour bucket a write marked (rollup_dirty), from the raw rows: a click updated, a
 * lead approved or reversed weeks later, a conversion's payout changed — each makes its hour exact
 * again. Inserted clicks mark nothing: the insert counts them into their rollup rows itself
 * (migration 0056), so the current hour is not recomputed every minute under a click load. Marks are deleted in the same transaction that rewrites their hours, by the ids
 * read, so a mark written meanwhile (PostgreSQL: by a transaction not yet committed) is kept for the
 * next pass. Click hours before `rawClicksFrom` (raw rows deleted by retention) are never recomputed.
 */
export async function refreshRollups(
  ctx: AppContext,
  options: { rawClicksFrom?: string } = {},
): Promise<RefreshResult> {
  const result: RefreshResult = { clickHours: 0, leadHours: 0, moneyHours: 0, frozenHours: 0 };
  for (;;) {
    const marks = await ctx.db
      .selectFrom('rollup_dirty')
      .select(['id', 'kind', 'hour'])
      .orderBy('id')
      .limit(MARKS_PER_PASS)
      .execute();
    if (marks.length === 0) return result;
    const byHour = new Map<string, number[]>();
    for (const m of marks) {
      const key = `${m.kind}${m.hour}`;
      byHour.set(key, [...(byHour.get(key) ?? []), Number(m.id)]);
    }
    const keys = [...byHour.keys()].sort();
    for (let i = 0; i < keys.length; i += HOURS_PER_TRANSACTION) {
      const batch = keys.slice(i, i + HOURS_PER_TRANSACTION);
      const ids = batch.flatMap((k) => byHour.get(k) ?? []);
      const clickHours = batch.filter((k) => k.startsWith('c')).map((k) => k.slice(1));
      const leadHours = batch.filter((k) => k.startsWith('l')).map((k) => k.slice(1));
      const moneyHours = batch.filter((k) => k.startsWith('m')).map((k) => k.slice(1));
      const live = clickHours.filter((h) => !options.rawClicksFrom || h >= options.rawClicksFrom);
      await inTransaction(ctx.db, async (tx) => {
        await lockKey(tx, 'rollup-refresh');
        await tx.deleteFrom('rollup_dirty').where('id', 'in', ids).execute();
        if (live.length > 0) {
          // PostgreSQL: wait for the click batches counting into rollup_clicks now (migration 0056)
          // and hold new ones until this commits; a batch that inserted its clicks but has not
          // counted them yet is not seen by the recompute below, and adds its counts after it.
          // (SQLite: one writer at a time already.)
          if (ctx.dialect === 'postgres')
            await sql`lock table rollup_clicks in share row exclusive mode`.execute(tx);
          await recomputeClicks(tx, live);
          await recomputeDays(tx, 'clicks', live);
        }
        if (leadHours.length > 0) {
          await recomputeLeads(tx, leadHours);
          await recomputeDays(tx, 'leads', leadHours);
        }
        if (moneyHours.length > 0) {
          await recomputeMoney(tx, moneyHours);
          await recomputeDays(tx, 'money', moneyHours);
        }
      });
      result.clickHours += live.length;
      result.frozenHours += clickHours.length - live.length;
      result.leadHours += leadHours.length;
      result.moneyHours += moneyHours.length;
    }
  }
}

type Db = AppContext['db'];

/** The [first, last + 1 hour) instants of some hours, for an index range scan. */
function spanOf(hours: string[]) {
  const sorted = [...hours].sort();
  const first = sorted[0] ?? '';
  const last = sorted.at(-1) ?? '';
  return { start: first, end: new Date(Date.parse(last) + HOUR_MS).toISOString() };
}

async function recomputeClicks(tx: Db, hours: string[]) {
  const { start, end } = spanOf(hours);
  await tx.deleteFrom('rollup_clicks').where('hour', 'in', hours).execute();
  const hour = hourOf('c.created_at');
  await tx
    .insertInto('rollup_clicks')
    .columns([
      'hour',
      'offer_id',
      'publisher_id',
      'flow_id',
      'country',
      'sub1',
      'clicks',
      'unique_clicks',
      'rejected_clicks',
    ])
    .expression(
      tx
        .selectFrom('clicks as c')
        .select([
          hour.as('hour'),
          sql<number>`coalesce(c.offer_id, 0)`.as('offer_id'),
          sql<number>`coalesce(c.publisher_id, 0)`.as('publisher_id'),
          sql<number>`coalesce(c.flow_id, 0)`.as('flow_id'),
          sql<string>`coalesce(c.country, '')`.as('country'),
          sql<string>`coalesce(c.sub1, '')`.as('sub1'),
          sql<number>`sum(case when c.status = 'accepted' then 1 else 0 end)`.as('clicks'),
          sql<number>`sum(case when c.status = 'accepted' and c.is_unique = 1 then 1 else 0 end)`.as(
            'unique_clicks',
          ),
          sql<number>`sum(case when c.status = 'rejected' then 1 else 0 end)`.as('rejected_clicks'),
        ])
        .where('c.created_at', '>=', start)
        .where('c.created_at', '<', end)
        .where(hour, 'in', hours)
        .groupBy([
          hour,
          sql`coalesce(c.offer_id, 0)`,
          sql`coalesce(c.publisher_id, 0)`,
          sql`coalesce(c.flow_id, 0)`,
          sql`coalesce(c.country, '')`,
          sql`coalesce(c.sub1, '')`,
        ]),
    )
    .execute();
}

async function recomputeLeads(tx: Db, hours: string[]) {
  const { start, end } = spanOf(hours);
  await tx.deleteFrom('rollup_leads').where('hour', 'in', hours).execute();
  const hour = hourOf('l.created_at');
  await tx
    .insertInto('rollup_leads')
    .columns([
      'hour',
      'offer_id',
      'advertiser_id',
      'publisher_id',
      'flow_id',
      'country',
      'sub1',
      'status',
      'leads',
      'adv_sum',
    ])
    .expression(
      tx
        .selectFrom('leads as l')
        .leftJoin('conversions as v', (join) =>
          join.onRef('v.lead_id', '=', 'l.id').on('v.external_payment_id', 'is', null),
        )
        .select([
          hour.as('hour'),
          'l.offer_id',
          'l.advertiser_id',
          sql<number>`coalesce(l.publisher_id, 0)`.as('publisher_id'),
          sql<number>`coalesce(l.flow_id, 0)`.as('flow_id'),
          sql<string>`coalesce(l.country, '')`.as('country'),
          sql<string>`coalesce(l.sub1, '')`.as('sub1'),
          'l.status',
          sql<number>`count(*)`.as('leads'),
          sql<number>`coalesce(sum(v.adv_payout), 0)`.as('adv_sum'),
        ])
        .where('l.created_at', '>=', start)
        .where('l.created_at', '<', end)
        .where(hour, 'in', hours)
        .groupBy([
          hour,
          'l.offer_id',
          'l.advertiser_id',
          sql`coalesce(l.publisher_id, 0)`,
          sql`coalesce(l.flow_id, 0)`,
          sql`coalesce(l.country, '')`,
          sql`coalesce(l.sub1, '')`,
          'l.status',
        ]),
    )
    .execute();
}

/** The accounts the reports show (revenue, publisher payouts, profit): the only ones rolled up. */
export const MONEY_ACCOUNTS = ['advertiser_receivable', 'publisher_approved', 'network_margin'] as const;

async function recomputeMoney(tx: Db, hours: string[]) {
  const { start, end } = spanOf(hours);
  await tx.deleteFrom('rollup_money').where('hour', 'in', hours).execute();
  const hour = hourOf('e.created_at');
  const asOf = sql<string>`substr(v.created_at, 1, 10)`;
  const keys = [
    hour,
    sql`v.offer_id`,
    sql`v.advertiser_id`,
    sql`coalesce(v.publisher_id, 0)`,
    sql`coalesce(v.flow_id, 0)`,
    sql`coalesce(l.country, '')`,
    sql`coalesce(l.sub1, '')`,
    sql`e.account`,
    sql`e.currency`,
    asOf,
    sql`coalesce(v.rate, '')`,
  ];
  await tx
    .insertInto('rollup_money')
    .columns([
      'hour',
      'offer_id',
      'advertiser_id',
      'publisher_id',
      'flow_id',
      'country',
      'sub1',
      'account',
      'currency',
      'as_of',
      'rate',
      'amount',
    ])
    .expression(
      tx
        .selectFrom('ledger_entries as e')
        .innerJoin('conversions as v', 'v.id', 'e.conversion_id')
        .innerJoin('leads as l', 'l.id', 'v.lead_id')
        .select([
          hour.as('hour'),
          'v.offer_id',
          'v.advertiser_id',
          sql<number>`coalesce(v.publisher_id, 0)`.as('publisher_id'),
          sql<number>`coalesce(v.flow_id, 0)`.as('flow_id'),
          sql<string>`coalesce(l.country, '')`.as('country'),
          sql<string>`coalesce(l.sub1, '')`.as('sub1'),
          'e.account',
          'e.currency',
          asOf.as('as_of'),
          sql<string>`coalesce(v.rate, '')`.as('rate'),
          sql<number>`sum(e.amount)`.as('amount'),
        ])
        .where('e.account', 'in', MONEY_ACCOUNTS)
        .where('e.created_at', '>=', start)
        .where('e.created_at', '<', end)
        .where(hour, 'in', hours)
        .groupBy(keys),
    )
    .execute();
}

export const DAY_COLUMNS = {
  clicks: {
    dims: ['offer_id', 'publisher_id', 'flow_id', 'country', 'sub1'],
    sums: ['clicks', 'unique_clicks', 'rejected_clicks'],
  },
  leads: {
    dims: ['offer_id', 'advertiser_id', 'publisher_id', 'flow_id', 'country', 'sub1', 'status'],
    sums: ['leads', 'adv_sum'],
  },
  money: {
    dims: [
      'offer_id',
      'advertiser_id',
      'publisher_id',
      'flow_id',
      'country',
      'sub1',
      'account',
      'currency',
      'as_of',
      'rate',
    ],
    sums: ['amount'],
  },
} as const;

/** The UTC day bucket of an hour: its first hour. */
export const dayOfHour = (hour: string) => `${hour.slice(0, 10)}T00:00:00.000Z`;

/**
 * Rewrite the day rows of the days these (just recomputed) hours fall in, from the hour rows: a day
 * row is always the sum of its 24 hour rows as of the same transaction.
 */
async function recomputeDays(tx: Db, kind: keyof typeof DAY_COLUMNS, hours: string[]) {
  const days = [...new Set(hours.map(dayOfHour))].sort();
  const { dims, sums } = DAY_COLUMNS[kind];
  const hourTable = sql.table(`rollup_${kind}`);
  const dayTable = sql.table(`rollup_${kind}_day`);
  const dayKey = sql`substr(hour, 1, 10) || 'T00:00:00.000Z'`;
  const first = days[0] ?? '';
  const end = new Date(Date.parse(days.at(-1) ?? '') + 24 * HOUR_MS).toISOString();
  const columns = sql.join([...dims, ...sums].map((c) => sql.ref(c)));
  await sql`delete from ${dayTable} where hour in (${sql.join(days)})`.execute(tx);
  await sql`insert into ${dayTable} (hour, ${columns})
    select ${dayKey}, ${sql.join(dims.map((d) => sql.ref(d)))}, ${sql.join(sums.map((s) => sql`sum(${sql.ref(s)})`))}
    from ${hourTable}
    where hour >= ${first} and hour < ${end} and ${dayKey} in (${sql.join(days)})
    group by ${dayKey}, ${sql.join(dims.map((d) => sql.ref(d)))}`.execute(tx);
}

/** Mark every stored hour for recomputing (a rebuild, or the benchmark's raw baseline). */
export async function markAllHours(ctx: AppContext): Promise<void> {
  const c = hourOf('created_at');
  // `where true`: SQLite's parser needs it between a SELECT and ON CONFLICT.
  await sql`insert into rollup_dirty (kind, hour) select distinct 'c', ${c} from clicks where true on conflict do nothing`.execute(
    ctx.db,
  );
  await sql`insert into rollup_dirty (kind, hour) select distinct 'l', ${c} from leads where true on conflict do nothing`.execute(
    ctx.db,
  );
  await sql`insert into rollup_dirty (kind, hour) select distinct 'm', ${c} from ledger_entries where conversion_id is not null on conflict do nothing`.execute(
    ctx.db,
  );
}

/** Refresh the rollups every minute (the leader rule decides which process, when there are several). */
export function scheduleRollups(
  ctx: AppContext,
  rawClicksFrom: () => Promise<string | undefined> = async () => undefined,
  pattern = ROLLUP_SCHEDULE,
  leader: Leader = ALWAYS_LEADER,
): { stop(): void } {
  const job = new Cron(pattern, { timezone: 'UTC', protect: true, name: 'report-rollups' }, async () => {
    if (!leader.isLeader()) return;
    try {
      const from = await rawClicksFrom();
      await refreshRollups(ctx, from ? { rawClicksFrom: from } : {});
    } catch (error) {
      ctx.logger.error({ err: error }, 'report rollups refresh failed');
    }
  });
  return { stop: () => job.stop() };
}
