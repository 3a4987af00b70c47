import { sql } from 'kysely';
import type pg from 'pg';
import type { AppContext } from '../context.js';

/** Who runs the scheduled tasks (Net-7, automation, every croner task): one process per cluster. */
export interface Leader {
  isLeader(): boolean;
}

/** A process alone (tests, a single `leadrail start` without a cluster link) always leads. */
export const ALWAYS_LEADER: Leader = { isLeader: () => true };

/** pg_try_advisory_lock's two-int key: "LRSC" and 1, for the scheduled tasks. */
const LOCK_KEY = [0x4c525343, 1] as const;
/** How often a follower tries to take the lock or the lease. */
export const LEADER_RETRY_MS = 2000;
/** SQLite's lease: held this long past its last renewal, so a dead leader's is retaken within it. */
export const LEASE_MS = 10_000;
const LEASE_NAME = 'scheduled-tasks';

function announce(ctx: AppContext, leads: boolean, how: string): void {
  if (leads) ctx.logger.info({ how }, 'scheduled tasks: this process is the leader');
  else ctx.logger.warn({ how }, 'scheduled tasks: this process is no longer the leader');
}

/**
 * PostgreSQL: the leader holds a session advisory lock on the cluster session (pg-link.ts). When it
 * dies, its session ends and PostgreSQL frees the lock; a follower takes it at its next try (every
 * LEADER_RETRY_MS). A leader whose session is lost (an outage) stops leading at once.
 */
export class AdvisoryLockLeader implements Leader {
  private leads = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly session: () => pg.Client | undefined,
  ) {}

  isLeader(): boolean {
    return this.leads;
  }

  /** Try now and every LEADER_RETRY_MS while following. */
  async start(): Promise<void> {
    await this.tryTake();
    this.timer = setInterval(() => {
      if (!this.leads) this.tryTake().catch(() => undefined);
    }, LEADER_RETRY_MS);
    this.timer.unref();
  }

  async tryTake(): Promise<void> {
    const client = this.session();
    if (!client || this.leads) return;
    try {
      const result = await client.query<{ taken: boolean }>('select pg_try_advisory_lock($1, $2) as taken', [
        ...LOCK_KEY,
      ]);
      if (result.rows[0]?.taken && client === this.session()) {
        this.leads = true;
        announce(this.ctx, true, 'advisory lock');
      }
    } catch {
      // The session is failing: pg-link reconnects and calls lost().
    }
  }

  /** The session is gone, and the lock with it. */
  lost(): void {
    if (!this.leads) return;
    this.leads = false;
    announce(this.ctx, false, 'advisory lock: the session was lost');
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.leads = false;
  }
}

/**
 * SQLite: a lease row (cluster_leases) taken or renewed with one conditional upsert every
 * LEADER_RETRY_MS; another process takes it once it has not been renewed for LEASE_MS.
 */
export class LeaseLeader implements Leader {
  private leads = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly holder: string,
  ) {}

  isLeader(): boolean {
    return this.leads;
  }

  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => this.renew().catch(() => undefined), LEADER_RETRY_MS);
    this.timer.unref();
  }

  async renew(): Promise<void> {
    const now = Date.now();
    let held = false;
    try {
      const row = await this.ctx.db
        .insertInto('cluster_leases')
        .values({ name: LEASE_NAME, holder: this.holder, expires_at: now + LEASE_MS })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({
              holder: sql<string>`excluded.holder`,
              expires_at: sql<number>`excluded.expires_at`,
            })
            .where((eb) =>
              eb.or([
                eb('cluster_leases.holder', '=', this.holder),
                eb('cluster_leases.expires_at', '<=', now),
              ]),
            ),
        )
        .returning('holder')
        .executeTakeFirst();
      held = row?.holder === this.holder;
    } catch (error) {
      this.ctx.databaseUnavailable(error, 'renewing the scheduled-task lease failed');
    }
    if (held !== this.leads) {
      this.leads = held;
      announce(this.ctx, held, 'lease row');
    }
  }

  /** Give the lease up so another process leads at its next try, not after LEASE_MS. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!this.leads) return;
    this.leads = false;
    await this.ctx.db
      .deleteFrom('cluster_leases')
      .where('name', '=', LEASE_NAME)
      .where('holder', '=', this.holder)
      .execute()
      .catch(() => undefined);
  }
}
