import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';

/** Each kind of raw row, and whether it has a hint (setup.retention.<kind> and <kind>Hint). */
const KINDS = [
  ['raw_clicks', true],
  ['postback_log', false],
  ['outbound_requests', false],
  ['finished_jobs', true],
] as const;

type Kind = (typeof KINDS)[number][0];
type RetentionSettings = Record<Kind, number | null>;

/** Days each kind of raw row is kept; empty keeps it forever. A daily job deletes older rows. */
export function RetentionSection() {
  const { t } = useTranslation();
  const settings = useResource('retention-settings', () =>
    api.get<RetentionSettings>('/api/admin/retention-settings'),
  );
  const [draft, setDraft] = useState<Record<Kind, string>>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();

  useEffect(() => {
    if (!settings.data) return;
    const data = settings.data;
    setDraft(
      Object.fromEntries(KINDS.map(([k]) => [k, data[k] === null ? '' : String(data[k])])) as Record<
        Kind,
        string
      >,
    );
  }, [settings.data]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setFailure(undefined);
    setDone(undefined);
    try {
      const body = Object.fromEntries(
        KINDS.map(([k]) => [k, draft[k].trim() === '' ? null : Number(draft[k])]),
      ) as RetentionSettings;
      await api.put('/api/admin/retention-settings', body);
      setDone(t('setup.retention.saved'));
      settings.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <div className="settings-block">
      <h2>{t('setup.retention.title')}</h2>
      {settings.error ? <ErrorNotice error={settings.error} onRetry={settings.reload} /> : null}
      {draft && (
        <form onSubmit={save}>
          {KINDS.map(([key, hint]) => (
            <label key={key} className="field">
              <span>{t('setup.retention.days', { kind: t(`setup.retention.${key}`) })}</span>
              <input
                type="number"
                min={1}
                max={3650}
                placeholder={t('setup.retention.forever')}
                value={draft[key]}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
              />
              {hint && <span className="hint">{t(`setup.retention.${key}Hint`)}</span>}
            </label>
          ))}
          <button type="submit">{t('setup.retention.save')}</button>
        </form>
      )}
      <p className="hint">{t('setup.retention.hint')}</p>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
    </div>
  );
}
