import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../components/badge';
import { type Column, DataTable, tableEmpty } from '../components/data-table';
import { Money } from '../components/money';
import { usePageTitle } from '../hooks/use-page-title';
import { useResource } from '../hooks/use-resource';
import { formatNumber } from '../i18n/format';
import { api, type Page } from '../lib/api';
import type { Flow, PublisherOffer } from '../lib/types';
import { LINK_BUILDER_ID, LinkBuilder } from './link-builder';
import { PortalCaps } from './portal-caps';
import { PortalSmartLink } from './portal-smart-link';

/** The offers this publisher may run (public ones and those assigned to them), and their links. */
export function PortalOffersPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.webmaster.offers'), 'Publisher');
  const offers = useResource('portal-offers', () =>
    api.get<{ data: PublisherOffer[] }>('/api/publisher/offers').then((r) => r.data),
  );
  const flows = useResource('portal-flows-all', () =>
    api.get<Page<Flow>>('/api/publisher/flows', { per_page: 500 }).then((r) => r.data),
  );
  const [chosen, setChosen] = useState<string>();

  const columns: Column<PublisherOffer>[] = [
    {
      key: 'id',
      header: t('portal.offers.id'),
      render: (o) => o.id,
      sortValue: (o) => o.id,
      className: 'num',
    },
    {
      key: 'name',
      header: t('portal.offers.offer'),
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
      header: t('portal.offers.payout'),
      render: (o) => <Money amount={o.payout} currency={o.currency} />,
      sortValue: (o) => o.payout,
      className: 'num',
    },
    {
      key: 'goals',
      header: t('portal.offers.goals'),
      render: (o) =>
        o.goals.length === 0
          ? '—'
          : o.goals.map((g) => (
              <span key={g.key} className="nowrap goal-chip">
                {g.name}: <Money amount={g.payout} currency={o.currency} />
              </span>
            )),
    },
    {
      key: 'geo',
      header: t('portal.offers.geo'),
      render: (o) => (o.geo.length > 0 ? o.geo.join(', ') : t('portal.offers.allCountries')),
    },
    {
      key: 'cap',
      header: t('portal.offers.dailyCap'),
      render: (o) => (o.daily_cap === null ? t('portal.offers.noCap') : formatNumber(o.daily_cap)),
      className: 'num',
    },
    {
      key: 'access',
      header: t('portal.offers.access'),
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
          aria-label={t('portal.offers.getLinkFor', { name: o.name })}
        >
          {t('portal.offers.getLink')}
        </button>
      ),
    },
  ];

  return (
    <section>
      <h1>{t('nav.webmaster.offers')}</h1>
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
      <h2>{t('portal.offers.canRun')}</h2>
      <DataTable
        caption={t('portal.offers.canRun')}
        columns={columns}
        rows={offers.data}
        rowKey={(o) => o.id}
        loading={offers.loading}
        error={offers.error}
        onRetry={offers.reload}
        empty={tableEmpty(t('portal.offers.none'), <p>{t('portal.offers.noneHint')}</p>)}
      />
      <PortalCaps offers={offers.data} />
    </section>
  );
}
