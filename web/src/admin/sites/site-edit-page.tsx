import { useState } from 'react';
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
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const offers = useAllOffers();
  const site = useResource(`site-${id}`, () => api.get<LocalSite>(`/api/admin/sites/${id}`));
  usePageTitle(site.data?.name ?? 'Local site');
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
      site.reload();
    });
  const remove = () =>
    act(async () => {
      await api.delete(`/api/admin/sites/${s.id}`);
      navigate('/admin/sites');
    });

  return (
    <section>
      <p className="crumbs">
        <Link to="/admin/sites">Local sites</Link> /
      </p>
      <div className="page-head">
        <h1>{s.name}</h1>
        <Badge value={s.status} />
      </div>
      {params.get('saved') === 'new' && (
        <Notice tone="success">
          Site created. Put its landing URL in the offer, then edit the page below.
        </Notice>
      )}
      {failure ? <ErrorNotice error={failure} /> : null}
      <div className="panel">
        <h2>Hosted page</h2>
        <p className="hint">
          For offer <Link to={`/admin/offers/${s.offer_id}`}>{nameOf(offers.data, s.offer_id)}</Link>.{' '}
          {s.status === 'disabled' ? 'Disabled: the page answers 404 until you enable it.' : null}
        </p>
        <CopyField label="Hosted page URL" text={s.url} />
        <p className="hint">
          Landing URL for the offer: the click arrives with the visitor and fills the form.
        </p>
        <CopyField label="Landing URL for the offer" text={s.landing_url} />
        <div className="form-actions actions-wrap">
          <a className="button" href={s.url} target="_blank" rel="noreferrer">
            Open hosted page ↗
          </a>
          <button type="button" onClick={toggle}>
            {s.status === 'active' ? 'Disable site' : 'Enable site'}
          </button>
          {confirmDelete ? (
            <>
              <button type="button" className="button-danger" onClick={remove}>
                Delete {s.name} and its files
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmDelete(true)}>
              Delete site…
            </button>
          )}
        </div>
      </div>
      <SiteHtmlEditor key={s.id} site={s} onSaved={site.reload} />
      <SiteFilesPanel site={s} onChanged={site.reload} />
    </section>
  );
}
