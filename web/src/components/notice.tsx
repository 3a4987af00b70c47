import type { ReactNode } from 'react';
import { tr } from '../i18n';
import { errorMessage } from '../lib/api';

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" className={onRetry ? 'notice notice-error notice-action' : 'notice notice-error'}>
      {/* errorMessage reads the current language */}
      <span>{errorMessage(error)}</span>
      {onRetry && (
        <button type="button" className="button-small" onClick={onRetry}>
          {tr('common.notice.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({
  children,
  tone = 'info',
}: {
  children: ReactNode;
  tone?: 'info' | 'success' | 'warning';
}) {
  return (
    <div role="status" className={`notice notice-${tone}`}>
      {children}
    </div>
  );
}

/** After a save: what the server repaired in a pasted URL (its `notices`), for the person to check. */
export function RepairNotices({ notices }: { notices?: readonly string[] }) {
  if (!notices || notices.length === 0) return null;
  return (
    <div role="status" className="notice notice-warning">
      <span>{tr('common.notice.repaired')}</span>
      <ul>
        {notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}

export function Loading({ what = tr('common.notice.loading') }: { what?: string }) {
  return (
    <p role="status" className="loading">
      {what}…
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** On top of a form: the server's refusal in its words, or a pointer to the fields marked below. */
export function FormProblems({
  errors,
  failure,
}: {
  errors: Record<string, string | undefined>;
  failure: unknown;
}) {
  if (failure) return <ErrorNotice error={failure} />;
  if (!Object.values(errors).some(Boolean)) return null;
  return (
    <p className="notice notice-error" role="alert">
      {tr('common.notice.checkFields')}
    </p>
  );
}
