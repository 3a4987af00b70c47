import { isDatabaseUnavailable } from '../../db/availability.js';
import type { Db } from '../../db/database.js';

interface Waiting<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

interface Lane<T> {
  queue: Waiting<T>[];
  /** A write is in flight: items arriving meanwhile wait for it and go in the next one. */
  busy: boolean;
  scheduled: boolean;
}

/**
 * Group commit for the request log (db/group-commit.ts does it for leads): items handed in during
 * one event-loop turn, or while the previous write is in flight, are written together by one call
 * of `writeAll` (at most `maxItems` a call, one statement or one transaction), and each caller's
 * promise resolves once that is committed. If it fails, each item is written again alone, so an
 * item is refused only for its own error, as when each had its own write; with the database away
 * all are refused at once (sending-log.ts, outcome-log.ts).
 */
export function writeLane<T>(
  writeAll: (db: Db, items: T[]) => Promise<void>,
  maxItems: number,
): (db: Db, item: T) => Promise<void> {
  const write = async (db: Db, group: Waiting<T>[]): Promise<void> => {
    try {
      await writeAll(
        db,
        group.map((w) => w.item),
      );
    } catch (error) {
      if (group.length === 1 || isDatabaseUnavailable(error)) {
        for (const w of group) w.reject(error);
        return;
      }
      for (const w of group) await write(db, [w]);
      return;
    }
    for (const w of group) w.resolve();
  };
  const lanes = new WeakMap<Db, Lane<T>>();
  const schedule = (db: Db, lane: Lane<T>): void => {
    if (lane.scheduled || lane.busy) return;
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      if (lane.busy || lane.queue.length === 0) return;
      lane.busy = true;
      const group = lane.queue.splice(0, maxItems);
      void write(db, group).finally(() => {
        lane.busy = false;
        if (lane.queue.length > 0) schedule(db, lane);
      });
    });
  };
  return (db, item) => {
    let lane = lanes.get(db);
    if (!lane) {
      lane = { queue: [], busy: false, scheduled: false };
      lanes.set(db, lane);
    }
    const queued = lane;
    const promise = new Promise<void>((resolve, reject) => queued.queue.push({ item, resolve, reject }));
    schedule(db, queued);
    return promise;
  };
}
