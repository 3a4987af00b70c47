import { resolve } from 'node:path';

/**
 * One SQLite file has one writer at a time. The click insert thread (clicks/click-insert-thread.ts)
 * writes the same file as the main connection; before this gate a main-thread write that met a
 * click batch waited for it in SQLite's busy handler, which *sleeps the thread* (1, 2, 5, 10, 15,
 * 20, 25, 25, 25, 50 … ms): the event loop stood still for up to ~130 ms, once every 1–3 s under
 * bench:clicks (docs/benchmarks.md "Session 14"). Now the two threads take turns through a lock in
 * shared memory first: the main thread waits for it with `Atomics.waitAsync` (the event loop keeps
 * answering), the insert thread with `Atomics.wait` (it has nothing else to do), so neither meets the
 * other's write lock in SQLite. Other processes on the same file still meet it, through busy_timeout.
 *
 * Int32 slots: [0] who holds it (0 nobody, 1 main thread, 2 or more an insert thread, each its own
 * number); [1] main-thread writes waiting — the insert thread lets them go first, so back-to-back
 * batches cannot starve them. A thread that exits holding it has it given back (releaseThreadTurn).
 * A wait that runs out (a holder stuck longer than the limit) goes on without the gate: SQLite's
 * own lock and busy_timeout still keep the file safe, as before the gate.
 */
const FREE = 0;
const MAIN = 1;
const HOLDER = 0;
const MAIN_WAITING = 1;

/** `Atomics.waitAsync` (V8, Node ≥ 16; typed only from TypeScript's es2024 lib). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
      timeout: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

const buffers = new Map<string, SharedArrayBuffer>();

/** The shared memory of one database file's gate (one per file and process). */
export function writeGateBuffer(location: string): SharedArrayBuffer {
  const key = resolve(location);
  let buffer = buffers.get(key);
  if (!buffer) {
    buffer = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    buffers.set(key, buffer);
  }
  return buffer;
}

/** The main thread's side: `lock` resolves when this thread may write (true) or the wait ran out (false). */
export class WriteGate {
  private readonly slots: Int32Array;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly waitMs = 5_000,
  ) {
    this.slots = new Int32Array(buffer);
  }

  async lock(): Promise<boolean> {
    if (Atomics.compareExchange(this.slots, HOLDER, FREE, MAIN) === FREE) return true;
    Atomics.add(this.slots, MAIN_WAITING, 1);
    try {
      const deadline = Date.now() + this.waitMs;
      for (;;) {
        const seen = Atomics.compareExchange(this.slots, HOLDER, FREE, MAIN);
        if (seen === FREE) return true;
        const left = deadline - Date.now();
        if (left <= 0) return false;
        const waited = waitAsync(this.slots, HOLDER, seen, left);
        if (waited.async) await waited.value;
      }
    } finally {
      Atomics.sub(this.slots, MAIN_WAITING, 1);
      Atomics.notify(this.slots, MAIN_WAITING);
    }
  }

  unlock(held: boolean): void {
    if (!held) return;
    Atomics.store(this.slots, HOLDER, FREE);
    Atomics.notify(this.slots, HOLDER);
  }
}

/**
 * After the insert thread has exited: a turn it held (it was ended mid-write, or crashed) is given
 * back, so the main thread's writes do not each wait out the gate's limit for a thread that is gone.
 */
export function releaseThreadTurn(buffer: SharedArrayBuffer, holder: number): void {
  const slots = new Int32Array(buffer);
  if (Atomics.compareExchange(slots, HOLDER, holder, FREE) === holder) Atomics.notify(slots, HOLDER);
}

let threads = 0;
/** The holder number of the next insert thread (`workerData.gateHolder`): 2, 3, … */
export function nextThreadHolder(): number {
  threads = (threads + 1) % 1_000_000;
  return 1 + threads;
}

/**
 * The insert thread's side, as CommonJS source for its script (the thread's code is a string):
 * `lockGate()` blocks until the thread may write (true) or `waitMs` ran out (false); `unlockGate(held)`.
 * It lets waiting main-thread writes go first.
 */
export const THREAD_GATE_SOURCE = `
const gateSlots = workerData.gate ? new Int32Array(workerData.gate) : undefined;
const lockGate = () => {
  if (!gateSlots) return false;
  const deadline = Date.now() + workerData.gateWaitMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    const waiting = Atomics.load(gateSlots, ${MAIN_WAITING});
    if (waiting > 0) {
      Atomics.wait(gateSlots, ${MAIN_WAITING}, waiting, Math.min(left, 50));
      continue;
    }
    const seen = Atomics.compareExchange(gateSlots, ${HOLDER}, ${FREE}, workerData.gateHolder ?? 2);
    if (seen === ${FREE}) return true;
    Atomics.wait(gateSlots, ${HOLDER}, seen, left);
  }
};
const unlockGate = (held) => {
  if (!held) return;
  Atomics.store(gateSlots, ${HOLDER}, ${FREE});
  Atomics.notify(gateSlots, ${HOLDER});
};
`;
