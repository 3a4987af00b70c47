import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { IPC_CACHES_CLEAR, isCachesClear } from './cluster-link.js';

/** A worker that dies is forked again after this, doubling per recent death up to RESTART_MAX_MS. */
const RESTART_FIRST_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A worker that lived this long resets the backoff. */
const HEALTHY_AFTER_MS = 30_000;
/** After SIGTERM, workers still running after this are killed. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * `leadrail start --workers N`: this process forks N app processes that share the listening port
 * (node:cluster hands connections out round-robin), forks a worker again when one dies (with
 * backoff), relays the cache broadcast between workers (SQLite; PostgreSQL uses NOTIFY), and on
 * SIGTERM/SIGINT passes SIGTERM on, waits for every worker's graceful stop (pending clicks written),
 * and exits. The primary opens no database and serves nothing itself.
 */
export function runPrimary(workers: number, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let failed = false;
    const deaths = new Map<number, number>();
    const bornAt = new Map<Worker, number>();
    const slotOf = new Map<Worker, number>();

    const fork = (slot: number) => {
      const worker = cluster.fork({ LEADRAIL_WORKER_ID: String(slot) });
      bornAt.set(worker, Date.now());
      slotOf.set(worker, slot);
      logger.info({ worker: slot, pid: worker.process.pid }, 'worker started');
      worker.on('message', (message: unknown) => {
        if (!isCachesClear(message)) return;
        for (const other of Object.values(cluster.workers ?? {})) {
          if (other && other !== worker && other.isConnected()) other.send({ type: IPC_CACHES_CLEAR });
        }
      });
    };

    cluster.on('exit', (worker, code, signal) => {
      const slot = slotOf.get(worker) ?? 0;
      const lived = Date.now() - (bornAt.get(worker) ?? Date.now());
      slotOf.delete(worker);
      bornAt.delete(worker);
      if (stopping) {
        // A worker still starting has no handler yet and dies of the SIGTERM itself: it held nothing.
        if (code !== 0 && signal !== 'SIGTERM') failed = true;
        logger.info({ worker: slot, code, signal }, 'worker stopped');
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve(failed ? 1 : 0);
        return;
      }
      const recent = lived >= HEALTHY_AFTER_MS ? 0 : (deaths.get(slot) ?? 0);
      deaths.set(slot, recent + 1);
      const delay = Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** recent);
      logger.error({ worker: slot, code, signal, restart_in_ms: delay }, 'worker died; starting another');
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, delay);
    });

    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, 'stopping workers');
      const running = Object.values(cluster.workers ?? {});
      if (running.length === 0) resolve(0);
      for (const worker of running) worker?.process.kill('SIGTERM');
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) {
          logger.error(
            { worker: worker ? slotOf.get(worker) : undefined },
            'worker did not stop; killing it',
          );
          worker?.process.kill('SIGKILL');
        }
      }, STOP_TIMEOUT_MS).unref();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));

    for (let slot = 1; slot <= workers; slot++) fork(slot);
  });
}
