import { tr } from '../i18n';
import type { AutomationAction, AutomationRule } from './types';
import type { FieldErrors } from './validate';
import { isHttpUrl } from './validate';

/** The rule vocabulary of the API (src/modules/automation/definitions.ts). */
const METRIC_KEYS = ['approval_rate', 'fraud_rate', 'cap_used', 'epc', 'clawback_amount'];
const SCOPE_KEYS = ['offer', 'publisher', 'all'];
/** The metrics' and scopes' names, read in the current language. */
export function metrics(): [string, string][] {
  return METRIC_KEYS.map((k) => [k, tr(`traffic.automation.metric.${k}`)]);
}
export function scopes(): [string, string][] {
  return SCOPE_KEYS.map((k) => [k, tr(`traffic.automation.scope.${k}`)]);
}
export const OPERATORS: [string, string][] = [
  ['lt', '<'],
  ['lte', '≤'],
  ['gt', '>'],
  ['gte', '≥'],
];
const ACTION_KEYS = ['pause_offer', 'suspend_publisher', 'reduce_cap', 'alert_admin'];
/** An action's name in the current language (its code when the app does not know it). */
export function actionLabel(type: string): string {
  return ACTION_KEYS.includes(type) ? tr(`traffic.automation.action.${type}`) : type;
}
function scopeLabel(scope: string): string {
  return SCOPE_KEYS.includes(scope) ? tr(`traffic.automation.scope.${scope}`).toLowerCase() : scope;
}
/** Which scope an action or metric needs (the server refuses the others). */
const NEEDS_SCOPE: Record<string, string> = {
  pause_offer: 'offer',
  reduce_cap: 'offer',
  cap_used: 'offer',
  suspend_publisher: 'publisher',
};

export interface RuleForm {
  name: string;
  metric: string;
  scope: string;
  target_id: string;
  operator: string;
  threshold: string;
  window_hours: string;
  min_volume: string;
  schedule: string;
  enabled: boolean;
  pause_offer: boolean;
  suspend_publisher: boolean;
  reduce_cap: boolean;
  reduce_percent: string;
  reduce_floor: string;
  alert_admin: boolean;
  webhook_url: string;
}

export const EMPTY_RULE: RuleForm = {
  name: '',
  metric: 'approval_rate',
  scope: 'offer',
  target_id: '',
  operator: 'lt',
  threshold: '',
  window_hours: '24',
  min_volume: '10',
  schedule: '*/15 * * * *',
  enabled: true,
  pause_offer: false,
  suspend_publisher: false,
  reduce_cap: false,
  reduce_percent: '20',
  reduce_floor: '1',
  alert_admin: true,
  webhook_url: '',
};

export function ruleToForm(rule: AutomationRule): RuleForm {
  const find = (type: string) => rule.actions.find((a) => a.type === type);
  const reduce = find('reduce_cap');
  return {
    name: rule.name,
    metric: rule.metric,
    scope: rule.scope,
    target_id: rule.target_id ?? '',
    operator: rule.operator,
    threshold: rule.threshold,
    window_hours: String(rule.window_hours),
    min_volume: String(rule.min_volume),
    schedule: rule.schedule,
    enabled: rule.enabled,
    pause_offer: Boolean(find('pause_offer')),
    suspend_publisher: Boolean(find('suspend_publisher')),
    reduce_cap: Boolean(reduce),
    reduce_percent: String(reduce?.percent ?? 20),
    reduce_floor: String(reduce?.floor ?? 1),
    alert_admin: Boolean(find('alert_admin')),
    webhook_url: find('alert_admin')?.webhook_url ?? '',
  };
}

const INT = /^\d{1,7}$/;

/** What is wrong with the form before it is sent; the server checks again. */
export function ruleFormErrors(form: RuleForm): FieldErrors {
  const errors: FieldErrors = {};
  if (!form.name.trim()) errors.name = tr('traffic.automation.err.name');
  const threshold = form.threshold.trim();
  if (form.metric === 'epc' || form.metric === 'clawback_amount') {
    if (!/^\d{1,12}(\.\d{1,4})?$/.test(threshold)) errors.threshold = tr('traffic.automation.err.amount');
  } else if (!/^\d{1,3}(\.\d{1,2})?$/.test(threshold) || Number(threshold) > 100) {
    errors.threshold = tr('traffic.automation.err.percent');
  }
  if (NEEDS_SCOPE[form.metric] && NEEDS_SCOPE[form.metric] !== form.scope)
    errors.scope = tr('traffic.automation.err.needsScope', {
      what: form.metric,
      scope: scopeLabel(NEEDS_SCOPE[form.metric] ?? ''),
    });
  if (form.target_id.trim() && (form.scope === 'all' || !INT.test(form.target_id.trim())))
    errors.target_id =
      form.scope === 'all' ? tr('traffic.automation.err.targetAll') : tr('traffic.automation.err.targetId');
  const hours = Number(form.window_hours);
  if (!INT.test(form.window_hours.trim()) || hours < 1 || hours > 720)
    errors.window_hours = tr('traffic.automation.err.hours');
  if (!INT.test(form.min_volume.trim())) errors.min_volume = tr('traffic.automation.err.volume');
  if (form.schedule.trim().split(/\s+/).length < 5) errors.schedule = tr('traffic.automation.err.cron');
  const chosen = (['pause_offer', 'suspend_publisher', 'reduce_cap', 'alert_admin'] as const).filter(
    (a) => form[a],
  );
  if (chosen.length === 0) errors.actions = tr('traffic.automation.err.noAction');
  const misfit = chosen.find((a) => NEEDS_SCOPE[a] && NEEDS_SCOPE[a] !== form.scope);
  if (misfit)
    errors.actions = tr('traffic.automation.err.needsScope', {
      what: actionLabel(misfit),
      scope: scopeLabel(NEEDS_SCOPE[misfit] ?? ''),
    });
  if (form.reduce_cap) {
    const p = Number(form.reduce_percent);
    if (!INT.test(form.reduce_percent.trim()) || p < 1 || p > 99)
      errors.reduce_percent = tr('traffic.automation.err.reducePercent');
    if (!INT.test(form.reduce_floor.trim())) errors.reduce_floor = tr('traffic.automation.err.floor');
  }
  if (form.alert_admin && form.webhook_url.trim() && !isHttpUrl(form.webhook_url))
    errors.webhook_url = tr('traffic.automation.err.url');
  return errors;
}

/** The API body for a checked form. */
export function ruleBody(form: RuleForm) {
  const actions: AutomationAction[] = [];
  if (form.pause_offer) actions.push({ type: 'pause_offer' });
  if (form.suspend_publisher) actions.push({ type: 'suspend_publisher' });
  if (form.reduce_cap)
    actions.push({
      type: 'reduce_cap',
      percent: Number(form.reduce_percent),
      floor: Number(form.reduce_floor),
    });
  if (form.alert_admin)
    actions.push(
      form.webhook_url.trim()
        ? { type: 'alert_admin', webhook_url: form.webhook_url.trim() }
        : { type: 'alert_admin' },
    );
  return {
    name: form.name.trim(),
    metric: form.metric,
    scope: form.scope,
    target_id: form.target_id.trim() || null,
    operator: form.operator,
    threshold: form.threshold.trim(),
    window_hours: Number(form.window_hours),
    min_volume: Number(form.min_volume),
    actions,
    enabled: form.enabled,
    schedule: form.schedule.trim(),
  };
}

/** "Approval % < 20 over 24 h" */
export function describeCondition(
  rule: Pick<AutomationRule, 'metric' | 'operator' | 'threshold' | 'window_hours'>,
): string {
  const metric = METRIC_KEYS.includes(rule.metric)
    ? tr(`traffic.automation.metric.${rule.metric}`)
    : rule.metric;
  const op = OPERATORS.find(([key]) => key === rule.operator)?.[1] ?? rule.operator;
  return tr('traffic.automation.condition', {
    metric,
    op,
    threshold: rule.threshold,
    hours: rule.window_hours,
  });
}
