import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrations/index.js';
import { DatabaseUnavailableError } from '../../lib/errors.js';
import { ClickWriter, type NewClick } from './click-writer.js';

const logger = pino({ level: 'silent' });

function click(n: number): NewClick {
  return {
    id: `01TESTCLICK${String(n).padStart(15, '0')}`,
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    source: 'link',
    offer_id: 1,
    publisher_id: 1,
    status: 'accepted',
    is_unique: 1,
    ip: `10.0.0.${n}`,
    user_agent: 'Mozilla/5.0',
    params: '{}',
  };
}

describe('ClickWriter when the database fails', () => {
  let dir: string;
  let database: DatabaseHandle;
  const stored = async () =>
    (await database.db.selectFrom('clicks').select('id').orderBy('id').execute()).map((r) => r.id);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadrail-writer-'));
    database = createDatabase({ kind: 'sqlite', location: join(dir, 'test.db') });
    await migrateToLatest(database.db);
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps failed clicks, refuses new ones past its bound, and writes them all when the table is back', async () => {
    const writer = new ClickWriter(database.db, 'sqlite', logger, {
      flushMs: 60_000,
      maxBatch: 500,
      maxPending: 3,
      closeTimeoutMs: 0,
    });
    // Writes fail as long as the table is away (a stand-in for a database that is unreachable).
    await database.db.schema.alterTable('clicks').renameTo('clicks_away').execute();
    writer.add(click(1));
    writer.add(click(2));
    await writer.flush();
    writer.add(click(3));
    expect(writer.size).toBe(3);
    expect(writer.find(click(1).id)).toBeDefined();
    expect(() => writer.add(click(4))).toThrow(DatabaseUnavailableError);

    await database.db.schema.alterTable('clicks_away').renameTo('clicks').execute();
    await writer.flush();
    expect(writer.size).toBe(0);
    expect(await stored()).toEqual([click(1).id, click(2).id, click(3).id]);
    writer.add(click(4));
    await writer.close();
    expect(await stored()).toHaveLength(4);
  });

  it('gives up on shutdown after closeTimeoutMs while the database stays away, logging what it loses', async () => {
    const lines: string[] = [];
    const recording = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    const writer = new ClickWriter(database.db, 'sqlite', recording, {
      flushMs: 60_000,
      maxBatch: 500,
      closeTimeoutMs: 300,
    });
    await database.db.schema.alterTable('clicks').renameTo('clicks_away').execute();
    writer.add(click(1));
    writer.add(click(2));
    const started = Date.now();
    await writer.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(writer.size).toBe(2);
    const lost = lines.map((l) => JSON.parse(l)).find((l) => l.msg.includes('they are lost'));
    expect(lost).toMatchObject({ clicks: 2, click_ids: [click(1).id, click(2).id] });
  });

  it('retries a batch that was in fact stored (its commit answer was lost) without failing on it', async () => {
    const writer = new ClickWriter(database.db, 'sqlite', logger, { flushMs: 60_000, maxBatch: 500 });
    writer.add(click(1));
    await writer.flush();
    // The same click again, as a retry after a lost commit answer sends it, with a new one.
    writer.add(click(1));
    writer.add(click(2));
    await writer.flush();
    expect(writer.size).toBe(0);
    expect(await stored()).toEqual([click(1).id, click(2).id]);
  });

  it('writes the other clicks of a batch when the database refuses one row as it is', async () => {
    const writer = new ClickWriter(database.db, 'sqlite', logger, { flushMs: 60_000, maxBatch: 500 });
    // A row the database refuses (a CHECK-like trigger): retrying it cannot succeed.
    await sql
      .raw(
        "create trigger refuse_click before insert on clicks when new.ip = '10.0.0.2' begin select raise(abort, 'refused'); end",
      )
      .execute(database.db);
    writer.add(click(1));
    writer.add(click(2));
    writer.add(click(3));
    await writer.flush();
    expect(writer.size).toBe(0);
    expect(await stored()).toEqual([click(1).id, click(3).id]);
  });
});

describe('ClickWriter lanes', () => {
  // A stand-in database that only counts how many batch writes are open at once.
  function countingDb() {
    const seen = { open: 0, most: 0, batches: 0 };
    const write = async (_work: unknown) => {
      seen.open += 1;
      seen.batches += 1;
      seen.most = Math.max(seen.most, seen.open);
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.open -= 1;
    };
    // PostgreSQL writes a batch as one statement (executeQuery); a transaction would do as well.
    const db = { transaction: () => ({ execute: write }), executeQuery: write };
    return { db: db as unknown as DatabaseHandle['db'], seen };
  }

  it('writes a backlog as several batches at once, one batch per lane', async () => {
    const { db, seen } = countingDb();
    const writer = new ClickWriter(db, 'postgres', logger, { flushMs: 60_000, maxBatch: 2, lanes: 4 });
    for (let n = 1; n <= 16; n++) writer.add(click(n));
    await writer.flush();
    expect(writer.size).toBe(0);
    expect(seen.batches).toBe(8);
    expect(seen.most).toBe(4);
  });

  it('keeps one batch at a time without lanes', async () => {
    const { db, seen } = countingDb();
    const writer = new ClickWriter(db, 'postgres', logger, { flushMs: 60_000, maxBatch: 2 });
    for (let n = 1; n <= 6; n++) writer.add(click(n));
    await writer.flush();
    expect(writer.size).toBe(0);
    expect(seen.most).toBe(1);
  });
});
