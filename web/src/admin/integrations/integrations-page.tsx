import { useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/badge';
import { CopyButton, CopyField } from '../../components/copy-button';
import { Field } from '../../components/field';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import type { Advertiser, IntegrationTemplate } from '../../lib/types';
import { useAllAdvertisers } from '../lookups';

const KIND: Record<string, string> = { cpa_network: 'CPA network', platform: 'Platform', tracker: 'Tracker' };

/** How far a template was checked against the network's public docs, in the operator's words. */
const VERIFICATION: Record<IntegrationTemplate['verification'], string> = {
  verified: 'Checked against its docs',
  partial: 'Partly checked: see its notes',
  unverified: 'Unverified: no public docs found',
};

/** The template's postback URL with the advertiser's token in place of TOKEN. */
export function withToken(url: string, advertiser: Advertiser | undefined): string {
  return advertiser ? url.replace('id=TOKEN&', `id=${advertiser.postback_token}&`) : url;
}

/** Network integration templates (seed 003): what each sets, the postback to paste, apply to an advertiser. */
export function IntegrationsPage() {
  usePageTitle('Integrations');
  const templates = useResource('integrations', () =>
    api.get<{ data: IntegrationTemplate[] }>('/api/admin/integrations').then((r) => r.data),
  );
  const advertisers = useAllAdvertisers();
  const [advertiserId, setAdvertiserId] = useState('');
  const [autoClickId, setAutoClickId] = useState(true);
  const advertiser = advertisers.data?.find((a) => a.id === advertiserId);
  const failed = templates.error ?? advertisers.error;
  if (failed) return <ErrorNotice error={failed} onRetry={templates.reload} />;
  if (!templates.data) return <Loading />;
  return (
    <section>
      <div className="page-head">
        <h1>Integrations</h1>
      </div>
      <p className="hint">
        Ready templates for CPA networks, platforms and advertisers' trackers. Applying one sets the
        advertiser's push format, status map and the parameter the network takes our click ID in; paste the
        postback URL into the network's global postback. Each template links the public page its macros were
        taken from; an unverified one must be checked in the network's panel. Step by step:
        docs/connect-a-network.md.
      </p>
      <div className="panel">
        <div className="form-grid">
          <Field
            label="Advertiser"
            hint="Its postback token fills the URLs below; templates are applied to it."
          >
            {(c) => (
              <select {...c} value={advertiserId} onChange={(e) => setAdvertiserId(e.target.value)}>
                <option value="">Choose an advertiser</option>
                {(advertisers.data ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="field checkbox">
            <label>
              <input
                type="checkbox"
                checked={autoClickId}
                onChange={(e) => setAutoClickId(e.target.checked)}
              />{' '}
              Automatically add click ID to link
            </label>
          </div>
        </div>
        {advertiser && (
          <p className="hint">
            {advertiser.name} now: click ID parameter <code>{advertiser.click_param || 'click_id'}</code>,
            added to links automatically: {advertiser.auto_click_id ? 'yes' : 'no'}.
          </p>
        )}
      </div>
      <ul className="template-list">
        {templates.data.map((t) => (
          <TemplateCard
            key={t.key}
            template={t}
            advertiser={advertiser}
            autoClickId={autoClickId}
            onApplied={advertisers.reload}
          />
        ))}
      </ul>
    </section>
  );
}

function TemplateCard({
  template: t,
  advertiser,
  autoClickId,
  onApplied,
}: {
  template: IntegrationTemplate;
  advertiser: Advertiser | undefined;
  autoClickId: boolean;
  onApplied: () => void;
}) {
  const [applied, setApplied] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const push = t.push as { integration_type?: string; post_encoding?: string; auth_location?: string };

  async function apply() {
    if (!advertiser) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post(`/api/admin/integrations/${t.key}/apply`, {
        advertiser_id: advertiser.id,
        auto_click_id: autoClickId,
      });
      setApplied(advertiser.name);
      onApplied();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li>
      <details className="panel template-card">
        <summary>
          <strong>{t.name}</strong> <span className="hint">{KIND[t.kind] ?? t.kind}</span>{' '}
          <span className="hint">
            click in <code>{t.click_param}</code>
          </span>{' '}
          <span className={`verification verification-${t.verification}`}>
            {VERIFICATION[t.verification]}
          </span>
        </summary>
        <p>{t.notes}</p>
        <p className="hint">
          <a href={t.website} target="_blank" rel="noreferrer">
            {t.website}
          </a>
          {' · '}
          <a href={t.docs_url} target="_blank" rel="noreferrer">
            {t.name} postback docs
          </a>
        </p>
        <h3>What it sets</h3>
        <ul className="notes-list">
          <li>
            Push: {push.integration_type === 's2s_get' ? 'S2S GET' : 'API POST'}
            {push.integration_type === 'api_post'
              ? ` (${push.post_encoding === 'form' ? 'form' : 'JSON'})`
              : ''}
            , auth in {push.auth_location}; endpoint and key stay yours.
          </li>
          <li>
            Click ID parameter <code>{t.click_param}</code>: links get <code>{t.click_param}=</code> and the
            click ID when “Automatically add click ID to link” is on.
          </li>
        </ul>
        <h3>Postback URL to paste into {t.name}</h3>
        {!advertiser && <p className="hint">Choose an advertiser above: TOKEN becomes its postback token.</p>}
        <CopyField label={`${t.name} postback URL`} text={withToken(t.postback_url, advertiser)} />
        <h3>Status map</h3>
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t.name} statuses</caption>
            <thead>
              <tr>
                <th scope="col">{t.name} sends</th>
                <th scope="col">Lands as</th>
                <th scope="col">Sample postback</th>
              </tr>
            </thead>
            <tbody>
              {t.sample_postbacks.map((s) => (
                <tr key={s.status}>
                  <td>
                    <code>{s.status}</code>
                  </td>
                  <td>{s.lands_as === 'new' ? 'a new lead' : <Badge value={s.lands_as} />}</td>
                  <td>
                    <CopyButton text={withToken(s.url, advertiser)} label={`Copy ${s.status} sample`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {failure ? <ErrorNotice error={failure} /> : null}
        {applied && (
          <Notice tone="success">
            {t.name} applied to {applied}: push format, status map and click ID parameter saved.{' '}
            {advertiser && <Link to={`/admin/advertisers/${advertiser.id}`}>Check its endpoint and key</Link>}
          </Notice>
        )}
        <div className="form-actions">
          <button type="button" className="button-primary" disabled={!advertiser || busy} onClick={apply}>
            {busy
              ? 'Applying…'
              : advertiser
                ? `Apply to ${advertiser.name}`
                : 'Choose an advertiser to apply'}
          </button>
        </div>
      </details>
    </li>
  );
}
