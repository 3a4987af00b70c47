import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../components/badge';
import { usePageTitle } from '../hooks/use-page-title';
import type { Publisher } from '../lib/types';

interface Props {
  publisher: Publisher;
  onCheck: () => Promise<void>;
  onSignOut: () => void;
}

/**
 * Signed in but not approved: a new account waits for review (and can check again); a session that
 * outlived a suspension or rejection is told so (such accounts cannot sign in again).
 */
export function PendingPage({ publisher, onCheck, onSignOut }: Props) {
  const { t } = useTranslation();
  const waiting = publisher.status === 'pending';
  const title = waiting ? t('portal.pending.waiting') : t('portal.pending.inactive');
  usePageTitle(title, 'Publisher');
  const [checking, setChecking] = useState(false);
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <p className="brand">Leadrail</p>
        <h1>{title}</h1>
        <p>
          {t('portal.pending.thanks', { name: publisher.name })} {t('portal.pending.account')}{' '}
          <strong>{publisher.email}</strong>: <Badge value={publisher.status} />.{' '}
          {waiting ? t('portal.pending.review') : t('portal.pending.noTracking')}
        </p>
        <button
          type="button"
          className="button-primary"
          disabled={checking}
          onClick={async () => {
            setChecking(true);
            await onCheck().finally(() => setChecking(false));
          }}
        >
          {checking ? t('common.login.checking') : t('portal.pending.checkAgain')}
        </button>
        <button type="button" className="button-ghost" onClick={onSignOut} data-testid="sign-out">
          {t('common.shell.signOut')}
        </button>
      </div>
    </main>
  );
}
