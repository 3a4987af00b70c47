import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { FormProblems } from '../../components/notice';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { api } from '../../lib/api';
import {
  actionLabel,
  EMPTY_RULE,
  type RuleForm as Form,
  metrics,
  OPERATORS,
  ruleBody,
  ruleFormErrors,
  ruleToForm,
  scopes,
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
  const { t } = useTranslation();
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
      aria-label={t('traffic.automation.ruleForm')}
    >
      <FormProblems errors={errors} failure={failure} />
      <div className="form-grid">
        <Field label={t('admin.col.name')} error={errors.name} required wide>
          {(c) => <input {...c} value={form.name} onChange={text('name')} maxLength={200} />}
        </Field>
        <Field label={t('traffic.automation.metricLabel')} error={errors.metric}>
          {(c) => (
            <select {...c} value={form.metric} onChange={text('metric')}>
              {options(metrics())}
            </select>
          )}
        </Field>
        <Field label={t('traffic.automation.scopeCol')} error={errors.scope}>
          {(c) => (
            <select {...c} value={form.scope} onChange={text('scope')}>
              {options(scopes())}
            </select>
          )}
        </Field>
        <Field
          label={t('traffic.automation.targetId')}
          hint={t('traffic.automation.targetHint')}
          error={errors.target_id}
        >
          {(c) => <input {...c} inputMode="numeric" value={form.target_id} onChange={text('target_id')} />}
        </Field>
        <Field label={t('traffic.automation.operator')} error={errors.operator}>
          {(c) => (
            <select {...c} value={form.operator} onChange={text('operator')}>
              {options(OPERATORS)}
            </select>
          )}
        </Field>
        <Field
          label={t('traffic.automation.threshold')}
          hint={
            form.metric === 'epc' || form.metric === 'clawback_amount'
              ? t('traffic.automation.amountHint')
              : t('traffic.automation.percentHint')
          }
          error={errors.threshold}
          required
        >
          {(c) => <input {...c} inputMode="decimal" value={form.threshold} onChange={text('threshold')} />}
        </Field>
        <Field label={t('traffic.automation.windowHours')} error={errors.window_hours}>
          {(c) => (
            <input {...c} inputMode="numeric" value={form.window_hours} onChange={text('window_hours')} />
          )}
        </Field>
        <Field
          label={t('traffic.automation.minVolume')}
          hint={t('traffic.automation.minVolumeHint')}
          error={errors.min_volume}
        >
          {(c) => <input {...c} inputMode="numeric" value={form.min_volume} onChange={text('min_volume')} />}
        </Field>
        <Field label={t('traffic.automation.scheduleCron')} error={errors.schedule}>
          {(c) => <input {...c} value={form.schedule} onChange={text('schedule')} />}
        </Field>
      </div>
      <fieldset className="checkbox-row">
        <legend>{t('traffic.automation.actionsCol')}</legend>
        {(['pause_offer', 'suspend_publisher', 'reduce_cap', 'alert_admin'] as const).map((a) => (
          <label key={a}>
            <input type="checkbox" checked={form[a]} onChange={check(a)} /> {actionLabel(a)} <code>{a}</code>
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
              <Field
                label={t('traffic.automation.reduceBy')}
                error={errors.reduce_percent ?? errors['actions/0/percent']}
              >
                {(c) => (
                  <input
                    {...c}
                    inputMode="numeric"
                    value={form.reduce_percent}
                    onChange={text('reduce_percent')}
                  />
                )}
              </Field>
              <Field label={t('traffic.automation.capFloor')} error={errors.reduce_floor}>
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
            <Field label={t('traffic.automation.webhook')} error={errors.webhook_url} wide>
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
        <input type="checkbox" checked={form.enabled} onChange={check('enabled')} />{' '}
        {t('traffic.automation.enabledHint')}
      </label>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {busy
            ? t('admin.act.saving')
            : rule
              ? t('traffic.automation.saveRule')
              : t('traffic.automation.createRule')}
        </button>
      </div>
    </form>
  );
}
