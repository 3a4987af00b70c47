import { CompiledQuery } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { DeferredRows } from '../../db/deferred-rows.js';
import { GroupCommit, type GroupOutcome } from '../../db/group-commit.js';
import { isStalePlanError } from '../../db/pg-named-statements.js';

/** Events in one group transaction at most: bounds how long other writers wait for the connection. */
const MAX_GROUP = 64;
/**
 * Groups committing at once on PostgreSQL. An event's lane is fixed by its lock key, so two events
 * for one click never sit in two open groups waiting on each other; a lock crossing between
 * groups (a lead named by id and by its click) can still deadlock, and then the failed group's events
 * run again alone. SQLite has one connection: one lane.
 */
const POSTGRES_LANES = 4;

type Work = (tx: Tx) => Promise<unknown>;

// Built once: transaction control needs no query builder on every event.
const SAVEPOINT = CompiledQuery.raw('savepoint conversion_event');
const RELEASE = CompiledQuery.raw('release savepoint conversion_event');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint conversion_event');
/**
 * PostgreSQL runs a parameterless query text of several statements in one round trip (the simple
 * query protocol): the release of one event's savepoint and the next one's savepoint go together.
 */
const RELEASE_AND_NEXT = CompiledQuery.raw('release savepoint conversion_event; savepoint conversion_event');

/**
 * Group commit for conversion events (postbacks), on the shared GroupCommit (db/group-commit.ts):
 * events that arrive while their lane's previous group is committing run together in one
 * transaction, each inside its own savepoint, and the transaction commits once. Events run one after
 * another, so each sees the ones before it as committed work of its own transaction (the same locks,
 * the same order); an event that fails is rolled back to its savepoint, alone; nobody is answered
 * (refused ones included) before the group's commit; a group that fails as a whole runs again event
 * by event, each in its own transaction.
 */
export class CommitGroups {
  private readonly groups: GroupCommit<Work, unknown>;
  private readonly lanes: number;

  constructor(ctx: AppContext) {
    this.lanes = ctx.dialect === 'postgres' ? POSTGRES_LANES : 1;
    const joinStatements = ctx.dialect === 'postgres';
    this.groups = new GroupCommit<Work, unknown>(ctx.db, {
      maxGroup: MAX_GROUP,
      write: (tx, works) => runEvents(tx, works, joinStatements),
    });
  }

  /** Run `work` in a transaction shared with other events; resolves after that transaction commits. */
  run<T>(lockKey: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.groups.submit(String(laneOf(lockKey, this.lanes)), work) as Promise<T>;
  }
}

/**
 * The events of one group, in order. A lone event runs bare (its failure fails its transaction); in a
 * bigger group each runs in a savepoint, so its failure undoes its own statements only. If the
 * savepoint is gone too (SQLite rolls the whole transaction back on some errors), the rollback throws
 * and the group runs again event by event; a stale named statement (PostgreSQL, db/pg-named-statements.ts)
 * fails the whole transaction, which inTransaction runs again. In a group, the rows each event writes
 * last (history and log rows, ledger entries: db/deferred-rows.ts) are written together after the
 * last event: one multi-row insert per table and set of columns instead of one per event (a lone
 * event's too, after it).
 */
async function runEvents(tx: Tx, works: Work[], joinStatements: boolean): Promise<GroupOutcome<unknown>[]> {
  const outcomes: GroupOutcome<unknown>[] = [];
  const deferred = DeferredRows.for(tx);
  try {
    if (works.length === 1) {
      // A lone event defers its last rows too, so that on PostgreSQL every event takes the
      // publisher's approved-balance row (written by the ledger insert's trigger, migration 0061)
      // only at the end, after any payout lock of its clawback check: always in that order, as a
      // payout does (docs/postback-throughput.md, session 14).
      deferred.beginEvent();
      outcomes.push({ ok: true, value: await (works[0] as Work)(tx) });
      deferred.keepEvent();
    } else await eventsInSavepoints(tx, works, joinStatements, deferred, outcomes);
    await deferred.flush();
  } finally {
    // A group that failed as a whole leaves nothing deferred on its transaction.
    deferred.close();
  }
  return outcomes;
}

async function eventsInSavepoints(
  tx: Tx,
  works: Work[],
  joinStatements: boolean,
  deferred: DeferredRows,
  outcomes: GroupOutcome<unknown>[],
): Promise<void> {
  let open = false;
  for (const work of works) {
    if (!open) await tx.executeQuery(SAVEPOINT);
    open = true;
    deferred.beginEvent();
    try {
      outcomes.push({ ok: true, value: await work(tx) });
      deferred.keepEvent();
    } catch (error) {
      // A named statement whose table changed columns (PostgreSQL): the group's transaction runs
      // again as a whole (inTransaction), with its statements prepared anew, rather than refuse it.
      if (isStalePlanError(error)) throw error;
      deferred.dropEvent();
      await tx.executeQuery(ROLLBACK_TO);
      outcomes.push({ ok: false, error });
    }
    // The next event's savepoint rides with this one's release where the driver allows it.
    if (joinStatements && outcomes.length < works.length) {
      await tx.executeQuery(RELEASE_AND_NEXT);
    } else {
      await tx.executeQuery(RELEASE);
      open = false;
    }
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
