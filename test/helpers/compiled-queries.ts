import { DefaultQueryCompiler } from 'kysely';
import { vi } from 'vitest';

/**
 * The SQL of every statement Kysely's query compiler compiles while `work` runs: a warm hot path
 * (a lead, a push) should compile none, its statements being built once (db/compiled-query.ts).
 */
export async function compiledDuring(work: () => Promise<unknown>): Promise<string[]> {
  const compiled: string[] = [];
  const compile = DefaultQueryCompiler.prototype.compileQuery;
  const spy = vi.spyOn(DefaultQueryCompiler.prototype, 'compileQuery').mockImplementation(function (
    this: DefaultQueryCompiler,
    node,
    queryId,
  ) {
    const query = compile.call(this, node, queryId);
    compiled.push(query.sql.replace(/\s+/g, ' '));
    return query;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return compiled;
}
