import type { AppContext } from '../../context.js';
import { inTransaction, type Tx } from '../../db/database.js';
import { enqueueJob } from '../../jobs/enqueue-job.js';
import { newId } from '../../lib/ids.js';
import { findOffer } from '../offers/queries.js';
import { updateOffer } from '../offers/save-offer.js';
import { findPublisher } from '../publishers/queries.js';
import { updatePublisher } from '../publishers/save-publisher.js';
import { alertWebhookJob } from './alert-webhook.js';
import type { Metric, Operator, Scope } from './definitions.js';
import { evaluateRule, type SubjectEvaluation } from './metrics.js';
import { presentRule, type RuleRow } from './save-rule.js';
import type { ActionTaken, RuleAction, Run } from './schemas.js';

export type RunTrigger = 'schedule' | 'manual';

interface Step {
  dryRun: boolean;
  evaluation: SubjectEvaluation;
}

/** A new daily cap: cut by `percent`, never below `floor` (whole leads, rounded down). */
export function reducedCap(cap: number, percent: number, floor: number): number {
  return Math.max(floor, Math.floor((cap * (100 - percent)) / 100));
}

async function pauseOffer(ctx: AppContext, { dryRun, evaluation }: Step): Promise<ActionTaken> {
  const id = evaluation.subjectNumber as number;
  const taken = { type: 'pause_offer', subject_id: String(id) };
  const offer = await findOffer(ctx.db, id);
  if (offer?.status !== 'active')
    return {
      ...taken,
      done: false,
      detail: `offer ${id} is not active`,
      code: 'offer_not_active',
      params: { id },
    };
  if (dryRun)
    return {
      ...taken,
      done: false,
      detail: `would pause offer ${id} (${offer.name})`,
      code: 'would_pause_offer',
      params: { id, name: offer.name },
    };
  await updateOffer(ctx, id, { status: 'paused' });
  return {
    ...taken,
    done: true,
    detail: `paused offer ${id} (${offer.name})`,
    from: 'active',
    to: 'paused',
    code: 'paused_offer',
    params: { id, name: offer.name },
  };
}

async function suspendPublisher(ctx: AppContext, { dryRun, evaluation }: Step): Promise<ActionTaken> {
  const id = evaluation.subjectNumber as number;
  const taken = { type: 'suspend_publisher', subject_id: String(id) };
  const publisher = await findPublisher(ctx.db, id);
  if (!publisher || publisher.status === 'suspended')
    return {
      ...taken,
      done: false,
      detail: `publisher ${id} is already suspended`,
      code: 'publisher_already_suspended',
      params: { id },
    };
  if (dryRun)
    return {
      ...taken,
      done: false,
      detail: `would suspend publisher ${id} (${publisher.name})`,
      code: 'would_suspend_publisher',
      params: { id, name: publisher.name },
    };
  await updatePublisher(ctx, id, { status: 'suspended' });
  return {
    ...taken,
    done: true,
    detail: `suspended publisher ${id} (${publisher.name})`,
    from: publisher.status,
    to: 'suspended',
    code: 'suspended_publisher',
    params: { id, name: publisher.name },
  };
}

async function reduceCap(ctx: AppContext, step: Step, action: RuleAction): Promise<ActionTaken> {
  const id = step.evaluation.subjectNumber as number;
  const taken = { type: 'reduce_cap', subject_id: String(id) };
  const offer = await findOffer(ctx.db, id);
  if (!offer || offer.daily_cap === null)
    return {
      ...taken,
      done: false,
      detail: `offer ${id} has no daily cap to reduce`,
      code: 'no_cap',
      params: { id },
    };
  const from = Number(offer.daily_cap);
  const to = reducedCap(from, action.percent ?? 0, action.floor ?? 1);
  if (to >= from)
    return {
      ...taken,
      done: false,
      detail: `offer ${id}'s cap ${from} is at its floor`,
      code: 'cap_at_floor',
      params: { id, from },
    };
  if (step.dryRun)
    return {
      ...taken,
      done: false,
      detail: `would reduce offer ${id}'s daily cap from ${from} to ${to}`,
      from,
      to,
      code: 'would_reduce_cap',
      params: { id, from, to },
    };
  await updateOffer(ctx, id, { daily_cap: to });
  return {
    ...taken,
    done: true,
    detail: `reduced offer ${id}'s daily cap from ${from} to ${to}`,
    from,
    to,
    code: 'reduced_cap',
    params: { id, from, to },
  };
}

function describeMatch(rule: RuleRow, matched: SubjectEvaluation[]): string {
  const subjects = matched
    .map(
      (e) =>
        `${e.subject_id ? `${e.subject} ${e.subject_id}${e.name ? ` (${e.name})` : ''}` : 'network'}: ${e.value}${e.currency ? ` ${e.currency}` : ''}`,
    )
    .join('; ');
  return `${rule.metric} ${rule.operator} ${rule.threshold} over ${rule.window_hours} h — ${subjects}`;
}

const OPERATOR_SIGNS: Record<string, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥' };

/** The values an alert's title and message name, for the web app's sentence (no English words in them). */
function alertParams(rule: RuleRow, matched: SubjectEvaluation[]): Record<string, string | number> {
  const subjects = matched
    .map((e) => {
      const value = `${e.value}${e.currency ? ` ${e.currency}` : ''}`;
      return e.subject_id ? `#${e.subject_id}${e.name ? ` (${e.name})` : ''}: ${value}` : value;
    })
    .join('; ');
  return {
    rule: rule.name,
    count: matched.length,
    metric: rule.metric,
    operator: OPERATOR_SIGNS[rule.operator] ?? rule.operator,
    threshold: rule.threshold,
    hours: Number(rule.window_hours),
    subjects,
  };
}

/** One notification for the run (and its webhook), written with the run in one transaction. */
async function alertAdmin(
  tx: Tx,
  ctx: AppContext,
  rule: RuleRow,
  runId: string,
  matched: SubjectEvaluation[],
  action: RuleAction,
): Promise<ActionTaken> {
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  const title = `Automation rule "${rule.name}" matched ${matched.length} ${matched.length === 1 ? 'subject' : 'subjects'}`;
  const message = describeMatch(rule, matched);
  const details = {
    rule_id: String(rule.id),
    rule_name: rule.name,
    metric: rule.metric,
    matched: matched.map(({ subjectNumber, ...e }) => e),
  };
  await tx
    .insertInto('admin_notifications')
    .values({
      id,
      rule_id: rule.id,
      run_id: runId,
      title,
      message,
      code: 'automation_alert',
      params: JSON.stringify(alertParams(rule, matched)),
      details: JSON.stringify(details),
      read_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  if (action.webhook_url) {
    const body = JSON.stringify({
      event: 'automation.alert',
      notification_id: id,
      run_id: runId,
      title,
      message,
      ...details,
      created_at: now.toISOString(),
    });
    await enqueueJob(tx, ctx, {
      type: alertWebhookJob,
      payload: { url: action.webhook_url, notificationId: id, body },
    });
  }
  return {
    type: 'alert_admin',
    subject_id: null,
    done: true,
    detail: action.webhook_url ? `notified the admin and queued the webhook` : 'notified the admin',
    code: action.webhook_url ? 'notified_admin_webhook' : 'notified_admin',
    params: {},
    notification_id: id,
  };
}

function plannedAlert(action: RuleAction, matched: number): ActionTaken {
  return {
    type: 'alert_admin',
    subject_id: null,
    done: false,
    detail: `would notify the admin about ${matched} ${matched === 1 ? 'subject' : 'subjects'}${action.webhook_url ? ' and call the webhook' : ''}`,
    code: action.webhook_url ? 'would_notify_webhook' : 'would_notify',
    params: { subjects: matched },
  };
}

const SUBJECT_ACTIONS = {
  pause_offer: (ctx: AppContext, step: Step) => pauseOffer(ctx, step),
  suspend_publisher: (ctx: AppContext, step: Step) => suspendPublisher(ctx, step),
  reduce_cap: reduceCap,
} as const;

/**
 * Evaluate a rule and act on every subject that crosses its threshold. A dry run only says what it
 * would do: nothing changes and nothing is stored. A real run is logged with what it evaluated and
 * did, and clears this process's hot-path caches so a paused offer stops taking clicks at once.
 */
export async function runRule(
  ctx: AppContext,
  row: RuleRow,
  options: { dryRun: boolean; trigger: RunTrigger },
): Promise<Run> {
  const startedAt = ctx.clock.now().toISOString();
  const rule = presentRule(row);
  const runId = newId(ctx.clock.now().getTime());
  const taken: ActionTaken[] = [];
  let evaluated: SubjectEvaluation[] = [];
  let error: string | null = null;
  try {
    evaluated = await evaluateRule(ctx, {
      metric: row.metric as Metric,
      scope: row.scope as Scope,
      targetId: row.target_id,
      operator: row.operator as Operator,
      threshold: row.threshold,
      windowHours: Number(row.window_hours),
      minVolume: Number(row.min_volume),
    });
    const matched = evaluated.filter((e) => e.matched);
    for (const evaluation of matched) {
      for (const action of rule.actions) {
        if (action.type === 'alert_admin') continue;
        const act = SUBJECT_ACTIONS[action.type as keyof typeof SUBJECT_ACTIONS];
        taken.push(await act(ctx, { dryRun: options.dryRun, evaluation }, action));
      }
    }
    const alert = rule.actions.find((a) => a.type === 'alert_admin');
    if (alert && matched.length > 0 && options.dryRun) taken.push(plannedAlert(alert, matched.length));
    if (!options.dryRun) {
      await inTransaction(ctx.db, async (tx) => {
        if (alert && matched.length > 0) taken.push(await alertAdmin(tx, ctx, row, runId, matched, alert));
        await logRun(tx, ctx, { row, runId, trigger: options.trigger, evaluated, taken, error, startedAt });
      });
    }
  } catch (failure) {
    error = (failure as Error).message;
    ctx.logger.error({ err: failure, rule_id: row.id }, 'automation rule run failed');
    if (!options.dryRun)
      await logRun(ctx.db, ctx, { row, runId, trigger: options.trigger, evaluated, taken, error, startedAt });
  }
  if (taken.some((t) => t.done)) ctx.caches.clear();
  return {
    id: options.dryRun ? null : runId,
    rule_id: rule.id,
    rule_name: rule.name,
    trigger: options.dryRun ? 'dry_run' : options.trigger,
    status: error ? 'error' : 'ok',
    evaluated: evaluated.map(({ subjectNumber, ...e }) => e),
    actions: taken,
    error,
    started_at: startedAt,
    finished_at: ctx.clock.now().toISOString(),
  };
}

async function logRun(
  db: Tx | AppContext['db'],
  ctx: AppContext,
  run: {
    row: RuleRow;
    runId: string;
    trigger: RunTrigger;
    evaluated: SubjectEvaluation[];
    taken: ActionTaken[];
    error: string | null;
    startedAt: string;
  },
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await db
    .insertInto('automation_runs')
    .values({
      id: run.runId,
      rule_id: run.row.id,
      trigger: run.trigger,
      status: run.error ? 'error' : 'ok',
      evaluated: JSON.stringify(run.evaluated.map(({ subjectNumber, ...e }) => e)),
      actions: JSON.stringify(run.taken),
      error: run.error,
      started_at: run.startedAt,
      finished_at: now,
    })
    .execute();
  await db.updateTable('automation_rules').set({ last_run_at: now }).where('id', '=', run.row.id).execute();
}
