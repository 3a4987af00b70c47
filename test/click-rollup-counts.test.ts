import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickWriter, type NewClick } from '../src/modules/clicks/click-writer.js';
import { markAllHours, refreshRollups } from '../src/modules/rollups/refresh-rollups.js';
import { makeClick, makeNetwork, type Network } from './helpers/conversions.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 18, session 13 (migration 0056): an inserted click is counted into its hour's and day's
 * rollup rows by the insert itself. Before, it marked its hour and the refresh recomputed the whole
 * hour from the raw clicks every minute — on SQLite synchronous work on the event loop, growing with
 * the hour's clicks. So after clicks through /click the rollups are current with no refresh pass
 * and no click hour is marked; a replayed batch adds only the clicks not stored yet; a marked hour
 * recomputed by the refresh comes out the same.
 */
let t: TestApp;
let net: Network;
const logger = pino({ level: 'silent' });

type Row = Record<string, string | number>;
const KEYS = ['hour', 'offer_id', 'publisher_id', 'flow_id', 'country', 'sub1'] as const;
const SUMS = ['clicks', 'unique_clicks', 'rejected_clicks'] as const;

/** A rollup's rows, numbers as numbers (PostgreSQL's bigint comes back as text), in key order. */
function normalise(rows: Row[]): Row[] {
  return rows
    .map((r) => ({
      ...Object.fromEntries(
        KEYS.map((k) => [k, k === 'hour' || k === 'country' || k === 'sub1' ? String(r[k]) : Number(r[k])]),
      ),
      ...Object.fromEntries(SUMS.map((s) => [s, Number(r[s])])),
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const rollup = async (table: 'rollup_clicks' | 'rollup_clicks_day') =>
  normalise((await t.ctx.db.selectFrom(table).selectAll().execute()) as unknown as Row[]);

/** What the rollup must hold: the raw clicks grouped by hour (or day) and key. */
async function fromRaw(bucket: 'hour' | 'day'): Promise<Row[]> {
  const clicks = await t.ctx.db.selectFrom('clicks').selectAll().execute();
  const rows = new Map<string, Row>();
  for (const c of clicks) {
    const hour =
      bucket === 'hour'
        ? `${c.created_at.slice(0, 13)}:00:00.000Z`
        : `${c.created_at.slice(0, 10)}T00:00:00.000Z`;
    const key = {
      hour,
      offer_id: c.offer_id ?? 0,
      publisher_id: c.publisher_id ?? 0,
      flow_id: c.flow_id ?? 0,
      country: c.country ?? '',
      sub1: c.sub1 ?? '',
    };
    const id = JSON.stringify(key);
    const row = rows.get(id) ?? { ...key, clicks: 0, unique_clicks: 0, rejected_clicks: 0 };
    if (c.status === 'accepted') row.clicks = Number(row.clicks) + 1;
    if (c.status === 'accepted' && Number(c.is_unique) === 1)
      row.unique_clicks = Number(row.unique_clicks) + 1;
    if (c.status === 'rejected') row.rejected_clicks = Number(row.rejected_clicks) + 1;
    rows.set(id, row);
  }
  return normalise([...rows.values()]);
}

const clickMarks = async () =>
  (await t.ctx.db.selectFrom('rollup_dirty').select('hour').where('kind', '=', 'c').execute()).length;

beforeAll(async () => {
  t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  t.clock.set('2026-06-01T22:10:00.000Z');
  net = await makeNetwork(t);
});
afterAll(() => t?.close());

describe('click rollups counted by the insert (migration 0056)', () => {
  it('are current after clicks through /click, over hours and a day boundary, with no refresh pass', async () => {
    for (let i = 0; i < 24; i++) {
      // 22:19 … the next day's 01:46: four hours over two days.
      t.clock.advance(9 * 60_000);
      await makeClick(t, net);
    }
    await t.ctx.clickWriter.flush();
    expect(await clickMarks()).toBe(0);
    const hours = await rollup('rollup_clicks');
    expect(hours.length).toBeGreaterThanOrEqual(4);
    expect(hours.reduce((n, r) => n + Number(r.clicks), 0)).toBe(24);
    expect(hours).toEqual(await fromRaw('hour'));
    expect(await rollup('rollup_clicks_day')).toEqual(await fromRaw('day'));
  });

  it('counts a replayed batch only for the clicks not stored yet', async () => {
    const stored = (await t.ctx.db.selectFrom('clicks').selectAll().execute()) as NewClick[];
    const before = await rollup('rollup_clicks');
    const total = (rows: Row[]) => rows.reduce((n, r) => n + Number(r.clicks) + Number(r.rejected_clicks), 0);
    const fresh = (n: number): NewClick => ({
      ...(stored[0] as NewClick),
      id: `replayed-${n}`,
      created_at: t.clock.now().toISOString(),
      is_unique: 0,
    });
    // As the spool replay after a crash: the batch committed before the crash comes again.
    const writer = new ClickWriter(t.ctx.db, t.ctx.dialect, logger);
    for (const click of [...stored, fresh(1), fresh(2)]) writer.add({ ...click });
    await writer.flush();
    await writer.close();
    const after = await rollup('rollup_clicks');
    expect(total(after)).toBe(total(before) + 2);
    expect(after).toEqual(await fromRaw('hour'));
    expect(await rollup('rollup_clicks_day')).toEqual(await fromRaw('day'));
    expect(await clickMarks()).toBe(0);
  });

  it('recomputes a marked click hour (a rebuild) to the same rows', async () => {
    const before = await rollup('rollup_clicks');
    await markAllHours(t.ctx);
    expect(await clickMarks()).toBeGreaterThan(0);
    await refreshRollups(t.ctx);
    expect(await clickMarks()).toBe(0);
    expect(await rollup('rollup_clicks')).toEqual(before);
    expect(await rollup('rollup_clicks_day')).toEqual(await fromRaw('day'));
  });
});
