import { useState } from 'react';
import { useResource } from '../hooks/use-resource';
import { tr } from '../i18n';
import { api, errorMessage } from '../lib/api';
import { addDays, todayIn } from '../lib/time-zone';

interface SavedReport {
  id: number;
  report: 'grouped' | 'custom';
  name: string;
  params: string;
  relative: { days: number; end_offset: number } | null;
}

/** Whole days from one YYYY-MM-DD to another. */
function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The query a saved report opens: its params, with the dates worked out for today when relative. */
export function savedReportQuery(saved: SavedReport, today: string): URLSearchParams {
  const query = new URLSearchParams(saved.params);
  if (saved.relative) {
    const to = addDays(today, -saved.relative.end_offset);
    query.set('from', addDays(to, -(saved.relative.days - 1)));
    query.set('to', to);
  }
  return query;
}

/**
 * Saved reports (GET/POST/DELETE <base>/saved-reports): open one of your saved settings, save the
 * settings on screen under a name (the same name replaces), with the dates fixed or relative to the
 * day it is opened ("the last 7 days" stays the last 7 days), or delete one.
 */
export function SavedReportsBar({
  base,
  report,
  current,
  timeZone,
  onOpen,
}: {
  base: '/api/admin' | '/api/publisher';
  report: 'grouped' | 'custom';
  /** The report's query on screen (with from and to). */
  current: Record<string, string>;
  timeZone: string;
  onOpen: (query: URLSearchParams) => void;
}) {
  const list = useResource(`saved-reports-${report}`, () =>
    api.get<{ data: SavedReport[] }>(`${base}/saved-reports`, { report }),
  );
  const [name, setName] = useState('');
  const [relative, setRelative] = useState(true);
  const [message, setMessage] = useState<string>();
  const today = todayIn(timeZone);
  const saved = list.data?.data ?? [];

  async function save() {
    const { from = today, to = today, ...rest } = current;
    const params = new URLSearchParams(relative ? rest : { from, to, ...rest }).toString();
    const body = relative
      ? {
          report,
          name,
          params,
          relative: { days: daysFrom(from, to) + 1, end_offset: Math.max(0, daysFrom(to, today)) },
        }
      : { report, name, params };
    try {
      await api.post(`${base}/saved-reports`, body);
      setMessage(tr('exports.saved.done', { name }));
      setName('');
      // No reload here: the change invalidates the query cache, and the list asks again.
    } catch (error) {
      setMessage(errorMessage(error));
    }
  }

  async function remove(item: SavedReport) {
    if (!window.confirm(tr('exports.saved.confirmDelete', { name: item.name }))) return;
    try {
      await api.delete(`${base}/saved-reports/${item.id}`);
    } catch (error) {
      setMessage(errorMessage(error));
    }
  }

  return (
    <section className="saved-reports" aria-label={tr('exports.saved.title')}>
      <label>
        {tr('exports.saved.open')}{' '}
        <select
          aria-label={tr('exports.saved.open')}
          value=""
          onChange={(e) => {
            const item = saved.find((s) => String(s.id) === e.target.value);
            if (item) onOpen(savedReportQuery(item, today));
          }}
        >
          <option value="">{saved.length === 0 ? tr('exports.saved.none') : '—'}</option>
          {saved.map((s) => (
            <option key={s.id} value={s.id}>
              {s.relative
                ? tr('exports.saved.relativeName', { name: s.name, count: s.relative.days })
                : s.name}
            </option>
          ))}
        </select>
      </label>
      <form
        className="saved-reports-save"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input
          aria-label={tr('exports.saved.name')}
          placeholder={tr('exports.saved.name')}
          value={name}
          maxLength={80}
          required
          onChange={(e) => setName(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={relative} onChange={(e) => setRelative(e.target.checked)} />{' '}
          {tr('exports.saved.relative')}
        </label>
        <button type="submit" className="button">
          {tr('exports.saved.save')}
        </button>
      </form>
      {saved.length > 0 && (
        <details>
          <summary>{tr('exports.saved.manage')}</summary>
          <ul>
            {saved.map((s) => (
              <li key={s.id}>
                {s.name}{' '}
                <button type="button" className="link" onClick={() => void remove(s)}>
                  {tr('exports.saved.delete')}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {message && (
        <p role="status" className="muted">
          {message}
        </p>
      )}
    </section>
  );
}
