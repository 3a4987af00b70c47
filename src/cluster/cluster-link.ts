import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { AdvisoryLockLeader, type Leader, LeaseLeader } from './leader.js';
import { PgLink } from './pg-link.js';

/** PostgreSQL channel of the cache broadcast; the payload is the sending process's id. */
export const CACHE_CHANNEL = 'leadrail_caches';
/** IPC message a cluster worker sends its primary, and the primary relays to the other workers. */
export const IPC_CACHES_CLEAR = 'leadrail:caches-clear';

export interface ClusterLink {
  /** This process's id in broadcasts and the SQLite lease. */
  id: string;
  leader: Leader;
  stop(): Promise<void>;
}

/**
 * What ties one app process to the others (docs/operations.md "Scale-out"):
 * - the cache broadcast: an admin change clears the hot-path caches in every process, not only in
 *   the one that made it. PostgreSQL: NOTIFY on CACHE_CHANNEL, LISTENed on a dedicated session, so
 *   processes on other machines hear it too (after a lost session, a process clears its own caches,
 *   since it may have missed one). SQLite: the workers of one `--workers N` cluster, through the
 *   primary (IPC); separate processes on one SQLite file still wait out the caches' TTL (5–30 s).
 * - the scheduled-task leader: PostgreSQL's advisory lock on that session, SQLite's lease row.
 */
export async function startClusterLink(ctx: AppContext): Promise<ClusterLink> {
  const id = randomUUID();
  if (ctx.dialect === 'postgres') return startPostgresLink(ctx, id);
  const leader = new LeaseLeader(ctx, id);
  await leader.start();
  const stopRelay = relayThroughPrimary(ctx);
  return {
    id,
    leader,
    async stop() {
      stopRelay();
      await leader.stop();
    },
  };
}

async function startPostgresLink(ctx: AppContext, id: string): Promise<ClusterLink> {
  let link: PgLink | undefined;
  const leader = new AdvisoryLockLeader(ctx, () => link?.current());
  let connectedBefore = false;
  link = new PgLink(ctx, {
    async onConnect(client) {
      await client.query(`listen ${CACHE_CHANNEL}`);
      // Notifications sent while the session was away are lost: start again from the database.
      if (connectedBefore) ctx.caches.clearLocal();
      connectedBefore = true;
      await leader.tryTake();
    },
    onLost: () => leader.lost(),
    onNotification(channel, payload) {
      if (channel === CACHE_CHANNEL && payload !== id) ctx.caches.clearLocal();
    },
  });
  await link.start();
  await leader.start();
  const stopListening = ctx.caches.onClear(() => {
    // Sent through the pool, so it goes out while the dedicated session reconnects too.
    sql`select pg_notify(${CACHE_CHANNEL}, ${id})`
      .execute(ctx.db)
      .catch((error: unknown) => ctx.databaseUnavailable(error, 'the cache broadcast (NOTIFY) failed'));
  });
  return {
    id,
    leader,
    async stop() {
      stopListening();
      leader.stop();
      await link.stop();
    },
  };
}

/** Under `--workers N` on SQLite: tell the primary, which tells the other workers (cluster-primary.ts). */
function relayThroughPrimary(ctx: AppContext): () => void {
  const send = process.send?.bind(process);
  if (!send || !process.env.LEADRAIL_WORKER_ID) return () => undefined;
  const onMessage = (message: unknown) => {
    if (isCachesClear(message)) ctx.caches.clearLocal();
  };
  process.on('message', onMessage);
  const stopListening = ctx.caches.onClear(() => {
    send({ type: IPC_CACHES_CLEAR });
  });
  return () => {
    stopListening();
    process.off('message', onMessage);
  };
}

export function isCachesClear(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === IPC_CACHES_CLEAR
  );
}
