import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyField } from '../../components/copy-button';
import { ErrorNotice, Notice } from '../../components/notice';
import { api } from '../../lib/api';

/** The stats pull API token: shown once when generated, with the URL a tracker pulls. */
export function StatsTokenPanel({ hasToken, onChange }: { hasToken: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const [issued, setIssued] = useState<{ token: string; stats_url: string; conversions_url: string }>();
  const [revoked, setRevoked] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function generate() {
    if (hasToken && !window.confirm(t('portal.token.confirmReplace'))) return;
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
    if (!window.confirm(t('portal.token.confirmRevoke'))) return;
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
      <h2 id="stats-token-title">{t('portal.token.title')}</h2>
      <p className="hint">{t('portal.token.hint')}</p>
      {failure ? <ErrorNotice error={failure} /> : null}
      {revoked && <Notice tone="success">{t('portal.token.revoked')}</Notice>}
      {issued && (
        <>
          <Notice tone="success">{t('portal.token.made')}</Notice>
          <CopyField label={t('portal.token.statsUrl')} text={issued.stats_url} />
          <CopyField label={t('portal.token.conversionsUrl')} text={issued.conversions_url} />
        </>
      )}
      {!issued && <p>{active ? t('portal.token.active') : t('portal.token.none')}</p>}
      <div className="form-actions">
        <button type="button" className="button-primary" onClick={generate}>
          {active ? t('portal.token.replace') : t('portal.token.generate')}
        </button>
        {active && (
          <button type="button" className="button-ghost" onClick={revoke}>
            {t('portal.token.revoke')}
          </button>
        )}
      </div>
    </section>
  );
}
