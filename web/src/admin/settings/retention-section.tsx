import { type FormEvent, useEffect, useState } from 'react';
import { ErrorNotice, Notice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';

const KINDS = [
  [
    'raw_clicks',
    'Raw clicks',
    'Reports keep answering from the hourly rollups; sub2…sub10 reports need raw clicks.',
  ],
  ['postback_log', 'Postback log', ''],
  ['outbound_requests', 'Outbound requests', ''],
  ['finished_jobs', 'Finished jobs', 'Done and failed jobs; pending ones are never deleted.'],
] as const;

type Kind = (typeof KINDS)[number][0];
type RetentionSettings = Record<Kind, number | null>;

/** Days each kind of raw row is kept; empty keeps it forever. A daily job deletes older rows. */
export function RetentionSection() {
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
      setDone('Saved. The daily retention job deletes rows older than these days.');
      settings.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <div className="settings-block">
      <h2>Data retention</h2>
      {settings.error ? <ErrorNotice error={settings.error} onRetry={settings.reload} /> : null}
      {draft && (
        <form onSubmit={save}>
          {KINDS.map(([key, label, hint]) => (
            <label key={key} className="field">
              <span>{label} (days)</span>
              <input
                type="number"
                min={1}
                max={3650}
                placeholder="forever"
                value={draft[key]}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
              />
              {hint && <span className="hint">{hint}</span>}
            </label>
          ))}
          <button type="submit">Save retention</button>
        </form>
      )}
      <p className="hint">Empty keeps rows forever (the default).</p>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
    </div>
  );
}
