import type { AutomationAction, AutomationRule } from './types';
import type { FieldErrors } from './validate';
import { isHttpUrl } from './validate';

/** The rule vocabulary of the API (src/modules/automation/definitions.ts). */
export const METRICS: [string, string][] = [
  ['approval_rate', 'Approval %'],
  ['fraud_rate', 'Fraud rate %'],
  ['cap_used', 'Cap used %'],
  ['epc', 'EPC'],
  ['clawback_amount', 'Clawbacks (amount)'],
];
export const SCOPES: [string, string][] = [
  ['offer', 'Offer'],
  ['publisher', 'Publisher'],
  ['all', 'All traffic'],
];
export const OPERATORS: [string, string][] = [
  ['lt', '<'],
  ['lte', '≤'],
  ['gt', '>'],
  ['gte', '≥'],
];
export const ACTION_LABELS: Record<string, string> = {
  pause_offer: 'Pause offer',
  suspend_publisher: 'Suspend publisher',
  reduce_cap: 'Reduce cap',
  alert_admin: 'Alert admin',
};
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
  if (!form.name.trim()) errors.name = 'Give the rule a name';
  const threshold = form.threshold.trim();
  if (form.metric === 'epc' || form.metric === 'clawback_amount') {
    if (!/^\d{1,12}(\.\d{1,4})?$/.test(threshold)) errors.threshold = 'An amount, e.g. 0.05';
  } else if (!/^\d{1,3}(\.\d{1,2})?$/.test(threshold) || Number(threshold) > 100) {
    errors.threshold = 'A percent from 0 to 100, e.g. 30 or 12.5';
  }
  if (NEEDS_SCOPE[form.metric] && NEEDS_SCOPE[form.metric] !== form.scope)
    errors.scope = `${form.metric} needs scope ${NEEDS_SCOPE[form.metric]}`;
  if (form.target_id.trim() && (form.scope === 'all' || !INT.test(form.target_id.trim())))
    errors.target_id = form.scope === 'all' ? 'Only for an offer or publisher scope' : 'An ID, e.g. 12';
  const hours = Number(form.window_hours);
  if (!INT.test(form.window_hours.trim()) || hours < 1 || hours > 720)
    errors.window_hours = 'Hours from 1 to 720';
  if (!INT.test(form.min_volume.trim())) errors.min_volume = 'A whole number, e.g. 10';
  if (form.schedule.trim().split(/\s+/).length < 5) errors.schedule = 'A cron pattern, e.g. */15 * * * *';
  const chosen = (['pause_offer', 'suspend_publisher', 'reduce_cap', 'alert_admin'] as const).filter(
    (a) => form[a],
  );
  if (chosen.length === 0) errors.actions = 'Choose at least one action';
  const misfit = chosen.find((a) => NEEDS_SCOPE[a] && NEEDS_SCOPE[a] !== form.scope);
  if (misfit) errors.actions = `${ACTION_LABELS[misfit]} needs scope ${NEEDS_SCOPE[misfit]}`;
  if (form.reduce_cap) {
    const p = Number(form.reduce_percent);
    if (!INT.test(form.reduce_percent.trim()) || p < 1 || p > 99)
      errors.reduce_percent = 'A percent from 1 to 99';
    if (!INT.test(form.reduce_floor.trim())) errors.reduce_floor = 'A whole number of leads';
  }
  if (form.alert_admin && form.webhook_url.trim() && !isHttpUrl(form.webhook_url))
    errors.webhook_url = 'An http(s) URL';
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
  const metric = METRICS.find(([key]) => key === rule.metric)?.[1] ?? rule.metric;
  const op = OPERATORS.find(([key]) => key === rule.operator)?.[1] ?? rule.operator;
  return `${metric} ${op} ${rule.threshold} over ${rule.window_hours} h`;
}
