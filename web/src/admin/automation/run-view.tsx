import type { AutomationRun } from '../../lib/types';

/** What a run (or dry run) evaluated and what it did or would do. */
export function RunView({ run }: { run: AutomationRun }) {
  return (
    <div className="run-view">
      {run.error && <p className="notice notice-error">{run.error}</p>}
      <h3>Evaluated</h3>
      {run.evaluated.length === 0 ? (
        <p className="muted">Nothing in scope had data in the window.</p>
      ) : (
        <ul className="plain-list">
          {run.evaluated.map((e) => (
            <li key={`${e.subject_id}-${e.currency}`}>
              <span className={e.matched ? 'badge badge-rejected' : 'badge badge-approved'}>
                {e.matched ? 'matched' : 'no match'}
              </span>{' '}
              {e.subject_id ? `${e.subject} ${e.subject_id}${e.name ? ` (${e.name})` : ''}` : 'all traffic'}:{' '}
              <strong>{e.value ?? '—'}</strong>
              {e.currency ? ` ${e.currency}` : ''} · volume {e.volume}
              {e.note ? ` · ${e.note}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>{run.trigger === 'dry_run' ? 'Would do' : 'Did'}</h3>
      {run.actions.length === 0 ? (
        <p className="muted">No action.</p>
      ) : (
        <ul className="plain-list">
          {run.actions.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a run's actions never reorder
            <li key={i}>
              <code>{a.type}</code> — {a.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
