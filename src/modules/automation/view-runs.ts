import type { AppContext } from '../../context.js';
import type { ActionTaken, Evaluation, Run } from './schemas.js';

export async function listRuns(ctx: AppContext, filter: { ruleId?: number }, limit: number, offset: number) {
  let query = ctx.db.selectFrom('automation_runs as r');
  if (filter.ruleId !== undefined) query = query.where('r.rule_id', '=', filter.ruleId);
  const [rows, count] = await Promise.all([
    query
      .leftJoin('automation_rules as a', 'a.id', 'r.rule_id')
      .selectAll('r')
      .select('a.name as rule_name')
      .orderBy('r.started_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map(
      (r): Run => ({
        id: r.id,
        rule_id: String(r.rule_id),
        rule_name: r.rule_name,
        trigger: r.trigger,
        status: r.status,
        evaluated: JSON.parse(r.evaluated) as Evaluation[],
        actions: JSON.parse(r.actions) as ActionTaken[],
        error: r.error,
        started_at: r.started_at,
        finished_at: r.finished_at,
      }),
    ),
    total: Number(count.n),
  };
}
