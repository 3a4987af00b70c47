import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../src/db/database.js';
import { releaseThreadTurn, THREAD_GATE_SOURCE, writeGateBuffer } from '../src/db/sqlite-write-gate.js';

/**
 * Session 14: the main connection and the click insert thread write one SQLite file by turns
 * (src/db/sqlite-write-gate.ts). Before, a main-thread write that met the thread's batch waited in
 * SQLite's busy handler, which sleeps the thread: the event loop stood still for the batch's length.
 * A second thread here plays the insert thread with the same turn-taking code (THREAD_GATE_SOURCE)
 * and the same driver the click insert thread uses.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
${THREAD_GATE_SOURCE}
const db = new (require(workerData.module))(workerData.location);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const pause = new Int32Array(new SharedArrayBuffer(4));
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ holdMs }) => {
  const started = Date.now();
  const held = lockGate();
  const waitedMs = Date.now() - started;
  let error;
  try {
    db.exec('begin immediate');
    db.prepare('insert into gate_rows (who) values (?)').run('thread');
    parentPort.postMessage({ holding: true });
    Atomics.wait(pause, 0, 0, holdMs);
    db.exec('commit');
  } catch (failure) {
    if (db.inTransaction) db.exec('rollback');
    error = String(failure.code || failure.message);
  } finally {
    unlockGate(held);
  }
  // Told after the turn is given back: a test that ends the thread next cannot catch it holding.
  parentPort.postMessage({ done: true, waitedMs, held, error });
});
`;

type Reply = { ready?: true; holding?: true; done?: true; waitedMs?: number; held?: boolean; error?: string };

describe('SQLite writes take turns with the click insert thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadrail-write-gate-'));
  const location = join(dir, 'gate.db');
  let handle: DatabaseHandle;
  let thread: Worker;
  const replies: Reply[] = [];
  const next = (test: (reply: Reply) => boolean) =>
    new Promise<Reply>((resolve) => {
      const look = () => {
        const found = replies.findIndex(test);
        if (found >= 0) resolve(replies.splice(found, 1)[0] as Reply);
        else setTimeout(look, 2);
      };
      look();
    });

  const startThread = (busyTimeoutMs: number) => {
    thread = new Worker(THREAD, {
      eval: true,
      workerData: {
        module: createRequire(import.meta.url).resolve('better-sqlite3'),
        location,
        busyTimeoutMs,
        gate: writeGateBuffer(location),
        gateWaitMs: 5_000,
        gateHolder: 2,
      },
    });
    thread.on('message', (reply: Reply) => replies.push(reply));
    return next((r) => r.ready === true);
  };

  beforeAll(async () => {
    handle = createDatabase({ kind: 'sqlite', location });
    await sql`create table gate_rows (id integer primary key, who text not null)`.execute(handle.db);
  });
  afterAll(async () => {
    await thread?.terminate();
    await handle.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The longest the event loop went without running a 5 ms timer while `work` ran. */
  async function longestStall(work: () => Promise<unknown>): Promise<number> {
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
    return Math.max(longest, performance.now() - last);
  }

  it("a main-thread write waits for the thread's write without stopping the event loop", async () => {
    await startThread(5_000);
    thread.postMessage({ holdMs: 600 });
    await next((r) => r.holding === true);
    const started = performance.now();
    const stall = await longestStall(async () => {
      await sql`insert into gate_rows (who) values ('main, alone')`.execute(handle.db);
      await handle.db.transaction().execute(async (tx) => {
        await sql`insert into gate_rows (who) values ('main, in a transaction')`.execute(tx);
      });
    });
    const waited = performance.now() - started;
    const done = await next((r) => r.done === true);
    expect(done.error).toBeUndefined();
    // The writes waited for the thread's commit (~600 ms), and the loop ran meanwhile.
    expect(waited).toBeGreaterThan(400);
    expect(stall).toBeLessThan(250);
    const rows = await sql<{ who: string }>`select who from gate_rows order by id`.execute(handle.db);
    expect(rows.rows.map((r) => r.who)).toEqual(['thread', 'main, alone', 'main, in a transaction']);
  });

  it('reads do not wait for the gate', async () => {
    thread.postMessage({ holdMs: 600 });
    await next((r) => r.holding === true);
    const started = performance.now();
    await sql`select count(*) as n from gate_rows`.execute(handle.db);
    expect(performance.now() - started).toBeLessThan(300);
    expect((await next((r) => r.done === true)).error).toBeUndefined();
  });

  it("the thread waits for a main transaction's turn instead of meeting its write lock", async () => {
    await thread.terminate();
    replies.length = 0;
    // No busy_timeout in the thread: without turns its write would fail at once with SQLITE_BUSY.
    await startThread(0);
    await handle.db.transaction().execute(async (tx) => {
      await sql`insert into gate_rows (who) values ('main, long transaction')`.execute(tx);
      thread.postMessage({ holdMs: 0 });
      await new Promise((resolve) => setTimeout(resolve, 400));
    });
    const done = await next((r) => r.done === true);
    expect(done.error).toBeUndefined();
    expect(done.held).toBe(true);
    expect(done.waitedMs).toBeGreaterThan(300);
  });

  it('a thread that exits holding its turn has it given back, so main writes do not wait out the limit', async () => {
    await thread.terminate();
    // A thread that ended mid-write (terminated, or crashed) is left named as the holder.
    const slots = new Int32Array(writeGateBuffer(location));
    Atomics.store(slots, 0, 2);
    // What the click insert thread's exit handler does (click-insert-thread.ts); another thread's
    // number leaves the turn alone.
    releaseThreadTurn(writeGateBuffer(location), 3);
    expect(Atomics.load(slots, 0)).toBe(2);
    releaseThreadTurn(writeGateBuffer(location), 2);
    expect(Atomics.load(slots, 0)).toBe(0);
    const started = performance.now();
    await sql`insert into gate_rows (who) values ('main, after the thread')`.execute(handle.db);
    // Without it the write waited the gate's 5 s limit first.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
