import { useState } from 'react';
import { Field } from '../../components/field';
import { FormProblems } from '../../components/notice';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { api } from '../../lib/api';
import {
  EMPTY_RULE,
  type RuleForm as Form,
  METRICS,
  OPERATORS,
  ruleBody,
  ruleFormErrors,
  ruleToForm,
  SCOPES,
} from '../../lib/automation-form';
import type { AutomationRule } from '../../lib/types';

/** Create or edit a rule: checked in the browser first, the server's refusal shown at its field. */
export function RuleForm({
  rule,
  onSaved,
}: {
  rule?: AutomationRule;
  onSaved: (rule: AutomationRule) => void;
}) {
  const [form, setForm] = useState<Form>(rule ? ruleToForm(rule) : EMPTY_RULE);
  const { errors, failure, busy, submit } = useFormSubmit(ruleFormErrors, async (f: Form) => {
    const body = ruleBody(f);
    const saved = rule
      ? await api.patch<AutomationRule>(`/api/admin/automation/rules/${rule.id}`, body)
      : await api.post<AutomationRule>('/api/admin/automation/rules', body);
    onSaved(saved);
  });
  const text = (k: keyof Form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const check = (k: keyof Form) => (e: { target: { checked: boolean } }) =>
    setForm((f) => ({ ...f, [k]: e.target.checked }));
  const options = (list: [string, string][]) =>
    list.map(([value, label]) => (
      <option key={value} value={value}>
        {label}
      </option>
    ));
  const actionError = errors.actions ?? errors['actions/0/type'] ?? errors['actions/0/webhook_url'];
  return (
    <form
      className="form dialog-body"
      onSubmit={(e) => submit(e, form)}
      noValidate
      aria-label="Automation rule"
    >
      <FormProblems errors={errors} failure={failure} />
      <div className="form-grid">
        <Field label="Name" error={errors.name} required wide>
          {(c) => <input {...c} value={form.name} onChange={text('name')} maxLength={200} />}
        </Field>
        <Field label="Trigger metric" error={errors.metric}>
          {(c) => (
            <select {...c} value={form.metric} onChange={text('metric')}>
              {options(METRICS)}
            </select>
          )}
        </Field>
        <Field label="Scope" error={errors.scope}>
          {(c) => (
            <select {...c} value={form.scope} onChange={text('scope')}>
              {options(SCOPES)}
            </select>
          )}
        </Field>
        <Field
          label="Target ID"
          hint="Empty: every active offer or approved publisher"
          error={errors.target_id}
        >
          {(c) => <input {...c} inputMode="numeric" value={form.target_id} onChange={text('target_id')} />}
        </Field>
        <Field label="Operator" error={errors.operator}>
          {(c) => (
            <select {...c} value={form.operator} onChange={text('operator')}>
              {options(OPERATORS)}
            </select>
          )}
        </Field>
        <Field
          label="Threshold"
          hint={
            form.metric === 'epc' || form.metric === 'clawback_amount'
              ? 'Amount in the offer currency, e.g. 0.05'
              : 'Percent, e.g. 20'
          }
          error={errors.threshold}
          required
        >
          {(c) => <input {...c} inputMode="decimal" value={form.threshold} onChange={text('threshold')} />}
        </Field>
        <Field label="Window (hours)" error={errors.window_hours}>
          {(c) => (
            <input {...c} inputMode="numeric" value={form.window_hours} onChange={text('window_hours')} />
          )}
        </Field>
        <Field
          label="Minimum volume"
          hint="Leads or clicks needed before the rule judges"
          error={errors.min_volume}
        >
          {(c) => <input {...c} inputMode="numeric" value={form.min_volume} onChange={text('min_volume')} />}
        </Field>
        <Field label="Schedule (cron, UTC)" error={errors.schedule}>
          {(c) => <input {...c} value={form.schedule} onChange={text('schedule')} />}
        </Field>
      </div>
      <fieldset className="checkbox-row">
        <legend>Actions</legend>
        {(['pause_offer', 'suspend_publisher', 'reduce_cap', 'alert_admin'] as const).map((a) => (
          <label key={a}>
            <input type="checkbox" checked={form[a]} onChange={check(a)} /> <code>{a}</code>
          </label>
        ))}
      </fieldset>
      {actionError && (
        <p className="field-error" role="alert">
          {actionError}
        </p>
      )}
      {(form.reduce_cap || form.alert_admin) && (
        <div className="form-grid">
          {form.reduce_cap && (
            <>
              <Field label="Reduce cap by (%)" error={errors.reduce_percent ?? errors['actions/0/percent']}>
                {(c) => (
                  <input
                    {...c}
                    inputMode="numeric"
                    value={form.reduce_percent}
                    onChange={text('reduce_percent')}
                  />
                )}
              </Field>
              <Field label="Cap floor (leads)" error={errors.reduce_floor}>
                {(c) => (
                  <input
                    {...c}
                    inputMode="numeric"
                    value={form.reduce_floor}
                    onChange={text('reduce_floor')}
                  />
                )}
              </Field>
            </>
          )}
          {form.alert_admin && (
            <Field label="Webhook URL (optional)" error={errors.webhook_url} wide>
              {(c) => (
                <input
                  {...c}
                  value={form.webhook_url}
                  onChange={text('webhook_url')}
                  placeholder="https://"
                />
              )}
            </Field>
          )}
        </div>
      )}
      <label className="check-inline">
        <input type="checkbox" checked={form.enabled} onChange={check('enabled')} /> Enabled (runs on its
        schedule)
      </label>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
        </button>
      </div>
    </form>
  );
}
