import { Cron } from 'croner';
import { ValidationError } from '../../lib/errors.js';
import { parsePercent } from '../../lib/money.js';
import type { RuleAction } from './schemas.js';

/** Automation rule vocabulary (seed 000 "Automation Rules"; metric names as the issue words them). */
export const METRICS = ['approval_rate', 'fraud_rate', 'cap_used', 'epc', 'clawback_amount'] as const;
export const SCOPES = ['offer', 'publisher', 'all'] as const;
export const OPERATORS = ['lt', 'lte', 'gt', 'gte'] as const;
export const ACTIONS = ['pause_offer', 'suspend_publisher', 'reduce_cap', 'alert_admin'] as const;

export type Metric = (typeof METRICS)[number];
export type Scope = (typeof SCOPES)[number];
export type Operator = (typeof OPERATORS)[number];
export type ActionType = (typeof ACTIONS)[number];

export const DEFAULT_SCHEDULE = '*/15 * * * *';
export const DEFAULT_MIN_VOLUME = 10;
export const MAX_WINDOW_HOURS = 720;

/** Which scope an action or metric needs: it acts on (or measures) that kind of subject. */
const NEEDS_SCOPE: Partial<Record<ActionType | Metric, Scope>> = {
  pause_offer: 'offer',
  reduce_cap: 'offer',
  cap_used: 'offer',
  suspend_publisher: 'publisher',
};

function oneOf<T extends string>(list: readonly T[], value: string, field: string): T {
  if (!(list as readonly string[]).includes(value))
    throw new ValidationError(
      `unknown ${field} "${value}"; use one of ${list.join(', ')}`,
      field,
      'unknown_choice',
    );
  return value as T;
}

/** Rates take a percent threshold; EPC and clawback_amount an amount in the subject's currency. */
export const isRate = (metric: Metric) => metric !== 'epc' && metric !== 'clawback_amount';

const EPC_THRESHOLD = /^\d{1,12}(\.\d{1,4})?$/;

/** The threshold as given, checked for its metric: a percent for rates, a decimal amount for EPC. */
export function checkThreshold(metric: Metric, threshold: string): string {
  const text = threshold.trim();
  if (isRate(metric)) parsePercent(text, 'threshold');
  else if (!EPC_THRESHOLD.test(text))
    throw new ValidationError(
      'threshold must be a decimal amount like "0.05"',
      'threshold',
      'threshold_invalid',
    );
  return text;
}

/** When a cron pattern next fires after `from` (UTC); a bad pattern is a 422. */
export function nextRunAfter(schedule: string, from: Date): Date {
  let cron: Cron;
  try {
    cron = new Cron(schedule, { timezone: 'UTC', paused: true });
  } catch (error) {
    throw new ValidationError(
      `schedule is not a cron pattern: ${(error as Error).message}`,
      'schedule',
      'schedule_invalid',
    );
  }
  const next = cron.nextRun(from);
  if (!next) throw new ValidationError('schedule never fires again', 'schedule', 'schedule_never_fires');
  return next;
}

export interface CheckedRule {
  metric: Metric;
  scope: Scope;
  operator: Operator;
  threshold: string;
  windowHours: number;
  minVolume: number;
  actions: RuleAction[];
  schedule: string;
}

function checkAction(action: RuleAction, scope: Scope, index: number): RuleAction {
  const field = `actions/${index}`;
  const type = oneOf(ACTIONS, action.type, `${field}/type`);
  const needs = NEEDS_SCOPE[type];
  if (needs && needs !== scope)
    throw new ValidationError(
      `${type} needs scope "${needs}", the rule's scope is "${scope}"`,
      `${field}/type`,
      'rule_scope_mismatch',
    );
  if (type !== 'reduce_cap' && (action.percent !== undefined || action.floor !== undefined))
    throw new ValidationError(`percent and floor belong to reduce_cap`, field, 'action_setting_unused');
  if (type !== 'alert_admin' && action.webhook_url !== undefined)
    throw new ValidationError('webhook_url belongs to alert_admin', field, 'action_setting_unused');
  if (type === 'reduce_cap') {
    if (action.percent === undefined || action.percent < 1 || action.percent > 99)
      throw new ValidationError(
        'reduce_cap needs percent from 1 to 99',
        `${field}/percent`,
        'reduce_cap_percent',
      );
    if (action.floor !== undefined && (action.floor < 0 || action.floor > 1_000_000))
      throw new ValidationError('floor must be from 0 to 1000000', `${field}/floor`, 'reduce_cap_floor');
    return { type, percent: action.percent, floor: action.floor ?? 1 };
  }
  return { ...action, type };
}

/** Every rule field checked together (an update is checked as the rule it would leave). */
export function checkRule(input: {
  metric: string;
  scope: string;
  operator: string;
  threshold: string;
  window_hours: number;
  min_volume: number;
  actions: RuleAction[];
  schedule: string;
  hasTarget: boolean;
}): CheckedRule {
  const metric = oneOf(METRICS, input.metric, 'metric');
  const scope = oneOf(SCOPES, input.scope, 'scope');
  const operator = oneOf(OPERATORS, input.operator, 'operator');
  const needs = NEEDS_SCOPE[metric];
  if (needs && needs !== scope)
    throw new ValidationError(
      `${metric} needs scope "${needs}", the rule's scope is "${scope}"`,
      'scope',
      'rule_scope_mismatch',
    );
  if (scope === 'all' && input.hasTarget)
    throw new ValidationError('target_id needs scope offer or publisher', 'target_id', 'target_needs_scope');
  if (input.window_hours < 1 || input.window_hours > MAX_WINDOW_HOURS)
    throw new ValidationError(
      `window_hours must be from 1 to ${MAX_WINDOW_HOURS}`,
      'window_hours',
      'window_hours_range',
    );
  if (input.min_volume < 0 || input.min_volume > 1_000_000)
    throw new ValidationError('min_volume must be from 0 to 1000000', 'min_volume', 'min_volume_range');
  const types = input.actions.map((a) => a.type);
  if (new Set(types).size !== types.length)
    throw new ValidationError('an action is listed twice', 'actions', 'action_twice');
  const actions = input.actions.map((a, i) => checkAction(a, scope, i));
  nextRunAfter(input.schedule, new Date());
  return {
    metric,
    scope,
    operator,
    threshold: checkThreshold(metric, input.threshold),
    windowHours: input.window_hours,
    minVolume: input.min_volume,
    actions,
    schedule: input.schedule,
  };
}

export function compare(operator: Operator, value: number, threshold: number): boolean {
  switch (operator) {
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
  }
}
