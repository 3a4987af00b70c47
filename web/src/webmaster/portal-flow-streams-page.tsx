import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNotice, Loading } from '../components/notice';
import { StreamsEditor } from '../components/streams/streams-editor';
import { usePageTitle } from '../hooks/use-page-title';
import { useResource } from '../hooks/use-resource';
import { api } from '../lib/api';
import type { Flow, PublisherOffer } from '../lib/types';

/** /webmaster/flows/:id/streams: a publisher's stream editor for their own flow (no URL targets). */
export function PortalFlowStreamsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  usePageTitle(t('streams.portal.pageTitle'), 'Publisher');
  const flow = useResource(`my-flow-${id}`, () => api.get<Flow>(`/api/publisher/flows/${id}`));
  const offers = useResource('portal-offers', () =>
    api.get<{ data: PublisherOffer[] }>('/api/publisher/offers').then((r) => r.data),
  );
  const landings = useResource(`my-flow-landings-${id}`, () =>
    api
      .get<{ data: { id: string; name: string }[] }>(`/api/publisher/flows/${id}/landings`)
      .then((r) => r.data),
  );
  if (flow.error) return <ErrorNotice error={flow.error} onRetry={flow.reload} />;
  if (!flow.data) return <Loading />;
  const f = flow.data;
  return (
    <section>
      <p className="crumbs">
        <Link to="/webmaster/flows">{t('streams.portal.myFlows')}</Link> /
      </p>
      <h1>{t('streams.portal.title', { name: f.name })}</h1>
      <p className="muted">
        {t('streams.portal.routeBefore')} <code>{f.tracking_url}</code> {t('streams.portal.routeAfter')}
      </p>
      <StreamsEditor
        apiBase="/api/publisher"
        flowId={f.id}
        offers={offers.data ?? []}
        landings={landings.data ?? []}
        allowUrl={false}
        canSave
        canPreview
      />
    </section>
  );
}
