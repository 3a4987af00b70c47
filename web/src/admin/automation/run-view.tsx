import { useTranslation } from 'react-i18next';
import { serverText } from '../../i18n/server-text';
import type { AutomationRun } from '../../lib/types';

/** What a run (or dry run) evaluated and what it did or would do. */
export function RunView({ run }: { run: AutomationRun }) {
  const { t } = useTranslation();
  return (
    <div className="run-view">
      {run.error && <p className="notice notice-error">{run.error}</p>}
      <h3>{t('traffic.automation.evaluated')}</h3>
      {run.evaluated.length === 0 ? (
        <p className="muted">{t('traffic.automation.noData')}</p>
      ) : (
        <ul className="plain-list">
          {run.evaluated.map((e) => (
            <li key={`${e.subject_id}-${e.currency}`}>
              <span className={e.matched ? 'badge badge-rejected' : 'badge badge-approved'}>
                {e.matched ? t('traffic.automation.matchedBadge') : t('traffic.automation.noMatch')}
              </span>{' '}
              {e.subject_id
                ? `${t(`traffic.automation.scope.${e.subject}`, { defaultValue: e.subject })} ${e.subject_id}${e.name ? ` (${e.name})` : ''}`
                : t('traffic.automation.scope.all').toLowerCase()}
              : <strong>{e.value ?? '—'}</strong>
              {e.currency ? ` ${e.currency}` : ''} · {t('traffic.automation.volume', { volume: e.volume })}
              {e.note ? ` · ${serverText('automation', e.note_code, e.note, e.note_params).text}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>{run.trigger === 'dry_run' ? t('traffic.automation.wouldDo') : t('traffic.automation.did')}</h3>
      {run.actions.length === 0 ? (
        <p className="muted">{t('traffic.automation.noAction')}</p>
      ) : (
        <ul className="plain-list">
          {run.actions.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a run's actions never reorder
            <li key={i}>
              <code>{a.type}</code> — {actionText(a)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What an action did, in the reader's language from its code (the server's English for older runs). */
export function actionText(a: AutomationRun['actions'][number]): string {
  return serverText('automation', a.code, a.detail, a.params).text;
}
