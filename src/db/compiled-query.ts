import type { Compilable, CompiledQuery, QueryResult, RootOperationNode } from 'kysely';
import type { DbOrTx } from './database.js';

/**
 * Where a parameter goes in a query built once: the builder gets one of these instead of a value,
 * Kysely carries it through as an ordinary value, and the compiled query's parameter list shows
 * where each one landed.
 */
class Placeholder {
  constructor(readonly name: string) {}
}

/** The compiled text, and per parameter either the name of the value to put there or a constant. */
interface Template {
  query: RootOperationNode;
  sql: string;
  slots: ({ name: string } | { value: unknown })[];
  queryId: CompiledQuery['queryId'];
  /** Per slot, how to take its value from a source object (`runFrom`), made once per template. */
  readers?: ((source: never) => unknown)[];
}

/** Makes, once per parameter name, the function that reads that parameter's value from a source. */
export type ReaderOf<S> = (name: string) => (source: S) => unknown;

/**
 * A statement that is built and compiled by Kysely once per database (per dialect adapter), then
 * run with new parameters: the same SQL text and the same rows as building it every time, without
 * walking the query builder and compiler on every run (15–20 % of a postback's CPU, issue 18).
 *
 * `build` receives a stand-in for each parameter (`p.name`, typed as the value it stands for) and
 * must use each only as a value (`where('id', '=', p.id)`, `values({ id: p.id })`), not to decide the
 * query's shape: it runs once, with no real values. What changes the shape (the number of rows of an
 * insert, an optional filter) needs a statement of its own per shape (`statementFamily`). Constants
 * the builder puts in (a `limit(1)`) stay as they are.
 *
 * A value must be given for every parameter the statement uses (`null` where the column takes it):
 * an omitted one is an error, not a NULL, since Kysely would have left the column out.
 *
 * Executed through the database's own executor, so the query log, the statement cache of
 * database.ts and the result handling are the same as for any Kysely query. A database with Kysely
 * plugins (which may rewrite a query as it compiles) is served uncached, so the result is still right.
 */
export class CompiledStatement<P extends Record<string, unknown>, R> {
  private readonly templates = new WeakMap<object, Template>();

  constructor(
    private readonly build: (db: DbOrTx, p: P) => Compilable<R>,
    private readonly readerOf?: ReaderOf<never>,
  ) {}

  /** Every row the statement returns. */
  async execute(db: DbOrTx, params: P): Promise<R[]> {
    return (await this.run(db, params)).rows;
  }

  /** The first row, if any. */
  async takeFirst(db: DbOrTx, params: P): Promise<R | undefined> {
    return (await this.run(db, params)).rows[0];
  }

  /** The first row; throws when there is none (like Kysely's executeTakeFirstOrThrow). */
  async takeFirstOrThrow(db: DbOrTx, params: P): Promise<R> {
    const row = (await this.run(db, params)).rows[0];
    if (row === undefined) throw new Error('compiled statement: no result');
    return row;
  }

  /** The driver's whole result (affected rows of a write, say). */
  run(db: DbOrTx, params: P): Promise<QueryResult<R>> {
    const executor = db.getExecutor();
    if (executor.plugins.length > 0) return db.executeQuery(this.build(db, params));
    const template = this.templateOn(db);
    const parameters = template.slots.map((slot) => {
      if (!('name' in slot)) return slot.value;
      return valueOrThrow(params[slot.name], slot.name);
    });
    return db.executeQuery(compiledOf(template, parameters));
  }

  /**
   * The same as `run`, with each parameter read from `source` by the function the statement's
   * `readerOf` made for its name when the template was compiled: no object of named values is built
   * per run (compiled-writes.ts reads the rows themselves). `params` builds that object only when a
   * plugin makes the statement run uncached.
   */
  runFrom<S>(db: DbOrTx, source: S, params: (source: S) => P): Promise<QueryResult<R>> {
    const readerOf = this.readerOf as ReaderOf<S> | undefined;
    const executor = db.getExecutor();
    if (!readerOf || executor.plugins.length > 0) return this.run(db, params(source));
    const template = this.templateOn(db);
    if (!template.readers) {
      template.readers = template.slots.map((slot) => {
        if (!('name' in slot)) return () => slot.value;
        const read = readerOf(slot.name);
        return (from: S) => valueOrThrow(read(from), slot.name);
      });
    }
    const readers = template.readers as ((source: S) => unknown)[];
    const parameters = new Array<unknown>(readers.length);
    for (let i = 0; i < readers.length; i += 1)
      parameters[i] = (readers[i] as (source: S) => unknown)(source);
    return db.executeQuery(compiledOf(template, parameters));
  }

  private templateOn(db: DbOrTx): Template {
    const adapter = db.getExecutor().adapter;
    let template = this.templates.get(adapter);
    if (!template) {
      template = compileTemplate(db, this.build);
      this.templates.set(adapter, template);
    }
    return template;
  }

  /** The SQL text on `db` (tests, EXPLAIN). */
  sqlOn(db: DbOrTx): string {
    return compileTemplate(db, this.build).sql;
  }
}

function valueOrThrow(value: unknown, name: string): unknown {
  if (value === undefined) throw new Error(`compiled statement: no value for parameter "${name}"`);
  return value;
}

function compiledOf<R>(template: Template, parameters: unknown[]): CompiledQuery<R> {
  return { query: template.query, queryId: template.queryId, sql: template.sql, parameters };
}

function compileTemplate<P extends Record<string, unknown>, R>(
  db: DbOrTx,
  build: (db: DbOrTx, p: P) => Compilable<R>,
): Template {
  const named = new Map<string, Placeholder>();
  const stand = new Proxy({} as P, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      let placeholder = named.get(name);
      if (!placeholder) {
        placeholder = new Placeholder(name);
        named.set(name, placeholder);
      }
      return placeholder;
    },
  });
  const compiled = build(db, stand).compile();
  return {
    query: compiled.query,
    sql: compiled.sql,
    queryId: compiled.queryId,
    slots: compiled.parameters.map((value) =>
      value instanceof Placeholder ? { name: value.name } : { value },
    ),
  };
}

/** A statement built once and run with new values each time: see CompiledStatement. */
export function compiledStatement<P extends Record<string, unknown>, R>(
  build: (db: DbOrTx, p: P) => Compilable<R>,
): CompiledStatement<P, R> {
  return new CompiledStatement(build);
}

/**
 * One compiled statement per shape (`shape` is, say, the number of rows of a multi-row insert),
 * each made on first use. Keep the shapes few: each one is a cached statement.
 */
export function statementFamily<K extends string | number, P extends Record<string, unknown>, R>(
  make: (shape: K) => (db: DbOrTx, p: P) => Compilable<R>,
): (shape: K) => CompiledStatement<P, R> {
  const made = new Map<K, CompiledStatement<P, R>>();
  return (shape) => {
    let statement = made.get(shape);
    if (!statement) {
      statement = new CompiledStatement(make(shape));
      made.set(shape, statement);
    }
    return statement;
  };
}
