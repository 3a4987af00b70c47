import { type LimitNode, SqliteDialect, SqliteQueryCompiler, ValueNode } from 'kysely';

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

/** Kysely's SQLite dialect with InlineLimitCompiler. */
export class LeadrailSqliteDialect extends SqliteDialect {
  override createQueryCompiler(): SqliteQueryCompiler {
    return new InlineLimitCompiler();
  }
}
