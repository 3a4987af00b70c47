import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { Coded } from '../../i18n/coded';
import { ApiError, api } from '../../lib/api';
import type { FraudRule } from '../../lib/types';

/** Each fraud rule's switch, threshold and window (PUT /api/admin/fraud/rules/:rule). */
export function FraudRules() {
  const { t } = useTranslation();
  const rules = useResource('fraud-rules', () => api.get<FraudRule[]>('/api/admin/fraud/rules'));
  if (rules.error) return <ErrorNotice error={rules.error} onRetry={rules.reload} />;
  if (!rules.data) return <Loading />;
  return (
    <>
      <h2>{t('traffic.fraud.rules')}</h2>
      <p className="muted">{t('traffic.fraud.rulesHint')}</p>
      <div className="rule-cards">
        {rules.data.map((rule) => (
          <RuleForm key={rule.rule} rule={rule} onSaved={rules.reload} />
        ))}
      </div>
    </>
  );
}

const WHOLE = /^\d{1,6}$/;

function RuleForm({ rule, onSaved }: { rule: FraudRule; onSaved: () => void }) {
  const { t } = useTranslation();
  const [enabled, setEnabled] = useState(rule.enabled);
  const [threshold, setThreshold] = useState(rule.threshold === null ? '' : String(rule.threshold));
  const [windowMinutes, setWindowMinutes] = useState(
    rule.window_minutes === null ? '' : String(rule.window_minutes),
  );
  const [errors, setErrors] = useState<{ threshold?: string; window_minutes?: string }>({});
  const [failure, setFailure] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setFailure(undefined);
    const found: typeof errors = {};
    if (rule.threshold !== null && (!WHOLE.test(threshold) || Number(threshold) < 1))
      found.threshold = t('traffic.fraud.thresholdError');
    if (rule.window_minutes !== null && (!WHOLE.test(windowMinutes) || Number(windowMinutes) < 1))
      found.window_minutes = t('traffic.fraud.windowError');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await api.put(`/api/admin/fraud/rules/${rule.rule}`, {
        enabled,
        ...(rule.threshold !== null ? { threshold: Number(threshold) } : {}),
        ...(rule.window_minutes !== null ? { window_minutes: Number(windowMinutes) } : {}),
      });
      setSaved(true);
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && (error.field === 'threshold' || error.field === 'window_minutes'))
        setErrors({ [error.field]: error.message });
      else setFailure(error);
    }
  }

  return (
    <form
      className="panel form"
      onSubmit={save}
      noValidate
      aria-label={t('traffic.fraud.ruleLabel', { rule: rule.rule })}
    >
      <h3>
        <code>{rule.rule}</code>
      </h3>
      <p className="muted">
        <Coded k={`traffic.fraud.ruleText.${rule.rule}`} defaults={rule.description} />
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />{' '}
        {t('traffic.enabled')}
      </label>
      {rule.threshold !== null && (
        <Field label={t('traffic.fraud.threshold')} error={errors.threshold}>
          {(c) => (
            <input
              {...c}
              inputMode="numeric"
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
            />
          )}
        </Field>
      )}
      {rule.window_minutes !== null && (
        <Field label={t('traffic.fraud.window')} error={errors.window_minutes}>
          {(c) => (
            <input
              {...c}
              inputMode="numeric"
              value={windowMinutes}
              onChange={(e) => setWindowMinutes(e.target.value)}
            />
          )}
        </Field>
      )}
      {failure ? <ErrorNotice error={failure} /> : null}
      {saved && <Notice tone="success">{t('traffic.saved')}</Notice>}
      <div className="form-actions">
        <button type="submit" className="button-primary">
          {t('admin.act.save')}
          <span className="sr-only"> {rule.rule}</span>
        </button>
      </div>
    </form>
  );
}
