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
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  // What the server repaired in a pasted URL travels with the navigation after a save.
  const repairs = (useLocation().state as { notices?: string[] } | null)?.notices;
  const advertiser = useResource(id ? `advertiser-${id}` : null, () =>
    api.get<Advertiser>(`/api/admin/advertisers/${id}`),
  );
  usePageTitle(id ? 'Edit advertiser' : 'New advertiser');

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
          <Link to="/admin/advertisers">Advertisers</Link> /
        </p>
        <h1>New advertiser</h1>
        <AdvertiserFormView initial={EMPTY_ADVERTISER} submitLabel="Create advertiser" onSubmit={create} />
      </section>
    );
  }
  if (advertiser.error) return <ErrorNotice error={advertiser.error} onRetry={advertiser.reload} />;
  if (!advertiser.data) return <Loading />;
  const a = advertiser.data;
  return (
    <section>
      <p className="crumbs">
        <Link to="/admin/advertisers">Advertisers</Link> /
      </p>
      <h1>{a.name}</h1>
      {params.get('saved') === 'new' && (
        <Notice tone="success">
          Advertiser created. Give them the postback URL below, then{' '}
          <Link to={`/admin/offers/new?advertiser_id=${a.id}`}>create an offer</Link>.
        </Notice>
      )}
      {params.get('saved') === '1' && <Notice tone="success">Changes saved.</Notice>}
      {params.get('saved') && <RepairNotices notices={repairs} />}
      <div className="panel">
        <h2>Give to the advertiser</h2>
        <p className="hint">
          Their conversion postback URL, with this advertiser's token. They replace the {'{…}'} macros with
          their values.
        </p>
        <CopyField label="Postback URL" text={a.postback_url} />
        <p className="hint">Postback token</p>
        <CopyField label="Postback token" text={a.postback_token} />
        <p className="hint">
          The token is required: without it anyone who sees a click id (every publisher does) could approve
          conversions and move money. If the advertiser's system cannot add a <code>token</code> parameter,
          give them the token as part of the path instead:
        </p>
        <CopyField
          label="Alternative: the token in the path"
          text={tokenInPath(a.postback_url, a.postback_token)}
        />
      </div>
      <AdvertiserBillingPanel advertiserId={a.id} />
      <h2>Settings</h2>
      <AdvertiserFormView
        key={a.updated_at}
        initial={advertiserToForm(a)}
        submitLabel="Save changes"
        onSubmit={update}
      />
      <PostbackInspectorPanel advertiserId={a.id} onSaved={advertiser.reload} />
      <FinalityWindowPanel scope="advertiser" subjectId={a.id} />
      <TestLeadPanel advertiserId={a.id} />
    </section>
  );
}
