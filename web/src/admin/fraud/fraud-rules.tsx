import { type FormEvent, useState } from 'react';
import { Field } from '../../components/field';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { ApiError, api } from '../../lib/api';
import type { FraudRule } from '../../lib/types';

/** Each fraud rule's switch, threshold and window (PUT /api/admin/fraud/rules/:rule). */
export function FraudRules() {
  const rules = useResource('fraud-rules', () => api.get<FraudRule[]>('/api/admin/fraud/rules'));
  if (rules.error) return <ErrorNotice error={rules.error} onRetry={rules.reload} />;
  if (!rules.data) return <Loading />;
  return (
    <>
      <h2>Rule thresholds</h2>
      <p className="muted">
        Checked at every click and lead. Changes apply at once on this server and within 5 seconds on others.
      </p>
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
      found.threshold = 'A whole number of clicks, at least 1';
    if (rule.window_minutes !== null && (!WHOLE.test(windowMinutes) || Number(windowMinutes) < 1))
      found.window_minutes = 'Minutes, at least 1';
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
    <form className="panel form" onSubmit={save} noValidate aria-label={`Rule ${rule.rule}`}>
      <h3>
        <code>{rule.rule}</code>
      </h3>
      <p className="muted">{rule.description}</p>
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
      </label>
      {rule.threshold !== null && (
        <Field label="Threshold (clicks)" error={errors.threshold}>
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
        <Field label="Window (minutes)" error={errors.window_minutes}>
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
      {saved && <Notice tone="success">Saved.</Notice>}
      <div className="form-actions">
        <button type="submit" className="button-primary">
          Save {rule.rule}
        </button>
      </div>
    </form>
  );
}
