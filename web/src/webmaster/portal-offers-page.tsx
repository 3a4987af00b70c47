import { useState } from 'react';
import { Badge } from '../components/badge';
import { type Column, DataTable, tableEmpty } from '../components/data-table';
import { Money } from '../components/money';
import { usePageTitle } from '../hooks/use-page-title';
import { useResource } from '../hooks/use-resource';
import { api, type Page } from '../lib/api';
import type { Flow, PublisherOffer } from '../lib/types';
import { LINK_BUILDER_ID, LinkBuilder } from './link-builder';
import { PortalCaps } from './portal-caps';
import { PortalSmartLink } from './portal-smart-link';

/** The offers this publisher may run (public ones and those assigned to them), and their links. */
export function PortalOffersPage() {
  usePageTitle('Offers & links', 'Publisher');
  const offers = useResource('portal-offers', () =>
    api.get<{ data: PublisherOffer[] }>('/api/publisher/offers').then((r) => r.data),
  );
  const flows = useResource('portal-flows-all', () =>
    api.get<Page<Flow>>('/api/publisher/flows', { per_page: 500 }).then((r) => r.data),
  );
  const [chosen, setChosen] = useState<string>();

  const columns: Column<PublisherOffer>[] = [
    { key: 'id', header: 'ID', render: (o) => o.id, sortValue: (o) => o.id, className: 'num' },
    {
      key: 'name',
      header: 'Offer',
      render: (o) => (
        <>
          <strong>{o.name}</strong>
          {o.description && <p className="cell-note">{o.description}</p>}
        </>
      ),
      sortValue: (o) => o.name,
      className: 'wrap',
    },
    {
      key: 'payout',
      header: 'Your payout',
      render: (o) => <Money amount={o.payout} currency={o.currency} />,
      sortValue: (o) => o.payout,
      className: 'num',
    },
    {
      key: 'goals',
      header: 'Goals',
      render: (o) =>
        o.goals.length === 0
          ? '—'
          : o.goals.map((g) => (
              <span key={g.key} className="nowrap goal-chip">
                {g.name}: <Money amount={g.payout} currency={o.currency} />
              </span>
            )),
    },
    { key: 'geo', header: 'GEO', render: (o) => (o.geo.length > 0 ? o.geo.join(', ') : 'All countries') },
    { key: 'cap', header: 'Daily cap', render: (o) => o.daily_cap ?? 'None', className: 'num' },
    {
      key: 'access',
      header: 'Access',
      render: (o) => (o.visibility === 'private' ? <Badge value="private" /> : <Badge value="public" />),
    },
    {
      key: 'link',
      header: '',
      render: (o) => (
        <button
          type="button"
          className="button-small button-primary"
          onClick={() => {
            setChosen(o.id);
            document.getElementById(LINK_BUILDER_ID)?.scrollIntoView({ block: 'nearest' });
          }}
          aria-label={`Get link for ${o.name}`}
        >
          Get link
        </button>
      ),
    },
  ];

  return (
    <section>
      <h1>Offers &amp; links</h1>
      <PortalSmartLink />
      {offers.data && offers.data.length > 0 && (
        <LinkBuilder
          key={chosen}
          offers={offers.data}
          flows={flows.data ?? []}
          offerId={chosen ?? offers.data[0]?.id ?? ''}
          onOfferChange={setChosen}
        />
      )}
      <h2>Offers you can run</h2>
      <DataTable
        caption="Offers you can run"
        columns={columns}
        rows={offers.data}
        rowKey={(o) => o.id}
        loading={offers.loading}
        error={offers.error}
        onRetry={offers.reload}
        empty={tableEmpty(
          'No offers yet.',
          <p>The network has not published offers for you yet. Check back soon.</p>,
        )}
      />
      <PortalCaps offers={offers.data} />
    </section>
  );
}
