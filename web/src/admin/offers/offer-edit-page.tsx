import { Trans, useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { CopyField } from '../../components/copy-button';
import { ErrorNotice, Loading, Notice, RepairNotices } from '../../components/notice';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { Coded } from '../../i18n/coded';
import { api } from '../../lib/api';
import type { Offer } from '../../lib/types';
import { CapsPanel } from '../caps/caps-panel';
import { FinalityWindowPanel } from '../finality/finality-window-panel';
import { useAllAdvertisers, useAllPublishers } from '../lookups';
import { OfferFormView } from './offer-form';
import { EMPTY_OFFER, type OfferForm, offerBody, offerToForm } from './offer-form-model';
import { PixelPanel } from './pixel-panel';

/** Create (/admin/offers/new) or edit (/admin/offers/:id) one offer. */
export function OfferEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  // What the server repaired in a pasted URL travels with the navigation after a save.
  const repairs = (useLocation().state as { notices?: string[] } | null)?.notices;
  usePageTitle(id ? t('forms.offer.editTitle') : t('forms.offer.newTitle'));
  const advertisers = useAllAdvertisers();
  const publishers = useAllPublishers();
  const offer = useResource(id ? `offer-${id}` : null, () => api.get<Offer>(`/api/admin/offers/${id}`));

  async function create(form: OfferForm) {
    const created = await api.post<Offer>('/api/admin/offers', offerBody(form));
    navigate(`/admin/offers/${created.id}?saved=new`, { state: { notices: created.notices } });
  }
  async function update(form: OfferForm) {
    const saved = await api.patch<Offer>(`/api/admin/offers/${id}`, offerBody(form));
    navigate(`/admin/offers/${id}?saved=1`, { replace: true, state: { notices: saved.notices } });
  }

  const failed = advertisers.error ?? offer.error;
  if (failed)
    return (
      <ErrorNotice
        error={failed}
        onRetry={() => {
          advertisers.reload();
          offer.reload();
        }}
      />
    );
  if (!advertisers.data || (id && !offer.data)) return <Loading />;
  const crumbs = (
    <p className="crumbs">
      <Link to="/admin/offers">{t('forms.offer.offers')}</Link> /
    </p>
  );
  if (!id || !offer.data) {
    const initial = { ...EMPTY_OFFER, advertiser_id: params.get('advertiser_id') ?? '' };
    return (
      <section>
        {crumbs}
        <h1>{t('forms.offer.newTitle')}</h1>
        <OfferFormView
          initial={initial}
          advertisers={advertisers.data}
          submitLabel={t('forms.offer.create')}
          onSubmit={create}
        />
      </section>
    );
  }
  const o = offer.data;
  return (
    <section>
      {crumbs}
      <h1>{o.name}</h1>
      {params.get('saved') === 'new' && (
        <Notice tone="success">
          <Trans i18nKey="forms.offer.created" components={{ go: <Link to="/admin/publishers" /> }} />
        </Notice>
      )}
      {params.get('saved') === '1' && <Notice tone="success">{t('forms.changesSaved')}</Notice>}
      {params.get('saved') && <RepairNotices notices={repairs} />}
      <div className="panel">
        <h2>{t('forms.offer.trackingUrl')}</h2>
        <p className="hint">{t('forms.offer.trackingHint', { pub_id: '{pub_id}' })}</p>
        <CopyField label={t('forms.offer.trackingUrl')} text={o.tracking_url} />
        <p className="hint">
          <Coded k="forms.offer.ingestHint" />
        </p>
        <CopyField label={t('forms.offer.ingestKey')} text={o.ingest_key} />
      </div>
      <CapsPanel offerId={o.id} publishers={publishers.data ?? []} />
      <PixelPanel offerId={o.id} pixelKey={o.pixel_key} onKeyRotated={offer.reload} />
      <h2>{t('forms.offer.settings')}</h2>
      <OfferFormView
        key={o.updated_at}
        initial={offerToForm(o)}
        advertisers={advertisers.data}
        submitLabel={t('forms.saveChanges')}
        onSubmit={update}
      />
      <FinalityWindowPanel scope="offer" subjectId={o.id} advertiserId={o.advertiser_id} />
    </section>
  );
}
