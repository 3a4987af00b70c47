import { useState } from 'react';
import { Badge } from '../components/badge';
import { usePageTitle } from '../hooks/use-page-title';
import type { Publisher } from '../lib/types';

/** Registered but not yet approved: nothing to run yet, and the way to check again. */
export function PendingPage({
  publisher,
  onCheck,
  onSignOut,
}: {
  publisher: Publisher;
  onCheck: () => Promise<void>;
  onSignOut: () => void;
}) {
  usePageTitle('Waiting for approval', 'Publisher');
  const [checking, setChecking] = useState(false);
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <p className="brand">Leadrail</p>
        <h1>Waiting for approval</h1>
        <p>
          Thanks, {publisher.name}. Your account <strong>{publisher.email}</strong> is{' '}
          <Badge value={publisher.status} />. The network reviews new publishers; once approved you will find
          your offers and tracking links here.
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
