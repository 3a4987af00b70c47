import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { isDatabaseUnavailable } from '../../db/availability.js';
import { inTransaction, type Tx } from '../../db/database.js';

/** Events in one group transaction at most: bounds how long other writers wait for the connection. */
const MAX_GROUP = 64;
/**
 * Groups committing at once on PostgreSQL. An event's lane is fixed by its lock key, so two events
 * for one click never sit in two open groups waiting on each other; a lock crossing between
 * groups (a lead named by id and by its click) can still deadlock, and then the failed group's events
 * run again alone. SQLite has one connection: one lane.
 */
const POSTGRES_LANES = 4;

interface Member {
  work: (tx: Tx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The outcome of one member inside a group, handed out only after the group's commit. */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for conversion events (postbacks): events that arrive while their lane's previous
 * group is committing run together in one transaction, each inside its own savepoint, and the
 * transaction commits once. A commit costs more than the statements before it (SQLite writes every
 * touched page to the WAL, PostgreSQL waits for its log to reach the disk), so under load this
 * cuts the cost per event, while a lone event waits only for the end of the current turn.
 *
 * Every guarantee of one transaction per event holds: events run one after another, so each sees
 * the ones before it as committed work of its own transaction (the same locks, the same order); an
 * event that fails is rolled back to its savepoint, alone; and nobody is answered (refused ones
 * included) before the group's commit. If the group itself fails (its commit, a broken connection,
 * a deadlock between lanes), nothing of it is kept and each of its events runs again alone in its
 * own transaction, as if there had been no group (the database being away fails them all: 503).
 */
export class CommitGroups {
  private readonly waiting = new Map<number, Member[]>();
  private readonly busy = new Set<number>();
  private scheduled = false;
  private readonly lanes: number;

  constructor(private readonly ctx: AppContext) {
    this.lanes = ctx.dialect === 'postgres' ? POSTGRES_LANES : 1;
  }

  /** Run `work` in a transaction shared with other events; resolves after that transaction commits. */
  run<T>(lockKey: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const lane = laneOf(lockKey, this.lanes);
      const member: Member = { work, resolve: resolve as (value: unknown) => void, reject };
      const queue = this.waiting.get(lane);
      if (queue) queue.push(member);
      else this.waiting.set(lane, [member]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushReady();
    });
  }

  private flushReady(): void {
    for (const [lane, queue] of this.waiting) {
      if (this.busy.has(lane)) continue;
      this.busy.add(lane);
      const group = queue.splice(0, MAX_GROUP);
      if (queue.length === 0) this.waiting.delete(lane);
      void this.commit(group).finally(() => {
        this.busy.delete(lane);
        if (this.waiting.has(lane)) this.schedule();
      });
    }
  }

  private async commit(group: Member[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [Member];
      await inTransaction(this.ctx.db, only.work).then(only.resolve, only.reject);
      return;
    }
    let outcomes: Outcome[];
    try {
      outcomes = await inTransaction(this.ctx.db, async (tx) => {
        const done: Outcome[] = [];
        for (const member of group) done.push(await inSavepoint(tx, member.work));
        return done;
      });
    } catch (error) {
      // With the database away, one by one would only fail the same way, once per event.
      if (isDatabaseUnavailable(error)) {
        for (const member of group) member.reject(error);
        return;
      }
      for (const member of group)
        await inTransaction(this.ctx.db, member.work).then(member.resolve, member.reject);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const member = group[i] as Member;
      if (outcome.ok) member.resolve(outcome.value);
      else member.reject(outcome.error);
    });
  }
}

/** One event's work inside the group: its failure undoes its own statements only. */
async function inSavepoint(tx: Tx, work: (tx: Tx) => Promise<unknown>): Promise<Outcome> {
  await sql`savepoint conversion_event`.execute(tx);
  try {
    const value = await work(tx);
    await sql`release savepoint conversion_event`.execute(tx);
    return { ok: true, value };
  } catch (error) {
    // If the savepoint is gone too (SQLite rolls the whole transaction back on some errors), this
    // throws and the group runs again event by event.
    await sql`rollback to savepoint conversion_event`.execute(tx);
    await sql`release savepoint conversion_event`.execute(tx);
    return { ok: false, error };
  }
}

function laneOf(key: string, lanes: number): number {
  if (lanes === 1) return 0;
  let hash = 0;
  for (let i = 0; i < key.length; i += 1) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}

const groups = new WeakMap<AppContext, CommitGroups>();

/** The context's commit groups (one per app process). */
export function commitGroupsOf(ctx: AppContext): CommitGroups {
  let found = groups.get(ctx);
  if (!found) {
    found = new CommitGroups(ctx);
    groups.set(ctx, found);
  }
  return found;
}
