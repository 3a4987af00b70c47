import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { CopyField } from '../../components/copy-button';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import type { LocalSite } from '../../lib/types';
import { nameOf, useAllOffers } from '../lookups';
import { SiteFilesPanel } from './site-files-panel';
import { SiteHtmlEditor } from './site-html-editor';

/** One local site: its addresses, the HTML editor, its files, disable and delete. */
export function SiteEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const offers = useAllOffers();
  const site = useResource(`site-${id}`, () => api.get<LocalSite>(`/api/admin/sites/${id}`));
  usePageTitle(site.data?.name ?? t('setup.sites.site'));
  const [failure, setFailure] = useState<unknown>();
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (site.error && !site.data) return <ErrorNotice error={site.error} onRetry={site.reload} />;
  if (!site.data) return <Loading />;
  const s = site.data;

  async function act(run: () => Promise<unknown>) {
    setFailure(undefined);
    try {
      await run();
    } catch (error) {
      setFailure(error);
    }
  }
  const toggle = () =>
    act(async () => {
      await api.patch(`/api/admin/sites/${s.id}`, { status: s.status === 'active' ? 'disabled' : 'active' });
    });
  const remove = () =>
    act(async () => {
      await api.delete(`/api/admin/sites/${s.id}`);
      navigate('/admin/sites');
    });

  return (
    <section>
      <p className="crumbs">
        <Link to="/admin/sites">{t('setup.sites.title')}</Link> /
      </p>
      <div className="page-head">
        <h1>{s.name}</h1>
        <Badge value={s.status} />
      </div>
      {params.get('saved') === 'new' && <Notice tone="success">{t('setup.sites.created')}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="panel">
        <h2>{t('setup.sites.hostedPage')}</h2>
        <p className="hint">
          <Trans
            i18nKey="setup.sites.forOffer"
            values={{ offer: nameOf(offers.data, s.offer_id) }}
            components={{ go: <Link to={`/admin/offers/${s.offer_id}`} /> }}
          />{' '}
          {s.status === 'disabled' ? t('setup.sites.disabledHint') : null}
        </p>
        <CopyField label={t('setup.sites.hostedUrl')} text={s.url} />
        <p className="hint">{t('setup.sites.landingHint')}</p>
        <CopyField label={t('setup.sites.landingUrl')} text={s.landing_url} />
        <div className="form-actions actions-wrap">
          <a className="button" href={s.url} target="_blank" rel="noreferrer">
            {t('setup.sites.open')}
          </a>
          <button type="button" onClick={toggle}>
            {s.status === 'active' ? t('setup.sites.disable') : t('setup.sites.enable')}
          </button>
          {confirmDelete ? (
            <>
              <button type="button" className="button-danger" onClick={remove}>
                {t('setup.sites.deleteWithFiles', { name: s.name })}
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                {t('setup.sites.keep')}
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmDelete(true)}>
              {t('setup.sites.delete')}
            </button>
          )}
        </div>
      </div>
      <SiteHtmlEditor key={s.id} site={s} onSaved={site.reload} />
      <SiteFilesPanel site={s} onChanged={site.reload} />
    </section>
  );
}
