import { Trans, useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { CopyField } from '../../components/copy-button';
import { ErrorNotice, Loading, Notice, RepairNotices } from '../../components/notice';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import { tokenInPath } from '../../lib/token-in-path';
import type { Advertiser } from '../../lib/types';
import { FinalityWindowPanel } from '../finality/finality-window-panel';
import { AdvertiserBillingPanel } from '../invoices/advertiser-billing-panel';
import { AdvertiserFormView } from './advertiser-form';
import {
  type AdvertiserForm,
  advertiserBody,
  advertiserToForm,
  EMPTY_ADVERTISER,
} from './advertiser-form-model';
import { PostbackInspectorPanel } from './postback-inspector-panel';
import { TestLeadPanel } from './test-lead-panel';

/** Create (/admin/advertisers/new) or edit (/admin/advertisers/:id) one advertiser. */
export function AdvertiserEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  // What the server repaired in a pasted URL travels with the navigation after a save.
  const repairs = (useLocation().state as { notices?: string[] } | null)?.notices;
  const advertiser = useResource(id ? `advertiser-${id}` : null, () =>
    api.get<Advertiser>(`/api/admin/advertisers/${id}`),
  );
  usePageTitle(id ? t('forms.adv.editTitle') : t('forms.adv.newTitle'));

  async function create(form: AdvertiserForm) {
    const created = await api.post<Advertiser>('/api/admin/advertisers', advertiserBody(form));
    navigate(`/admin/advertisers/${created.id}?saved=new`, { state: { notices: created.notices } });
  }

  async function update(form: AdvertiserForm) {
    const saved = await api.patch<Advertiser>(`/api/admin/advertisers/${id}`, advertiserBody(form));
    navigate(`/admin/advertisers/${id}?saved=1`, { replace: true, state: { notices: saved.notices } });
    advertiser.reload();
  }

  if (!id) {
    return (
      <section>
        <p className="crumbs">
          <Link to="/admin/advertisers">{t('forms.adv.advertisers')}</Link> /
        </p>
        <h1>{t('forms.adv.newTitle')}</h1>
        <AdvertiserFormView
          initial={EMPTY_ADVERTISER}
          submitLabel={t('forms.adv.create')}
          onSubmit={create}
        />
      </section>
    );
  }
  if (advertiser.error) return <ErrorNotice error={advertiser.error} onRetry={advertiser.reload} />;
  if (!advertiser.data) return <Loading />;
  const a = advertiser.data;
  return (
    <section>
      <p className="crumbs">
        <Link to="/admin/advertisers">{t('forms.adv.advertisers')}</Link> /
      </p>
      <h1>{a.name}</h1>
      {params.get('saved') === 'new' && (
        <Notice tone="success">
          <Trans
            i18nKey="forms.adv.created"
            components={{ go: <Link to={`/admin/offers/new?advertiser_id=${a.id}`} /> }}
          />
        </Notice>
      )}
      {params.get('saved') === '1' && <Notice tone="success">{t('forms.changesSaved')}</Notice>}
      {params.get('saved') && <RepairNotices notices={repairs} />}
      <div className="panel">
        <h2>{t('forms.adv.give')}</h2>
        <p className="hint">{t('forms.adv.giveHint', { macros: '{…}' })}</p>
        <CopyField label={t('forms.adv.postbackUrl')} text={a.postback_url} />
        <p className="hint">{t('forms.adv.postbackToken')}</p>
        <CopyField label={t('forms.adv.postbackToken')} text={a.postback_token} />
        <p className="hint">
          <Trans i18nKey="forms.adv.tokenHint" components={{ c: <code /> }} />
        </p>
        <CopyField label={t('forms.adv.tokenInPath')} text={tokenInPath(a.postback_url, a.postback_token)} />
      </div>
      <AdvertiserBillingPanel advertiserId={a.id} />
      <h2>{t('forms.offer.settings')}</h2>
      <AdvertiserFormView
        key={a.updated_at}
        initial={advertiserToForm(a)}
        submitLabel={t('forms.saveChanges')}
        onSubmit={update}
      />
      <PostbackInspectorPanel advertiserId={a.id} onSaved={advertiser.reload} />
      <FinalityWindowPanel scope="advertiser" subjectId={a.id} />
      <TestLeadPanel advertiserId={a.id} />
    </section>
  );
}
