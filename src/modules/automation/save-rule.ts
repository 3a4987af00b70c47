import type { AppContext } from '../../context.js';
import type { Row } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { findOffer } from '../offers/queries.js';
import { assertTarget } from '../publisher-postbacks/save-postback.js';
import { findPublisher } from '../publishers/queries.js';
import { checkRule, DEFAULT_MIN_VOLUME, DEFAULT_SCHEDULE, nextRunAfter } from './definitions.js';
import type { Rule, RuleAction, RuleCreate, RuleUpdate } from './schemas.js';

export type RuleRow = Row<'automation_rules'>;

export function presentRule(row: RuleRow): Rule {
  return {
    id: String(row.id),
    name: row.name,
    metric: row.metric,
    scope: row.scope,
    target_id: row.target_id === null ? null : String(row.target_id),
    operator: row.operator,
    threshold: row.threshold,
    window_hours: Number(row.window_hours),
    min_volume: Number(row.min_volume),
    actions: JSON.parse(row.actions) as RuleAction[],
    enabled: Number(row.enabled) === 1,
    schedule: row.schedule,
    next_run_at: row.next_run_at,
    last_run_at: row.last_run_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

async function assertSubject(ctx: AppContext, scope: string, targetId: number | null): Promise<void> {
  if (targetId === null) return;
  const found = scope === 'offer' ? await findOffer(ctx.db, targetId) : await findPublisher(ctx.db, targetId);
  if (!found) throw new ValidationError(`${scope} ${targetId} does not exist`, 'target_id', 'target_missing');
}

/** The rule as it would be stored: every field checked together, webhook targets guarded. */
async function ruleValues(ctx: AppContext, input: RuleCreate) {
  const targetId = input.target_id ? Number(input.target_id) : null;
  const schedule = (input.schedule ?? DEFAULT_SCHEDULE).trim();
  const checked = checkRule({
    ...input,
    min_volume: input.min_volume ?? DEFAULT_MIN_VOLUME,
    schedule,
    hasTarget: targetId !== null,
  });
  checked.actions.forEach((action, i) => {
    if (action.webhook_url)
      action.webhook_url = assertTarget(ctx, action.webhook_url, `actions/${i}/webhook_url`);
  });
  await assertSubject(ctx, checked.scope, targetId);
  const enabled = input.enabled ?? true;
  const now = ctx.clock.now();
  return {
    name: input.name.trim(),
    metric: checked.metric,
    scope: checked.scope,
    target_id: targetId,
    operator: checked.operator,
    threshold: checked.threshold,
    window_hours: checked.windowHours,
    min_volume: checked.minVolume,
    actions: JSON.stringify(checked.actions),
    enabled: enabled ? 1 : 0,
    schedule,
    next_run_at: enabled ? nextRunAfter(schedule, now).toISOString() : null,
    updated_at: now.toISOString(),
  };
}

export async function createRule(ctx: AppContext, input: RuleCreate): Promise<Rule> {
  const values = await ruleValues(ctx, input);
  const row = await ctx.db
    .insertInto('automation_rules')
    .values({ ...values, last_run_at: null, created_at: values.updated_at })
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentRule(row);
}

export async function findRule(ctx: AppContext, id: number): Promise<RuleRow> {
  const row = await ctx.db.selectFrom('automation_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('automation rule');
  return row;
}

export async function updateRule(ctx: AppContext, id: number, input: RuleUpdate): Promise<Rule> {
  const current = presentRule(await findRule(ctx, id));
  const merged: RuleCreate = { ...current, ...input };
  const values = await ruleValues(ctx, merged);
  const row = await ctx.db
    .updateTable('automation_rules')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentRule(row);
}

/** Runs stay in the log after their rule is deleted. */
export async function deleteRule(ctx: AppContext, id: number): Promise<void> {
  const result = await ctx.db.deleteFrom('automation_rules').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError('automation rule');
}

export async function listRules(ctx: AppContext, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    ctx.db
      .selectFrom('automation_rules')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    ctx.db
      .selectFrom('automation_rules')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(presentRule), total: Number(count.n) };
}
