import { useState } from 'react';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { api } from '../../lib/api';
import type { Advertiser, InboundProfile, PostbackPreview } from '../../lib/types';

const PROFILE_LABELS: [keyof InboundProfile, string][] = [
  ['click_params', 'Click ID'],
  ['lead_id_param', 'Their lead ID'],
  ['status_param', 'Status'],
  ['payout_param', 'Payout'],
  ['currency_param', 'Currency'],
  ['txid_param', 'Transaction ID'],
  ['goal_param', 'Goal'],
];

function shown(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}

function outcomeLine(p: PostbackPreview): string {
  if (p.refused) return `Would be refused: HTTP ${p.refused.status} ${p.refused.code} — ${p.refused.message}`;
  if (p.outcome === 'ignored')
    return 'Would be answered “ignored”: the status is in ignore_status. Nothing changes.';
  const lead = p.lead
    ? `lead ${p.lead.id} (now ${p.lead.status})`
    : p.lead_created
      ? 'a new lead for this click'
      : 'no lead';
  return `Would change ${lead} → ${shown(p.status.lands_as)}.`;
}

/**
 * The postback inspector: paste a postback as the network sends it, see what it would do with the
 * saved settings (nothing is changed), and save the profile proposed from its parameter names.
 */
export function PostbackInspectorPanel({
  advertiserId,
  onSaved,
}: {
  advertiserId: string;
  onSaved: () => void;
}) {
  const [url, setUrl] = useState('');
  const [preview, setPreview] = useState<PostbackPreview>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  async function inspect() {
    setFailure(undefined);
    setSaved(false);
    setBusy(true);
    try {
      setPreview(
        await api.post<PostbackPreview>(`/api/admin/advertisers/${advertiserId}/postback-preview`, { url }),
      );
    } catch (error) {
      setFailure(error);
      setPreview(undefined);
    } finally {
      setBusy(false);
    }
  }

  async function saveProfile(profile: InboundProfile) {
    setFailure(undefined);
    setBusy(true);
    try {
      await api.patch<Advertiser>(`/api/admin/advertisers/${advertiserId}`, { inbound_profile: profile });
      setPreview(
        await api.post<PostbackPreview>(`/api/admin/advertisers/${advertiserId}/postback-preview`, { url }),
      );
      setSaved(true);
      onSaved();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const p = preview;
  const changed = p && JSON.stringify(p.proposed_profile) !== JSON.stringify(p.profile);
  return (
    <section className="panel postback-inspector" aria-labelledby="postback-inspector-title">
      <h2 id="postback-inspector-title">Postback inspector</h2>
      <p className="hint">
        Paste a postback URL exactly as their network sends it (with real values). It is read with the saved
        settings; nothing is recorded.
      </p>
      <Field label="Postback URL to inspect" wide>
        {(c) => (
          <textarea {...c} rows={3} className="mono" value={url} onChange={(e) => setUrl(e.target.value)} />
        )}
      </Field>
      <div className="form-actions">
        <button
          type="button"
          className="button-primary"
          onClick={inspect}
          disabled={busy || url.trim() === ''}
        >
          {busy ? 'Inspecting…' : 'Inspect'}
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      {saved && <Notice tone="success">Profile saved. The postback above is read with it now.</Notice>}
      {p && (
        <div className="inspector-result">
          <p role="status" className="inspector-outcome">
            {outcomeLine(p)}
          </p>
          <dl className="facts">
            <dt>Endpoint</dt>
            <dd>{p.endpoint}</dd>
            <dt>Click</dt>
            <dd>{p.click ? `${p.click.id} (from ${p.click.param})` : '—'}</dd>
            <dt>Status</dt>
            <dd>
              {p.status.word === null ? 'none sent' : `${p.status.word} (from ${shown(p.status.param)})`}
              {p.status.lands_as ? ` → ${p.status.lands_as}` : ''}
            </dd>
            <dt>Payout</dt>
            <dd>{shown(p.payout)}</dd>
            <dt>Currency</dt>
            <dd>{p.currency ?? 'the offer’s'}</dd>
            <dt>Transaction ID</dt>
            <dd>{shown(p.txid)}</dd>
            <dt>Goal</dt>
            <dd>{shown(p.goal)}</dd>
          </dl>
          {p.warnings.length > 0 && (
            <div className="notice notice-warning" role="alert">
              <p>Not used, so not recorded:</p>
              <ul className="warnings">
                {p.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          )}
          <h3>Proposed profile</h3>
          <dl className="facts proposed-profile">
            {PROFILE_LABELS.map(([key, label]) => {
              const value = p.proposed_profile[key];
              if (value === undefined) return null;
              return [
                <dt key={`${key}-t`}>{label}</dt>,
                <dd key={`${key}-d`} className="mono">
                  {Array.isArray(value) ? value.join(', ') : String(value)}
                </dd>,
              ];
            })}
          </dl>
          {changed ? (
            <button type="button" onClick={() => saveProfile(p.proposed_profile)} disabled={busy}>
              Use this profile
            </button>
          ) : (
            <p className="hint">The saved profile already reads this postback this way.</p>
          )}
        </div>
      )}
    </section>
  );
}
