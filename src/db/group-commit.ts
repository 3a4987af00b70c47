import { isDatabaseUnavailable } from './availability.js';
import { type Db, inTransaction, type Tx } from './database.js';

/** One item's outcome inside a group, handed to its caller only after the group's commit. */
export type GroupOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions<T, R> {
  /** Items written in one transaction at most: bounds how long other writers wait. */
  maxGroup: number;
  /**
   * Write a group's items inside one transaction, in order, and say how each one went. Throwing
   * fails the whole group (nothing of it is kept): a group of one is then refused with that error,
   * a bigger one runs again item by item, each alone in its own transaction.
   */
  write(tx: Tx, items: T[]): Promise<GroupOutcome<R>[]>;
}

interface Waiting<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit (process-local by design, like the click writer's batch): items submitted to one lane
 * while that lane's previous group is committing (or in the same event-loop turn) are written
 * together in one transaction, which commits once. A commit costs more than the statements before it
 * (SQLite writes every touched page to the WAL, PostgreSQL waits for its log to reach the disk), so
 * under load this cuts the cost per item, while a lone item waits only for the end of the current turn.
 *
 * The guarantees of one transaction per item hold: every caller is answered (refused ones included)
 * only after the commit that holds its item; an item refused by `write` changes nothing; if the group
 * itself fails (its commit, a broken connection, a deadlock between lanes) nothing of it is kept and
 * each item runs again alone, as if there had been no group; with the database away all are refused
 * at once (one by one would only fail the same way). Lanes commit independently: the caller picks a
 * lane per lock it takes (an offer, a click), so two open groups do not wait on each other's rows.
 *
 * Used by lead intake (leads/lead-batcher.ts: one lane per offer, one multi-row insert) and postbacks
 * (conversions/commit-group.ts: lanes by lock key, each event in a savepoint).
 */
export class GroupCommit<T, R> {
  private readonly waiting = new Map<string, Waiting<T, R>[]>();
  private readonly busy = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly options: GroupCommitOptions<T, R>,
  ) {}

  /** Write `item` in a group of its lane; resolves (or rejects) after that group's transaction ends. */
  submit(lane: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(lane);
      const waiting = { item, resolve, reject };
      if (queue) queue.push(waiting);
      else this.waiting.set(lane, [waiting]);
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
      const group = queue.splice(0, this.options.maxGroup);
      if (queue.length === 0) this.waiting.delete(lane);
      void this.commit(group).finally(() => {
        this.busy.delete(lane);
        if (this.waiting.has(lane)) this.schedule();
      });
    }
  }

  private async commit(group: Waiting<T, R>[]): Promise<void> {
    let outcomes: GroupOutcome<R>[];
    try {
      outcomes = await inTransaction(this.db, (tx) =>
        this.options.write(
          tx,
          group.map((w) => w.item),
        ),
      );
    } catch (error) {
      if (group.length === 1 || isDatabaseUnavailable(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      for (const waiting of group) await this.commit([waiting]);
      return;
    }
    group.forEach((waiting, i) => {
      const outcome = outcomes[i];
      if (!outcome) waiting.reject(new Error('group commit: no outcome for an item'));
      else if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }
}
