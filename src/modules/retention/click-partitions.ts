import { Cron } from 'croner';
import { sql } from 'kysely';
import { ALWAYS_LEADER, type Leader } from '../../cluster/leader.js';
import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { lockKey } from '../../db/dialect.js';
import { DAY_MS } from '../../lib/time.js';

/** Hourly, off the minute other tasks run: a missed run (a leader change) is caught the next hour. */
export const CLICK_PARTITIONS_SCHEDULE = '41 * * * *';
/** Days of partitions kept ready ahead of today. */
export const CLICK_PARTITION_DAYS_AHEAD = 7;

const PARTITION_NAME = /^clicks_p(\d{4})(\d{2})(\d{2})$/;

/** The partition of the UTC day starting at `dayMs`: clicks_pYYYYMMDD. */
export function clickPartitionName(dayMs: number): string {
  return `clicks_p${new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The first instant of a partition's day, from its name; undefined for the default partition. */
function dayOfPartition(name: string): number | undefined {
  const m = PARTITION_NAME.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
}

/** Whether clicks is partitioned here (PostgreSQL after migration 0041; never on SQLite). */
export async function clicksPartitioned(ctx: AppContext): Promise<boolean> {
  if (ctx.dialect !== 'postgres') return false;
  const result = await sql<{ n: number }>`
    select count(*)::int as n from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
    where c.relname = 'clicks' and c.relnamespace = current_schema()::regnamespace
  `.execute(ctx.db);
  return (result.rows[0]?.n ?? 0) > 0;
}

/** The day partitions of clicks (not the default), oldest first. */
export async function clickPartitions(ctx: AppContext): Promise<{ name: string; dayMs: number }[]> {
  const result = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'clicks'::regclass
  `.execute(ctx.db);
  return result.rows
    .flatMap((r) => {
      const dayMs = dayOfPartition(r.name);
      return dayMs === undefined ? [] : [{ name: r.name, dayMs }];
    })
    .sort((a, b) => a.dayMs - b.dayMs);
}

/**
 * Make sure the partitions of today and the next days exist, and give every day that has clicks in
 * the default partition (written before its partition existed: a clock far ahead, a long outage of
 * this task) a partition of its own, its rows moved there. `sinceMs`: days from then on too (a bulk
 * load of old clicks). Returns the partitions created.
 */
export async function ensureClickPartitions(
  ctx: AppContext,
  options: { daysAhead?: number; sinceMs?: number } = {},
): Promise<string[]> {
  if (!(await clicksPartitioned(ctx))) return [];
  const today = Math.floor(ctx.clock.now().getTime() / DAY_MS) * DAY_MS;
  const first = options.sinceMs === undefined ? today : Math.floor(options.sinceMs / DAY_MS) * DAY_MS;
  const last = today + (options.daysAhead ?? CLICK_PARTITION_DAYS_AHEAD) * DAY_MS;
  const wanted = new Set<number>();
  for (let day = Math.min(first, today); day <= last; day += DAY_MS) wanted.add(day);
  const stray = await sql<{ day: string }>`
    select distinct substr(created_at, 1, 10) as day from clicks_default
    where created_at ~ '^\\d{4}-\\d{2}-\\d{2}T'
  `.execute(ctx.db);
  const strayDays = new Set<number>();
  for (const { day } of stray.rows) {
    const ms = Date.parse(`${day}T00:00:00.000Z`);
    if (Number.isFinite(ms)) strayDays.add(ms);
  }
  for (const ms of strayDays) wanted.add(ms);
  const existing = new Set((await clickPartitions(ctx)).map((p) => p.dayMs));
  const created: string[] = [];
  for (const dayMs of [...wanted].sort((a, b) => a - b)) {
    if (existing.has(dayMs)) continue;
    await createDayPartition(ctx, dayMs, strayDays.has(dayMs));
    created.push(clickPartitionName(dayMs));
  }
  if (created.length > 0) ctx.logger.info({ created }, 'click partitions created');
  return created;
}

/**
 * A day's partition. With rows of that day waiting in the default partition, it is built beside the
 * table, those rows are moved into it, and then it is attached (PostgreSQL refuses to attach a range the default still
 * holds rows of). Moving rows between partitions leaves the rollups as they are: the rows are the same.
 */
async function createDayPartition(ctx: AppContext, dayMs: number, stray: boolean): Promise<void> {
  const name = sql.table(clickPartitionName(dayMs));
  const from = sql.lit(new Date(dayMs).toISOString());
  const to = sql.lit(new Date(dayMs + DAY_MS).toISOString());
  await inTransaction(ctx.db, async (tx) => {
    await lockKey(tx, 'click-partitions');
    if (!stray) {
      await sql`create table if not exists ${name} partition of clicks for values from (${from}) to (${to})`.execute(
        tx,
      );
      return;
    }
    await sql`create table ${name} (like clicks including defaults including constraints)`.execute(tx);
    await sql`with moved as (delete from clicks_default where created_at >= ${from} and created_at < ${to} returning *)
      insert into ${name} select * from moved`.execute(tx);
    // The check lets ATTACH skip its scan of the new table; dropped once attached.
    const check = sql.ref(`${clickPartitionName(dayMs)}_day`);
    await sql`alter table ${name} add constraint ${check} check (created_at >= ${from} and created_at < ${to})`.execute(
      tx,
    );
    await sql`alter table clicks attach partition ${name} for values from (${from}) to (${to})`.execute(tx);
    await sql`alter table ${name} drop constraint ${check}`.execute(tx);
  });
}

/**
 * Detach and drop every day partition wholly before `before`: a whole day goes in one catalogue
 * change instead of a delete per row. Returns the rows dropped (counted before each drop).
 */
export async function dropClickPartitionsBefore(ctx: AppContext, before: string): Promise<number> {
  const cut = Date.parse(before);
  let dropped = 0;
  for (const { name, dayMs } of await clickPartitions(ctx)) {
    if (dayMs + DAY_MS > cut) break;
    const count = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(ctx.db);
    await inTransaction(ctx.db, async (tx) => {
      await lockKey(tx, 'click-partitions');
      await sql`alter table clicks detach partition ${sql.table(name)}`.execute(tx);
      await sql`drop table ${sql.table(name)}`.execute(tx);
    });
    dropped += Number(count.rows[0]?.n ?? 0);
    ctx.logger.info({ partition: name }, 'click partition dropped');
  }
  return dropped;
}

/** Keep partitions ready ahead, hourly (the leader rule decides which process, when there are several). */
export function scheduleClickPartitions(
  ctx: AppContext,
  pattern = CLICK_PARTITIONS_SCHEDULE,
  leader: Leader = ALWAYS_LEADER,
): { stop(): void } {
  const job = new Cron(pattern, { timezone: 'UTC', protect: true, name: 'click-partitions' }, async () => {
    if (!leader.isLeader()) return;
    try {
      await ensureClickPartitions(ctx);
    } catch (error) {
      ctx.logger.error({ err: error }, 'click partitions failed');
    }
  });
  return { stop: () => job.stop() };
}
