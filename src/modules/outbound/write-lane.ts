import type { Db } from '../../db/database.js';

export interface Waiting<T> {
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
 * of `write` (at most `maxItems` a call). Each caller's promise settles when `write` resolves or
 * rejects its item; `write` decides what a failure refuses (sending-log.ts, outcome-log.ts).
 */
export function writeLane<T>(
  write: (db: Db, group: Waiting<T>[]) => Promise<void>,
  maxItems: number,
): (db: Db, item: T) => Promise<void> {
  const lanes = new WeakMap<Db, Lane<T>>();
  const schedule = (db: Db, lane: Lane<T>): void => {
    if (lane.scheduled || lane.busy) return;
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      if (lane.busy || lane.queue.length === 0) return;
      lane.busy = true;
      const group = lane.queue.splice(0, maxItems);
      void write(db, group)
        // A write that threw instead of settling its items refuses those still waiting.
        .catch((error: unknown) => {
          for (const w of group) w.reject(error);
        })
        .finally(() => {
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
