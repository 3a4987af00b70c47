import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdvertiser, makeOffer, makePublisher } from './helpers/fixtures.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Issue 18 item 1: writing clicks does not block the event loop. On both databases the click
 * batches are written by a worker thread on its own connection, so the event loop's connections run
 * no INSERT into clicks: on SQLite (synchronous better-sqlite3) the insert and commit, on PostgreSQL
 * the batch's array literals and the driver's socket writes of a ~500 kB statement.
 */
describe('click batches off the main thread', () => {
  let t: TestApp;
  let token: string;
  const statements: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1' }, onQuery: (sql) => void statements.push(sql) });
    token = await t.adminToken();
  });
  afterAll(() => t.close());

  it('stores every click without an INSERT on the main connection', async () => {
    const advertiser = await makeAdvertiser(t, token);
    const offer = await makeOffer(t, token, { advertiser_id: advertiser.id, geo: [] });
    const pub = await makePublisher(t, token);
    statements.length = 0;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await t.call('GET', `/click?offer_id=${offer.id}&pub_id=${pub.id}&sub1=${i}`, {
        headers: {
          'x-forwarded-for': `8.8.6.${i + 1}`,
          'user-agent': 'Mozilla/5.0 (X11; Linux) Firefox/127.0',
        },
      });
      expect(r.status).toBe(302);
      ids.push(String(r.headers['set-cookie']).split(';')[0]?.split('=')[1] ?? '');
    }
    await t.ctx.clickWriter.flush();
    expect(statements.filter((s) => /insert into "?clicks"?/i.test(s))).toEqual([]);
    const rows = await t.ctx.db.selectFrom('clicks').select('id').where('id', 'in', ids).execute();
    expect(rows).toHaveLength(30);
  });

  it('keeps a pending click findable as it was added, holding its spool line and not its object', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const click = {
      id: '01HELDLINE0000000000000001',
      created_at: t.ctx.clock.now().toISOString(),
      source: 'link' as const,
      offer_id: 1,
      publisher_id: 1,
      flow_id: null,
      status: 'accepted' as const,
      reject_reason: null,
      is_unique: 1,
      ip: '10.9.0.1',
      country: 'DE',
      user_agent: 'Mozilla/5.0 "quoted" ünïcode',
      sub1: 'a&b',
      params: '{"utm_source":"x"}',
    };
    // Spooled (and so answerable) once the promise resolves; the batch waits for its 25 ms timer.
    await t.ctx.clickWriter.add({ ...click });
    expect(t.ctx.clickWriter.find(click.id)).toEqual(click);
    // Only the spool line is kept until the commit: nothing holds the object the writer was given.
    const given = new WeakRef(addedObject(t, { ...click, id: '01HELDLINE0000000000000002' }));
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(given.deref(), 'the writer holds the click object after spooling it').toBeUndefined();
    expect(t.ctx.clickWriter.find('01HELDLINE0000000000000002')).toEqual({
      ...click,
      id: '01HELDLINE0000000000000002',
    });
    await t.ctx.clickWriter.flush();
    expect(t.ctx.clickWriter.find(click.id)).toBeUndefined();
    const stored = await t.ctx.db
      .selectFrom('clicks')
      .select(['id', 'sub1', 'user_agent'])
      .where('id', 'like', '01HELDLINE%')
      .orderBy('id')
      .execute();
    expect(stored).toEqual([
      { id: click.id, sub1: 'a&b', user_agent: click.user_agent },
      { id: '01HELDLINE0000000000000002', sub1: 'a&b', user_agent: click.user_agent },
    ]);
  });

  it('writes a 5,000-click backlog in 500-click batches on the thread', async () => {
    addClicks(t, 5_000, '01THREADTEST', 1);
    await t.ctx.clickWriter.flush();
    const n = await t.ctx.db
      .selectFrom('clicks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'like', '01THREADTEST%')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(5_000);
    expect(statements.filter((s) => /insert into "?clicks"?/i.test(s))).toEqual([]);
  });
});

/**
 * Session 14: bench:clicks reads each batch's write time from the insert thread (CLICK_BATCH_TIMES
 * names the file; docs/benchmarks.md "Session 14: PostgreSQL click tail"): one line per batch, its
 * clicks and its milliseconds from handing it to the driver to the commit's answer.
 */
describe('click batch write times (CLICK_BATCH_TIMES)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadrail-batch-times-'));
  const file = join(dir, 'times.txt');
  let t: TestApp;

  beforeAll(async () => {
    // Read when the thread starts (at the first batch), so set before the app writes any click.
    process.env.CLICK_BATCH_TIMES = file;
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    delete process.env.CLICK_BATCH_TIMES;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one line per batch: its clicks and its write time', async () => {
    addClicks(t, 1_200, '01TIMESTEST', 2);
    await t.ctx.clickWriter.flush();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const batches = lines.map((line) => line.split(' ').map(Number));
    // 1,200 clicks in batches of at most 500 (and whatever the app's own start wrote before them).
    expect(batches.reduce((n, [rows]) => n + (rows as number), 0)).toBeGreaterThanOrEqual(1_200);
    for (const [rows, ms] of batches) {
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThanOrEqual(500);
      expect(ms).toBeGreaterThanOrEqual(0);
    }
  });
});

/**
 * Session 16: the insert thread runs below the event loop's priority (CLICK_THREAD_NICE, default 10),
 * so under load the loop answering clicks gets the core first (bench:clicks p99 ~38 → ~27 ms on SQLite).
 */
describe.runIf(process.platform === 'linux')("the insert thread's priority (CLICK_THREAD_NICE)", () => {
  /** The niceness of each of this process's threads (/proc/self/task/<tid>/stat, field 19). */
  const niceness = () =>
    readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });

  for (const [env, nice] of [
    [{}, 10],
    [{ CLICK_THREAD_NICE: '3' }, 3],
  ] as const) {
    it(`is ${nice} with ${JSON.stringify(env)}, and the process's other threads keep theirs`, async () => {
      const before = niceness().filter((n) => n === nice).length;
      const t = await createTestApp({ env });
      try {
        addClicks(t, 10, '01NICETEST', 3 + nice);
        await t.ctx.clickWriter.flush();
        expect(niceness().filter((n) => n === nice).length).toBe(before + 1);
        expect(niceness().filter((n) => n === 0).length).toBeGreaterThan(0);
      } finally {
        await t.close();
      }
    });
  }
});

/** `count` accepted clicks straight into the app's click writer: ids `prefix` + a 26-character pad, addresses 10.`net`.x.y. */
function addClicks(t: TestApp, count: number, prefix: string, net: number): void {
  const now = t.ctx.clock.now().getTime();
  for (let i = 0; i < count; i++) {
    t.ctx.clickWriter.add({
      id: `${prefix}${String(i).padStart(26 - prefix.length, '0')}`,
      created_at: new Date(now + i).toISOString(),
      source: 'link',
      offer_id: 1,
      publisher_id: 1,
      status: 'accepted',
      is_unique: 1,
      ip: `10.${net}.${i >> 8}.${i & 255}`,
      user_agent: 'Mozilla/5.0 (X11; Linux) Firefox/127.0',
      params: '{}',
    });
  }
}

/** Hands the writer a click and returns that very object (the caller keeps only a weak reference). */
function addedObject<T extends Parameters<TestApp['ctx']['clickWriter']['add']>[0]>(t: TestApp, click: T): T {
  void t.ctx.clickWriter.add(click);
  return click;
}
