import { useState } from 'react';
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
  const waiting = publisher.status === 'pending';
  usePageTitle(waiting ? 'Waiting for approval' : 'Account not active', 'Publisher');
  const [checking, setChecking] = useState(false);
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <p className="brand">Leadrail</p>
        <h1>{waiting ? 'Waiting for approval' : 'Account not active'}</h1>
        <p>
          Thanks, {publisher.name}. Your account <strong>{publisher.email}</strong> is{' '}
          <Badge value={publisher.status} />.{' '}
          {waiting
            ? 'The network reviews new publishers; once approved you will find your offers and tracking links here.'
            : 'Its links do not track traffic now. Contact the network to find out more.'}
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
          {checking ? 'Checking…' : 'Check again'}
        </button>
        <button type="button" className="button-ghost" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </main>
  );
}
