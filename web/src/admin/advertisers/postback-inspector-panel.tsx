import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field';
import { ErrorNotice, Notice } from '../../components/notice';
import { tr } from '../../i18n';
import { PostbackWarnings } from '../../i18n/coded';
import { api } from '../../lib/api';
import type { Advertiser, InboundProfile, PostbackPreview } from '../../lib/types';

const PROFILE_KEYS: (keyof InboundProfile)[] = [
  'click_params',
  'lead_id_param',
  'status_param',
  'payout_param',
  'currency_param',
  'txid_param',
  'goal_param',
];

function shown(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : value;
}

function outcomeLine(p: PostbackPreview): string {
  if (p.refused) return tr('forms.inspector.refused', { ...p.refused });
  if (p.outcome === 'ignored') return tr('forms.inspector.ignored');
  const lead = p.lead
    ? tr('forms.inspector.lead', { id: p.lead.id, status: p.lead.status })
    : p.lead_created
      ? tr('forms.inspector.newLead')
      : tr('forms.inspector.noLead');
  return tr('forms.inspector.wouldChange', { lead, status: shown(p.status.lands_as) });
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
  const { t } = useTranslation();
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
      <h2 id="postback-inspector-title">{t('forms.inspector.title')}</h2>
      <p className="hint">{t('forms.inspector.hint')}</p>
      <Field label={t('forms.inspector.url')} wide>
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
          {busy ? t('forms.inspector.inspecting') : t('forms.inspector.inspect')}
        </button>
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      {saved && <Notice tone="success">{t('forms.inspector.saved')}</Notice>}
      {p && (
        <div className="inspector-result">
          <p role="status" className="inspector-outcome">
            {outcomeLine(p)}
          </p>
          <dl className="facts">
            <dt>{t('forms.inspector.endpoint')}</dt>
            <dd>{p.endpoint}</dd>
            <dt>{t('forms.inspector.click')}</dt>
            <dd>{p.click ? t('forms.inspector.from', { value: p.click.id, param: p.click.param }) : '—'}</dd>
            <dt>{t('admin.col.status')}</dt>
            <dd>
              {p.status.word === null
                ? t('forms.inspector.noneSent')
                : t('forms.inspector.from', { value: p.status.word, param: shown(p.status.param) })}
              {p.status.lands_as ? ` → ${p.status.lands_as}` : ''}
            </dd>
            <dt>{t('admin.col.payout')}</dt>
            <dd>{shown(p.payout)}</dd>
            <dt>{t('admin.col.currency')}</dt>
            <dd>{p.currency ?? t('forms.inspector.offerCurrency')}</dd>
            <dt>{t('forms.inspector.profile.txid_param')}</dt>
            <dd>{shown(p.txid)}</dd>
            <dt>{t('admin.col.goal')}</dt>
            <dd>{shown(p.goal)}</dd>
          </dl>
          {p.warnings.length > 0 && (
            <div className="notice notice-warning" role="alert">
              <p>{t('forms.inspector.notUsed')}</p>
              <PostbackWarnings warnings={p.warnings} codes={p.warning_codes} />
            </div>
          )}
          <h3>{t('forms.inspector.proposed')}</h3>
          <dl className="facts proposed-profile">
            {PROFILE_KEYS.map((key) => {
              const value = p.proposed_profile[key];
              if (value === undefined) return null;
              return [
                <dt key={`${key}-t`}>{t(`forms.inspector.profile.${key}`)}</dt>,
                <dd key={`${key}-d`} className="mono">
                  {Array.isArray(value) ? value.join(', ') : String(value)}
                </dd>,
              ];
            })}
          </dl>
          {changed ? (
            <button type="button" onClick={() => saveProfile(p.proposed_profile)} disabled={busy}>
              {t('forms.inspector.use')}
            </button>
          ) : (
            <p className="hint">{t('forms.inspector.same')}</p>
          )}
        </div>
      )}
    </section>
  );
}
