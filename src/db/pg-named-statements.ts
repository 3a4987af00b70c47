import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements on PostgreSQL (issue 18). Kysely sends every statement unnamed (parse,
 * bind, execute), so the backend parses and plans it on every run. Here a statement text with
 * parameters that has run `NAME_AFTER` times gets a name for the life of the process, and each pooled
 * connection parses it once (pg's `{ name, text, values }`: the driver remembers per connection
 * what it has parsed). The pool's connections force custom plans (`plan_cache_mode`, database.ts):
 * each run is still planned with its values, as before, so plans (and partition pruning on `clicks`)
 * do not change; the parse and analysis are what is saved.
 *
 * Caveats, and what is done about them:
 * - **A changed result type.** A named `select *` or `returning *` fails with "cached plan must not
 *   change result type" once its table has gained (or lost) a column: a migration run by another
 *   process, say. On that error every connection of the process drops its statements (`deallocate
 *   all`, before its next named statement) and names them anew. Outside a transaction the statement
 *   runs again at once; inside one the transaction is aborted, so the error goes up, and
 *   `inTransaction` (database.ts) runs the work once more.
 * - **Schema changes of this process** (migrations at start-up, tests): a parameterless statement
 *   that looks like DDL marks every connection's statements stale the same way, before they can fail.
 * - **Memory per connection**: at most `MAX_NAMES` names per process, so each connection holds at
 *   most that many prepared statements; a text is named only after `NAME_AFTER` runs, so one-off
 *   texts (a report's filters, a list's `in (…)` of some length) are not kept.
 * - **A restarted server or a replaced connection** starts with no statements: the pool's new
 *   client has its own (empty) record of parsed names.
 * - Texts without parameters (transaction control, `release savepoint …; savepoint …` in one simple
 *   query) stay in the simple query protocol.
 */

/** Runs of one text before it is given a name. */
const NAME_AFTER = 3;
/** Names per process at most: each connection prepares at most this many statements. */
const MAX_NAMES = 256;
/** Texts counted at most while they wait for a name (the counts start over when full). */
const MAX_COUNTED = 4096;

/** Looks like a schema change: after it, prepared statements may have a stale result type. */
const DDL = /\b(?:alter|drop|create|truncate)\s/i;

/** PostgreSQL's answer to a prepared statement whose table changed its columns since it was parsed. */
export function isStalePlanError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change');
}

/** The names of one process's statements, and the schema epoch they were prepared in. */
class StatementNames {
  private readonly counts = new Map<string, number>();
  private readonly ids = new Map<string, number>();
  /** Bumped when the schema may have changed: connections then drop their statements. */
  epoch = 0;

  /** The statement's number, once it has run often enough to be named; undefined until then. */
  idOf(text: string): number | undefined {
    const id = this.ids.get(text);
    if (id !== undefined || this.ids.size >= MAX_NAMES) return id;
    const runs = (this.counts.get(text) ?? 0) + 1;
    if (runs < NAME_AFTER) {
      if (this.counts.size >= MAX_COUNTED) this.counts.clear();
      this.counts.set(text, runs);
      return undefined;
    }
    this.counts.delete(text);
    const next = this.ids.size + 1;
    this.ids.set(text, next);
    return next;
  }

  schemaChanged(): void {
    this.epoch += 1;
  }
}

type Result = PostgresQueryResult<unknown>;

/** One pooled pg client as Kysely sees it, sending named statements for the process's named texts. */
class NamingClient implements PostgresPoolClient {
  /** The epoch this session's statements were prepared in; undefined while it has prepared none. */
  private epoch: number | undefined;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: StatementNames,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query(first: string | PostgresCursor<unknown>, parameters?: ReadonlyArray<unknown>) {
    const client = this.client as unknown as PostgresPoolClient;
    if (typeof first !== 'string') return client.query(first);
    const values = parameters ?? [];
    if (values.length === 0) return this.unnamed(first);
    const id = this.names.idOf(first);
    if (id === undefined) return client.query(first, values);
    return this.named(first, values as unknown[], id, true);
  }

  release(): void {
    this.client.release();
  }

  private async unnamed(text: string): Promise<Result> {
    const result = (await this.client.query(text, [])) as unknown as Result;
    if (DDL.test(text)) this.names.schemaChanged();
    return result;
  }

  private async named(text: string, values: unknown[], id: number, retry: boolean): Promise<Result> {
    if (this.epoch !== this.names.epoch) {
      // An aborted transaction refuses every statement until its rollback: the deallocation waits.
      if (this.client.getTransactionStatus() === 'E') {
        return (await this.client.query(text, values)) as unknown as Result;
      }
      // Not transactional: the statements are gone even if a transaction around this rolls back.
      if (this.epoch !== undefined) await this.client.query('deallocate all');
      this.epoch = this.names.epoch;
    }
    try {
      return (await this.client.query({ name: `lr${this.epoch}_${id}`, text, values })) as unknown as Result;
    } catch (error) {
      if (!isStalePlanError(error)) throw error;
      // The table's columns changed: every connection's statements may be stale, not only this one.
      if (this.epoch === this.names.epoch) this.names.schemaChanged();
      // In a transaction the error has aborted it; inTransaction runs the work again.
      if (!retry || this.client.getTransactionStatus() !== 'I') throw error;
      return this.named(text, values, id, false);
    }
  }
}

/** Kysely's pool over a pg pool, naming the hot statements (see the top of this file). */
export function namingPool(pool: pg.Pool): PostgresPool {
  const names = new StatementNames();
  const clients = new WeakMap<pg.PoolClient, NamingClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let naming = clients.get(client);
      if (!naming) {
        naming = new NamingClient(client, names);
        clients.set(client, naming);
      }
      return naming;
    },
    end: () => pool.end(),
  };
}
