import { useState } from 'react';
import { CopyField } from '../../components/copy-button';
import { ErrorNotice, Notice } from '../../components/notice';
import { api } from '../../lib/api';

/** The stats pull API token: shown once when generated, with the URL a tracker pulls. */
export function StatsTokenPanel({ hasToken, onChange }: { hasToken: boolean; onChange: () => void }) {
  const [issued, setIssued] = useState<{ token: string; stats_url: string; conversions_url: string }>();
  const [revoked, setRevoked] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function generate() {
    if (hasToken && !window.confirm('Replace the token? The old one stops working at once.')) return;
    setFailure(undefined);
    setRevoked(false);
    try {
      setIssued(await api.post('/api/publisher/stats-token'));
      onChange();
    } catch (error) {
      setFailure(error);
    }
  }

  async function revoke() {
    if (!window.confirm('Revoke the token? Anything pulling stats with it gets 403.')) return;
    setFailure(undefined);
    try {
      await api.delete('/api/publisher/stats-token');
      setIssued(undefined);
      setRevoked(true);
      onChange();
    } catch (error) {
      setFailure(error);
    }
  }

  const active = hasToken || issued !== undefined;
  return (
    <section className="panel" aria-labelledby="stats-token-title">
      <h2 id="stats-token-title">Stats API</h2>
      <p className="hint">
        Your tracker can pull clicks, leads, approved and payout by day, offer or sub1…sub10 as CSV or JSON
        (add &amp;from=YYYY-MM-DD&amp;to=…&amp;group=day|offer|sub1…sub10), and your conversions one row each
        — click id, sub1–sub10, offer, status, payout, txid — in the order they last changed (add
        &amp;since=YYYY-MM-DD, then &amp;cursor= with the next_cursor of each answer, or the X-Next-Cursor
        header of the CSV). 60 calls a minute on each.
      </p>
      {failure ? <ErrorNotice error={failure} /> : null}
      {revoked && <Notice tone="success">Token revoked.</Notice>}
      {issued && (
        <>
          <Notice tone="success">New token made. Copy the URL now: the token is not shown again.</Notice>
          <CopyField label="Stats URL" text={issued.stats_url} />
          <CopyField label="Conversions URL" text={issued.conversions_url} />
        </>
      )}
      {!issued && (
        <p>
          {active
            ? 'A token is active. It is stored hashed, so it cannot be shown again: replace it if you lost it.'
            : 'No token yet.'}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button-primary" onClick={generate}>
          {active ? 'Replace token' : 'Generate token'}
        </button>
        {active && (
          <button type="button" className="button-ghost" onClick={revoke}>
            Revoke token
          </button>
        )}
      </div>
    </section>
  );
}
