import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createContext, createLogger } from '../src/context.js';
import { createDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrations/index.js';
import { DatabaseUnavailableError } from '../src/lib/errors.js';
import { createAdvertiser } from '../src/modules/advertisers/save-advertiser.js';
import { ClickSpool, databaseIdentity, type SpoolFiles } from '../src/modules/clicks/click-spool.js';
import { ClickWriter, type NewClick } from '../src/modules/clicks/click-writer.js';
import { createOffer } from '../src/modules/offers/save-offer.js';
import { createPublisher } from '../src/modules/publishers/save-publisher.js';
import { freePort, spawnCli, waitForLine } from './helpers/cli.js';
import { TEST_SECRET } from './helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-db.js';

/**
 * The click spool takes the clicks of one event-loop turn in one write (issue 18: a writeSync and
 * a JSON line per click cost the event loop). The guarantee stays: no click is answered before its
 * line is in the spool, a refused write refuses the whole group, and kill -9 loses no answered click.
 */

const writes = {
  spool: 0,
  /** Spool segment files opened. */
  opened: 0,
  fail: undefined as NodeJS.ErrnoException | undefined,
};
const spoolFds = new Set<number>();
/** The spool's file calls, counted (and failed on demand) on their way to node:fs. */
const files: SpoolFiles = {
  writeSync: ((fd: number, ...rest: unknown[]) => {
    // Only writes of clicks to a spool file are counted (not its header line).
    if (spoolFds.has(fd) && String(rest[0]).includes('"id":')) {
      if (writes.fail) throw writes.fail;
      writes.spool++;
    }
    return (fs.writeSync as (...args: unknown[]) => number)(fd, ...rest);
  }) as typeof fs.writeSync,
  openSync: ((path: fs.PathLike, ...rest: unknown[]) => {
    const fd = (fs.openSync as (...args: unknown[]) => number)(path, ...rest);
    if (/clicks-\d+-[0-9a-f]+\.log$/.test(String(path))) {
      spoolFds.add(fd);
      writes.opened++;
    }
    return fd;
  }) as typeof fs.openSync,
};

const logger = pino({ level: 'silent' });

function click(n: number): NewClick {
  return {
    id: `01GROUPCLICK${String(n).padStart(14, '0')}`,
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, n)).toISOString(),
    source: 'link',
    offer_id: 1,
    publisher_id: 1,
    status: 'accepted',
    is_unique: 1,
    ip: `10.2.${n >> 8}.${n & 255}`,
    user_agent: 'Mozilla/5.0 "quoted" \\ ünïcode',
    params: '{"utm_source":"x"}',
  };
}

function spoolLines(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .flatMap((name) => fs.readFileSync(join(dir, name), 'utf8').split('\n').slice(1))
    .filter((line) => line !== '');
}

describe('grouped spool writes', () => {
  let dir: string;
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let writer: ClickWriter;
  let spool: ClickSpool;

  beforeEach(async () => {
    dir = fs.mkdtempSync(join(tmpdir(), 'leadrail-spool-groups-'));
    database = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: database.url, SECRET_KEY: TEST_SECRET });
    handle = createDatabase(config.database);
    await migrateToLatest(handle.db);
    spool = new ClickSpool({ dir, database: databaseIdentity(config.database), fsync: false, files }, logger);
    writer = new ClickWriter(handle.db, handle.dialect, logger, {
      flushMs: 60_000,
      maxBatch: 10_000,
      closeTimeoutMs: 0,
      spool,
    });
    writes.spool = 0;
    writes.opened = 0;
    writes.fail = undefined;
  });
  afterEach(async () => {
    writes.fail = undefined;
    await writer.close();
    await handle.destroy();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('appends the 200 clicks of one event-loop turn with one write, and answers none before it', async () => {
    let answered = 0;
    const added = Array.from({ length: 200 }, (_, i) =>
      writer.add(click(i)).then(() => {
        answered++;
        // Answered only once its line is in the file.
        expect(spoolLines(dir).some((line) => line.includes(click(i).id))).toBe(true);
      }),
    );
    expect(answered).toBe(0);
    expect(writes.spool).toBe(0);
    await Promise.all(added);
    expect(answered).toBe(200);
    // One write for the group (the old spool wrote one line per click: 200 writes).
    expect(writes.spool).toBe(1);
    const lines = spoolLines(dir);
    expect(lines).toHaveLength(200);
    expect(JSON.parse(lines[7] as string)).toEqual(click(7));

    // The next turn is a group of its own.
    await Promise.all([writer.add(click(200)), writer.add(click(201))]);
    expect(writes.spool).toBe(2);

    await writer.flush();
    const stored = await handle.db.selectFrom('clicks').select(['id', 'user_agent']).orderBy('id').execute();
    expect(stored).toHaveLength(202);
    expect(stored[0]?.user_agent).toBe(click(0).user_agent);
    await writer.close();
    expect(fs.readdirSync(dir), 'a committed spool file goes').toEqual([]);
  });

  it('keeps one segment file across batches (no file opened, written and deleted per batch)', async () => {
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all([writer.add(click(batch * 2)), writer.add(click(batch * 2 + 1))]);
      await writer.flush();
    }
    expect(await handle.db.selectFrom('clicks').select('id').execute()).toHaveLength(10);
    // The old spool started a new segment at every batch: 5 files opened (and 5 deleted).
    expect(writes.opened).toBe(1);
    expect(fs.readdirSync(dir)).toHaveLength(1);
    await writer.close();
    expect(fs.readdirSync(dir), 'a graceful stop removes the committed segment').toEqual([]);
  });

  it('starts a new segment once one is full, and deletes the full one when all of its clicks are committed', async () => {
    // Room for three clicks' lines (the same length each here): the fourth group starts a new segment.
    const segmentBytes = 3 * (JSON.stringify(click(0)).length + 1);
    const identity = databaseIdentity(
      loadConfig({ DATABASE_URL: database.url, SECRET_KEY: TEST_SECRET }).database,
    );
    const small = new ClickSpool({ dir, database: identity, fsync: false, segmentBytes, files }, logger);
    const smallWriter = new ClickWriter(handle.db, handle.dialect, logger, {
      flushMs: 60_000,
      maxBatch: 10_000,
      closeTimeoutMs: 0,
      spool: small,
    });
    try {
      for (let n = 0; n < 3; n++) await smallWriter.add(click(n));
      expect(writes.opened).toBe(1);
      await smallWriter.add(click(3));
      expect(writes.opened).toBe(2);
      expect(fs.readdirSync(dir)).toHaveLength(2);
      expect(spoolLines(dir)).toHaveLength(4);
      await smallWriter.flush();
      // The full segment's clicks are committed: it goes; the current one stays until the stop.
      expect(fs.readdirSync(dir)).toHaveLength(1);
      expect(spoolLines(dir)).toEqual([JSON.stringify(click(3))]);
    } finally {
      await smallWriter.close();
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes a group larger than the kept buffer whole, and a smaller group after it without its leftovers', async () => {
    // ~1 kB of two-byte characters a click: 150 clicks are far beyond the spool's first 64 kB buffer.
    const big = (n: number): NewClick => ({ ...click(n), user_agent: `${'é'.repeat(500)} ${n}` });
    await Promise.all(Array.from({ length: 150 }, (_, i) => writer.add(big(i))));
    await Promise.all([writer.add(click(150)), writer.add(click(151))]);
    const lines = spoolLines(dir);
    expect(lines).toEqual([
      ...Array.from({ length: 150 }, (_, i) => JSON.stringify(big(i))),
      JSON.stringify(click(150)),
      JSON.stringify(click(151)),
    ]);
    await writer.flush();
    const stored = await handle.db.selectFrom('clicks').select(['id', 'user_agent']).orderBy('id').execute();
    expect(stored).toHaveLength(152);
    expect(stored[149]?.user_agent).toBe(big(149).user_agent);
  });

  it('refuses every click of a group the disk refuses, and keeps none of them', async () => {
    await writer.add(click(1));
    writes.fail = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    const results = await Promise.allSettled([writer.add(click(2)), writer.add(click(3))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    for (const r of results)
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseUnavailableError);
    expect(writer.size).toBe(1);
    expect(writer.find(click(2).id)).toBeUndefined();
    writes.fail = undefined;
    await writer.add(click(4));
    await writer.flush();
    const stored = await handle.db.selectFrom('clicks').select('id').orderBy('id').execute();
    expect(stored.map((r) => r.id)).toEqual([click(1).id, click(4).id]);
  });

  it('flush() writes a group that has not reached its turn yet, before the database gets it', async () => {
    const pending = writer.add(click(9));
    await writer.flush();
    await pending;
    expect(writes.spool).toBe(1);
    const stored = await handle.db.selectFrom('clicks').select('id').execute();
    expect(stored.map((r) => r.id)).toEqual([click(9).id]);
  });
});

describe('grouped spool writes and kill -9', () => {
  let database: TestDatabase;
  let spoolDir: string;
  let env: Record<string, string>;
  let offerId: string;
  let publisherId: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    spoolDir = fs.mkdtempSync(join(tmpdir(), 'leadrail-spool-kill-'));
    env = {
      DATABASE_URL: database.url,
      SECRET_KEY: TEST_SECRET,
      LOG_LEVEL: 'info',
      TRUST_PROXY: '1',
      // Nothing is committed before the kill: every answered click lives only in the spool.
      CLICK_BATCH_MS: '60000',
      CLICK_SPOOL_DIR: spoolDir,
    };
    const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
      logger: createLogger({ logLevel: 'silent' }),
    });
    try {
      const adv = await createAdvertiser(ctx, {
        name: 'Group Adv',
        integration_type: 's2s_get',
        endpoint_url: 'https://adv.example/leads',
      });
      const offer = await createOffer(ctx, {
        name: 'Group Offer',
        advertiser_id: adv.id,
        landing_url: 'https://lander.example/?click_id={click_id}',
        adv_payout: '10.00',
        pub_payout: '7.00',
      });
      offerId = String(offer.id);
      const publisher = await createPublisher(ctx, {
        name: 'Group Pub',
        email: 'group@example.com',
        password: 'publisher-password',
        status: 'approved',
      });
      publisherId = String(publisher.id);
    } finally {
      await ctx.close();
    }
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await database?.drop();
    fs.rmSync(spoolDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ child: ChildProcess; port: number }> {
    const port = await freePort();
    const child = spawnCli(['start'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    children.push(child);
    await waitForLine(child, /leadrail listening/, 60_000);
    return { child, port };
  }

  it('replays every click answered in concurrent groups after kill -9', async () => {
    const first = await start();
    const ids: string[] = [];
    for (let wave = 0; wave < 4; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          fetch(`http://127.0.0.1:${first.port}/click?offer_id=${offerId}&pub_id=${publisherId}&sub1=${i}`, {
            redirect: 'manual',
            headers: { 'x-forwarded-for': `10.3.${wave}.${i + 1}`, 'user-agent': 'Mozilla/5.0 Chrome/126.0' },
          }),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(302);
        ids.push(new URL(answer.headers.get('location') ?? '').searchParams.get('click_id') as string);
      }
    }
    first.child.kill('SIGKILL');
    await new Promise((resolve) =>
      first.child.exitCode === null && first.child.signalCode === null
        ? first.child.once('exit', resolve)
        : resolve(null),
    );
    expect(spoolLines(spoolDir)).toHaveLength(200);

    const second = await start();
    const ctx = await createContext(loadConfig({ ...env, LOG_LEVEL: 'silent' }), {
      logger: createLogger({ logLevel: 'silent' }),
    });
    try {
      const stored = await ctx.db.selectFrom('clicks').select('id').where('id', 'in', ids).execute();
      expect(stored).toHaveLength(200);
    } finally {
      await ctx.close();
      second.child.kill('SIGTERM');
      await new Promise((resolve) =>
        second.child.exitCode === null ? second.child.once('exit', resolve) : resolve(null),
      );
    }
  }, 120_000);
});
