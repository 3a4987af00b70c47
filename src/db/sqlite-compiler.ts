import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type LimitNode,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  SqliteQueryCompiler,
  ValueNode,
} from 'kysely';
import type { WriteGate } from './sqlite-write-gate.js';

/**
 * SQLite re-prepares a statement whose LIMIT is a bound parameter every time it runs (the planner
 * looks at the LIMIT's value, so each new binding expires the plan: better-sqlite3's SQLite is built
 * with STAT4). Measured on `select * from leads where click_id = ? order by created_at, id limit ?`:
 * 44 µs a run against 5 µs with `limit 1`, the cost of preparing it anew. Kysely writes every
 * `.limit(n)` as `limit ?`, so this compiler writes an integer limit into the text instead. The
 * statement cache of database.ts then keeps one statement per limit value; the values the app uses
 * are few (1, 2, page sizes). OFFSET stays a parameter: a bound OFFSET costs nothing extra.
 */
export class InlineLimitCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    const limit = node.limit;
    if (ValueNode.is(limit) && isLimitInteger(limit.value)) {
      this.append(`limit ${String(limit.value)}`);
      return;
    }
    super.visitLimit(node);
  }
}

function isLimitInteger(value: unknown): value is number | bigint {
  if (typeof value === 'bigint') return value >= 0n;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export interface WriteTurns {
  gate: WriteGate;
  /** Whether a statement only reads (better-sqlite3's `readonly`): reads never wait for the gate. */
  readsOnly: (sql: string) => boolean;
}

/**
 * Kysely's SQLite dialect with InlineLimitCompiler and, for a database file, writes that take turns
 * with the click insert thread through a WriteGate (sqlite-write-gate.ts): a transaction holds the
 * gate from its `begin` to its commit or rollback; a write outside a transaction holds it for its
 * one statement.
 */
export class LeadrailSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly turns?: WriteTurns,
  ) {
    super(settings);
  }

  override createQueryCompiler(): SqliteQueryCompiler {
    return new InlineLimitCompiler();
  }

  override createDriver(): Driver {
    return this.turns ? new TurnTakingDriver(this.settings, this.turns) : new SqliteDriver(this.settings);
  }
}

class TurnTakingConnection implements DatabaseConnection {
  /** The open transaction's hold of the gate (undefined outside a transaction). */
  held: boolean | undefined;

  constructor(
    private readonly inner: DatabaseConnection,
    private readonly turns: WriteTurns,
  ) {}

  /** Not async itself: a statement that needs no turn (in a transaction, or a read) is the inner promise. */
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let free: boolean;
    try {
      free = this.held !== undefined || this.turns.readsOnly(query.sql);
    } catch (error) {
      // A statement SQLite cannot prepare fails as a rejected promise, as from an async function.
      return Promise.reject(error);
    }
    return free ? this.inner.executeQuery(query) : this.inTurn(query);
  }

  private async inTurn<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const held = await this.turns.gate.lock();
    try {
      return await this.inner.executeQuery(query);
    } finally {
      this.turns.gate.unlock(held);
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery(query, chunkSize);
  }

  /** The transaction ended (committed or rolled back): give the gate back. */
  end(): void {
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) this.turns.gate.unlock(held);
  }
}

class TurnTakingDriver extends SqliteDriver {
  private connection: TurnTakingConnection | undefined;
  /** Whether a query or transaction has the connection; those waiting for it, first come first served. */
  private busy = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    config: SqliteDialectConfig,
    private readonly turns: WriteTurns,
  ) {
    super(config);
  }

  /**
   * One connection, handed to one waiter at a time in arrival order. Kysely's own mutex wakes every
   * waiter at each release to test it again (`while (promise) await promise`): with 64 postbacks in
   * flight, ~6 kB of promises per postback (session 16, "What a postback allocates").
   */
  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy = true;
    if (!this.connection) {
      // Kysely's mutex is taken and given back at once: from here on it is never waited on.
      try {
        const inner = await super.acquireConnection();
        await super.releaseConnection();
        this.connection = new TurnTakingConnection(inner, this.turns);
      } catch (error) {
        await this.releaseConnection();
        throw error;
      }
    }
    return this.connection;
  }

  override async releaseConnection(): Promise<void> {
    const next = this.waiting.shift();
    // The connection passes straight to the next waiter: `busy` stays set.
    if (next) next();
    else this.busy = false;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const turn = connection as TurnTakingConnection;
    turn.held = await this.turns.gate.lock();
    try {
      await super.beginTransaction(turn);
    } catch (error) {
      turn.end();
      throw error;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // A failed commit leaves the transaction open: Kysely rolls it back next, which ends the turn.
    await super.commitTransaction(connection);
    (connection as TurnTakingConnection).end();
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      (connection as TurnTakingConnection).end();
    }
  }
}
