import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/badge';
import { CopyButton, CopyField } from '../../components/copy-button';
import { Field } from '../../components/field';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { labelsOf } from '../../i18n/labels';
import { api } from '../../lib/api';
import type { Advertiser, IntegrationTemplate } from '../../lib/types';
import { useAllAdvertisers } from '../lookups';

const KIND: Record<string, string> = labelsOf(
  ['cpa_network', 'platform', 'tracker'],
  'setup.integrations.kind',
);

/** How far a template was checked against the network's public docs, in the operator's words. */
const VERIFICATION: Record<IntegrationTemplate['verification'], string> = labelsOf(
  ['verified', 'partial', 'unverified'],
  'setup.integrations.verification',
);

/** The template's postback URL with the advertiser's token in place of TOKEN. */
export function withToken(url: string, advertiser: Advertiser | undefined): string {
  return advertiser ? url.replace('id=TOKEN&', `id=${advertiser.postback_token}&`) : url;
}

/** Network integration templates (seed 003): what each sets, the postback to paste, apply to an advertiser. */
export function IntegrationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('setup.integrations.title'));
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
        <h1>{t('setup.integrations.title')}</h1>
      </div>
      <p className="hint">
        {t('setup.integrations.intro')} <code>docs/connect-a-network.md</code>.
      </p>
      <div className="panel">
        <div className="form-grid">
          <Field label={t('admin.col.advertiser')} hint={t('setup.integrations.advertiserHint')}>
            {(c) => (
              <select {...c} value={advertiserId} onChange={(e) => setAdvertiserId(e.target.value)}>
                <option value="">{t('setup.integrations.chooseAdvertiser')}</option>
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
              {t('setup.integrations.autoClickId')}
            </label>
          </div>
        </div>
        {advertiser && (
          <p className="hint">
            <Trans
              i18nKey="setup.integrations.advertiserNow"
              values={{
                name: advertiser.name,
                param: advertiser.click_param || 'click_id',
                auto: advertiser.auto_click_id ? t('admin.act.yes') : t('admin.act.no'),
              }}
              components={{ c: <code /> }}
            />
          </p>
        )}
      </div>
      <ul className="template-list">
        {templates.data.map((tpl) => (
          <TemplateCard
            key={tpl.key}
            template={tpl}
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
  template: tpl,
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
  const { t } = useTranslation();
  const push = tpl.push as { integration_type?: string; post_encoding?: string; auth_location?: string };

  async function apply() {
    if (!advertiser) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post(`/api/admin/integrations/${tpl.key}/apply`, {
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
          <strong translate="no">{tpl.name}</strong>{' '}
          <span className="hint">{KIND[tpl.kind] ?? tpl.kind}</span>{' '}
          <span className="hint">
            {t('setup.integrations.clickIn')} <code>{tpl.click_param}</code>
          </span>{' '}
          <span className={`verification verification-${tpl.verification}`}>
            {VERIFICATION[tpl.verification]}
          </span>
        </summary>
        <p>{tpl.notes}</p>
        <p className="hint">
          <a href={tpl.website} target="_blank" rel="noreferrer">
            {tpl.website}
          </a>
          {' · '}
          <a href={tpl.docs_url} target="_blank" rel="noreferrer">
            {t('setup.integrations.docs', { name: tpl.name })}
          </a>
        </p>
        <h3>{t('setup.integrations.whatItSets')}</h3>
        <ul className="notes-list">
          <li>
            {t('setup.integrations.push', {
              format:
                (push.integration_type === 's2s_get' ? 'S2S GET' : 'API POST') +
                (push.integration_type === 'api_post'
                  ? ` (${push.post_encoding === 'form' ? t('setup.integrations.form') : 'JSON'})`
                  : ''),
              auth: push.auth_location,
            })}
          </li>
          <li>
            <Trans
              i18nKey="setup.integrations.clickParam"
              values={{ param: tpl.click_param }}
              components={{ c: <code /> }}
            />
          </li>
        </ul>
        <h3>{t('setup.integrations.pasteInto', { name: tpl.name })}</h3>
        {!advertiser && <p className="hint">{t('setup.integrations.chooseAbove')}</p>}
        <CopyField
          label={t('setup.integrations.postbackUrl', { name: tpl.name })}
          text={withToken(tpl.postback_url, advertiser)}
        />
        <h3>{t('setup.integrations.statusMap')}</h3>
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t('setup.integrations.statuses', { name: tpl.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('setup.integrations.sends', { name: tpl.name })}</th>
                <th scope="col">{t('setup.integrations.landsAs')}</th>
                <th scope="col">{t('setup.integrations.sample')}</th>
              </tr>
            </thead>
            <tbody>
              {tpl.sample_postbacks.map((s) => (
                <tr key={s.status}>
                  <td>
                    <code>{s.status}</code>
                  </td>
                  <td>
                    {s.lands_as === 'new' ? t('setup.integrations.newLead') : <Badge value={s.lands_as} />}
                  </td>
                  <td>
                    <CopyButton
                      text={withToken(s.url, advertiser)}
                      label={t('setup.integrations.copySample', { status: s.status })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {failure ? <ErrorNotice error={failure} /> : null}
        {applied && (
          <Notice tone="success">
            {t('setup.integrations.applied', { name: tpl.name, advertiser: applied })}{' '}
            {advertiser && (
              <Link to={`/admin/advertisers/${advertiser.id}`}>{t('setup.integrations.checkEndpoint')}</Link>
            )}
          </Notice>
        )}
        <div className="form-actions">
          <button type="button" className="button-primary" disabled={!advertiser || busy} onClick={apply}>
            {busy
              ? t('setup.integrations.applying')
              : advertiser
                ? t('setup.integrations.applyTo', { name: advertiser.name })
                : t('setup.integrations.chooseToApply')}
          </button>
        </div>
      </details>
    </li>
  );
}
