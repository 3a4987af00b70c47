import pg from 'pg';
import type { AppContext } from '../context.js';

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5000;
/** A connection that stops answering (a half-open socket) is noticed within this. */
const PING_EVERY_MS = 5000;

export interface PgLinkHooks {
  /** Run on every new connection, first and after each reconnect (LISTEN, take the lock). */
  onConnect(client: pg.Client): Promise<void>;
  /** The connection is gone: whatever it held (LISTEN, advisory locks) is gone with it. */
  onLost(): void;
  onNotification(channel: string, payload: string): void;
}

/**
 * One dedicated PostgreSQL session per process, outside the pool, for what lives as long as a
 * session: LISTEN for the cache broadcast and the scheduled-task leader's advisory lock. It is
 * reconnected after an outage (250 ms, doubling to 5 s) and pinged every 5 s, so a dead session
 * is noticed (and its lock known lost) even when no notification comes.
 */
export class PgLink {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryMs = RETRY_FIRST_MS;
  private timer: NodeJS.Timeout | undefined;
  private ping: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly hooks: PgLinkHooks,
  ) {}

  /** Connect now; resolves after the first attempt (a failure is retried in the background). */
  start(): Promise<void> {
    this.connecting = this.connect();
    return this.connecting;
  }

  /** The live session, if there is one now. */
  current(): pg.Client | undefined {
    return this.client;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.ctx.config.database.location,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the cluster session ended')));
    client.on('notification', (message) => {
      if (this.client === client) this.hooks.onNotification(message.channel, message.payload ?? '');
    });
    try {
      await client.connect();
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      await this.hooks.onConnect(client);
      this.retryMs = RETRY_FIRST_MS;
      this.ping = setInterval(() => {
        client.query('select 1').catch((error: Error) => this.lost(client, error));
      }, PING_EVERY_MS);
      this.ping.unref();
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: pg.Client, error: unknown): void {
    if (client !== this.client && this.client !== undefined) return;
    const wasLive = this.client === client;
    this.client = undefined;
    if (this.ping) clearInterval(this.ping);
    this.ping = undefined;
    client.end().catch(() => undefined);
    if (wasLive) this.hooks.onLost();
    if (this.stopped || this.timer) return;
    this.ctx.databaseUnavailable(error, 'the cluster session (LISTEN, leader lock) is lost; reconnecting');
    const delay = this.retryMs;
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connecting = this.connect();
    }, delay);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.ping) clearInterval(this.ping);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    // Ending the session releases the advisory lock at once: another process leads within seconds.
    await client?.end().catch(() => undefined);
  }
}
