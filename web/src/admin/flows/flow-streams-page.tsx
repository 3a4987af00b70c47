import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNotice, Loading } from '../../components/notice';
import { StreamsEditor } from '../../components/streams/streams-editor';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import type { Flow } from '../../lib/types';
import { useAccess } from '../access';
import { nameOf, useAllOffers, useAllPublishers } from '../lookups';

/** /admin/flows/:id/streams: the network's stream editor for one flow (issue 19). */
export function FlowStreamsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('traffic.flowStreams.pageTitle'));
  const access = useAccess();
  const flow = useResource(`flow-${id}`, () => api.get<Flow>(`/api/admin/flows/${id}`));
  const offers = useAllOffers();
  const publishers = useAllPublishers();
  const offerId = flow.data?.offer_id;
  const sites = useResource(offerId ? `sites-of-${offerId}` : null, () =>
    api.get<{ data: { id: string; name: string; status: string }[] }>('/api/admin/sites', {
      offer_id: offerId,
    }),
  );
  if (flow.error) return <ErrorNotice error={flow.error} onRetry={flow.reload} />;
  if (!flow.data) return <Loading />;
  const f = flow.data;
  return (
    <section>
      <p className="crumbs">
        <Link to="/admin/flows">{t('traffic.flowTool.flows')}</Link> /
      </p>
      <h1>
        {t('traffic.flowStreams.title', { name: f.name })} <code>{f.code}</code>
      </h1>
      <p className="muted">
        {t('traffic.flowStreams.about', {
          publisher: nameOf(publishers.data, f.publisher_id),
          offer: nameOf(offers.data, f.offer_id),
        })}{' '}
        <code>{f.tracking_url}</code>
      </p>
      <StreamsEditor
        apiBase="/api/admin"
        flowId={f.id}
        offers={offers.data ?? []}
        landings={(sites.data?.data ?? []).filter((s) => s.status === 'active')}
        allowUrl
        canSave={access.can('PUT /api/admin/flows/:id/streams')}
        canPreview={access.can('POST /api/admin/flows/:id/simulate')}
      />
    </section>
  );
}
