import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest, migrations } from '../src/db/migrations/index.js';
import { newId } from '../src/lib/ids.js';
import { ClickWriter, type NewClick } from '../src/modules/clicks/click-writer.js';
import { findClickRow } from '../src/modules/clicks/queries.js';
import { applyRetention } from '../src/modules/retention/apply-retention.js';
import { clickPartitions, ensureClickPartitions } from '../src/modules/retention/click-partitions.js';
import { refreshRollups } from '../src/modules/rollups/refresh-rollups.js';
import { makeNetwork, type Network } from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase } from './helpers/test-db.js';

const onPostgres = process.env.LEADRAIL_TEST_DB === 'postgres';
const logger = pino({ level: 'silent' });
let n = 0;

function click(createdAt: string, extra: Partial<NewClick> = {}): NewClick {
  return {
    id: `01PARTITIONCLICK${String(++n).padStart(10, '0')}`,
    created_at: createdAt,
    source: 'link',
    offer_id: 1,
    publisher_id: 1,
    status: 'accepted',
    is_unique: 1,
    ip: `10.0.0.${n % 250}`,
    user_agent: 'Mozilla/5.0',
    params: '{}',
    ...extra,
  };
}

async function relkind(db: Kysely<any>, name: string): Promise<string | undefined> {
  const r = await sql<{ relkind: string }>`select relkind from pg_class where relname = ${name}`.execute(db);
  return r.rows[0]?.relkind;
}

describe.runIf(onPostgres)('migration 0041 on a populated PostgreSQL clicks table', () => {
  it('partitions clicks by day, keeping every row, index and rollup trigger', async () => {
    const database = await createTestDatabase({ empty: true });
    const handle = createDatabase({ kind: 'postgres', location: database.url });
    try {
      const before = Object.fromEntries(
        Object.entries(migrations).filter(([name]) => name !== '0041-clicks-partitioned'),
      ) as Record<string, Migration>;
      const migrator = new Migrator({
        db: handle.db,
        provider: { getMigrations: async () => before },
        allowUnorderedMigrations: true,
      });
      const { error } = await migrator.migrateToLatest();
      expect(error).toBeUndefined();
      const rows = [
        click('2026-01-03T10:15:00.000Z'),
        click('2026-01-03T23:59:59.999Z', { status: 'rejected', reject_reason: 'bot' }),
        click('2026-01-05T00:00:00.000Z', { sub1: 'x', country: 'DE' }),
      ].map((c) => ({ ...c, hosting: 0 }));
      await handle.db.insertInto('clicks').values(rows).execute();
      const indexesBefore = await sql<{ name: string }>`select indexname as name from pg_indexes
        where tablename = 'clicks' order by 1`.execute(handle.db);
      const stored = await handle.db.selectFrom('clicks').selectAll().orderBy('id').execute();
      await sql`delete from rollup_dirty`.execute(handle.db);

      await migrateToLatest(handle.db);

      expect(await relkind(handle.db, 'clicks')).toBe('p');
      expect(await handle.db.selectFrom('clicks').selectAll().orderBy('id').execute()).toEqual(stored);
      const names = (await clickPartitions({ db: handle.db } as never)).map((p) => p.name);
      expect(names).toEqual(
        expect.arrayContaining(['clicks_p20260103', 'clicks_p20260104', 'clicks_p20260105']),
      );
      const inDay = await sql<{ n: number }>`select count(*)::int as n from clicks_p20260103`.execute(
        handle.db,
      );
      expect(inDay.rows[0]?.n).toBe(2);
      const key = await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint
        where conrelid = 'clicks'::regclass and contype = 'p'`.execute(handle.db);
      expect(key.rows[0]?.def).toBe('PRIMARY KEY (id, created_at)');
      const indexesAfter = await sql<{ name: string }>`select indexname as name from pg_indexes
        where tablename = 'clicks' order by 1`.execute(handle.db);
      expect(indexesAfter.rows).toEqual(indexesBefore.rows);
      // The copy marked and counted nothing; through a partition a new click is counted into its
      // hour's rollup (0056) and an update marks its hour.
      expect(await handle.db.selectFrom('rollup_dirty').select('hour').execute()).toEqual([]);
      const counted = async () =>
        (
          await handle.db
            .selectFrom('rollup_clicks')
            .select('clicks')
            .where('hour', '=', '2026-01-05T07:00:00.000Z')
            .execute()
        ).map((r) => Number(r.clicks));
      expect(await counted()).toEqual([]);
      const writer = new ClickWriter(handle.db, 'postgres', logger);
      writer.add(click('2026-01-05T07:30:00.000Z'));
      await writer.flush();
      await handle.db
        .updateTable('clicks')
        .set({ status: 'rejected' })
        .where('id', '=', rows[0]?.id ?? '')
        .execute();
      const marks = await handle.db
        .selectFrom('rollup_dirty')
        .select('hour')
        .distinct()
        .orderBy('hour')
        .execute();
      expect(marks.map((m) => m.hour)).toEqual(['2026-01-03T10:00:00.000Z']);
      expect(await counted()).toEqual([1]);
    } finally {
      await handle.destroy();
      await database.drop();
    }
  }, 120_000);
});

describe('clicks partitioned by day (PostgreSQL) and retention', () => {
  let t: TestApp;
  let net: Network;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-06-01T12:00:00.000Z');
    net = await makeNetwork(t);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const count = async () => (await t.ctx.db.selectFrom('clicks').select('id').execute()).length;

  it('stores a replayed click once, even when the first copy is already written', async () => {
    const writer = new ClickWriter(t.ctx.db, t.ctx.dialect, logger);
    const replayed = click('2026-05-31T08:00:00.000Z');
    writer.add(replayed);
    await writer.flush();
    writer.add({ ...replayed });
    await writer.flush();
    expect(writer.size).toBe(0);
    const stored = await t.ctx.db.selectFrom('clicks').select('id').where('id', '=', replayed.id).execute();
    expect(stored).toHaveLength(1);
  });

  it('takes a click for a day without a partition, then gives that day its own partition', async () => {
    const writer = new ClickWriter(t.ctx.db, t.ctx.dialect, logger);
    const far = click('2031-02-03T04:05:06.000Z');
    writer.add(far);
    await writer.flush();
    expect(writer.size).toBe(0);
    const created = await ensureClickPartitions(t.ctx);
    expect(await t.ctx.db.selectFrom('clicks').select('id').where('id', '=', far.id).execute()).toHaveLength(
      1,
    );
    if (!onPostgres) {
      expect(created).toEqual([]);
      return;
    }
    // Today and the week ahead (test clock), and each day that had rows in the default partition.
    expect(created).toEqual(
      expect.arrayContaining(['clicks_p20260601', 'clicks_p20260608', 'clicks_p20310203']),
    );
    const inDefault = await sql<{ n: number }>`select count(*)::int as n from clicks_default`.execute(
      t.ctx.db,
    );
    expect(inDefault.rows[0]?.n).toBe(0);
    const inDay = await sql<{ id: string }>`select id from clicks_p20310203`.execute(t.ctx.db);
    expect(inDay.rows).toEqual([{ id: far.id }]);
    expect(await ensureClickPartitions(t.ctx)).toEqual([]);
    await t.ctx.db.deleteFrom('clicks').where('id', '=', far.id).execute();
  });

  it('drops whole old days as partitions, deletes the rest of the cut day, and reports still answer', async () => {
    const offer = Number(net.offer.id);
    const publisher = Number(net.publisher.id);
    const days = ['2026-05-20', '2026-05-21', '2026-05-27', '2026-05-30'];
    const writer = new ClickWriter(t.ctx.db, t.ctx.dialect, logger);
    for (const day of days) {
      for (const time of ['06:00:00.000Z', '18:00:00.000Z']) {
        writer.add(click(`${day}T${time}`, { offer_id: offer, publisher_id: publisher, sub1: day }));
      }
    }
    await writer.flush();
    await ensureClickPartitions(t.ctx);
    await refreshRollups(t.ctx);
    const token = await t.adminToken();
    const report = '/api/admin/reports/custom?from=2026-05-15&to=2026-06-01&group_by=day';
    const before = (await t.call('GET', report, { token })).body;
    const total = await count();

    const put = await t.call('PUT', '/api/admin/retention-settings', { token, body: { raw_clicks: 5 } });
    expect(put.status).toBe(200);
    // Cut: 2026-05-27T12:00Z. 05-20, 05-21 whole days; 05-27 06:00 deleted; 05-27 18:00 kept.
    const result = await applyRetention(t.ctx);
    expect(result.raw_clicks).toBe(5);
    expect(await count()).toBe(total - 5);
    const left = await t.ctx.db
      .selectFrom('clicks')
      .select('created_at')
      .where('sub1', 'in', days)
      .orderBy('created_at')
      .execute();
    expect(left.map((r) => r.created_at)).toEqual([
      '2026-05-27T18:00:00.000Z',
      '2026-05-30T06:00:00.000Z',
      '2026-05-30T18:00:00.000Z',
    ]);
    if (onPostgres) {
      const names = (await clickPartitions(t.ctx)).map((p) => p.name);
      expect(names).not.toContain('clicks_p20260520');
      expect(names).not.toContain('clicks_p20260521');
      expect(names).toContain('clicks_p20260527');
      expect(await relkind(t.ctx.db, 'clicks_p20260520')).toBeUndefined();
    }
    expect((await t.call('GET', report, { token })).body).toEqual(before);
  });

  it('looks a click up by id within the days its id was minted in, so PostgreSQL reads one or two partitions', async () => {
    const writer = new ClickWriter(t.ctx.db, t.ctx.dialect, logger);
    const minted = Date.parse('2026-05-30T23:59:59.900Z');
    const ours = click(new Date(minted).toISOString(), { id: newId(minted) });
    writer.add(ours);
    await writer.flush();
    const statements: string[] = [];
    const found = await findClickRow(
      t.ctx.db.withPlugin({
        transformQuery(args) {
          statements.push(JSON.stringify(args.node));
          return args.node;
        },
        transformResult: async (args) => args.result,
      }),
      ours.id,
    );
    expect(found?.id).toBe(ours.id);
    // One statement, and it names the days (the partition key), not the id alone.
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('"created_at"');
    if (onPostgres) {
      const plan = await sql<{ 'QUERY PLAN': string }>`explain select * from clicks where id = ${ours.id}
        and created_at >= '2026-05-29T23:59:59.900Z' and created_at < '2026-05-31T23:59:59.900Z'`.execute(
        t.ctx.db,
      );
      const scanned =
        plan.rows
          .map((r) => r['QUERY PLAN'])
          .join('\n')
          .match(/on clicks_\w+/g) ?? [];
      expect(new Set(scanned).size).toBeLessThanOrEqual(3);
    }
    // A foreign id (not ours) is still found, by id alone.
    const foreign = click('2026-05-30T10:00:00.000Z', { id: 'foreign-click-1' });
    writer.add(foreign);
    await writer.flush();
    expect((await findClickRow(t.ctx.db, foreign.id))?.id).toBe(foreign.id);
  });
});
