import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { CopyButton } from '../../components/copy-button';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Money } from '../../components/money';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { api, type Page } from '../../lib/api';
import { readFilters, readPage, toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';
import type { Advertiser, Offer } from '../../lib/types';
import { useAccess } from '../access';
import { useAllAdvertisers } from '../lookups';

const FILTER_KEYS = ['q', 'status', 'visibility', 'advertiser_id'] as const;

function columns(advertisers: Map<string, Advertiser>): Column<Offer>[] {
  return [
    { key: 'id', header: 'ID', render: (o) => o.id, sortValue: (o) => o.id, className: 'num' },
    {
      key: 'name',
      header: tr('admin.col.offer'),
      // Public is the usual case; only private offers carry a badge (the filter above tells them apart).
      render: (o) => (
        <>
          <Link to={`/admin/offers/${o.id}`}>{o.name}</Link>
          {o.visibility === 'private' && <Badge value="private" />}
        </>
      ),
      sortValue: (o) => o.name,
    },
    {
      key: 'advertiser',
      header: tr('admin.col.advertiser'),
      render: (o) => advertisers.get(o.advertiser_id)?.name ?? `#${o.advertiser_id}`,
      sortValue: (o) => advertisers.get(o.advertiser_id)?.name,
    },
    {
      key: 'geo',
      header: 'GEO',
      render: (o) => (o.geo.length > 0 ? o.geo.join(', ') : tr('admin.offers.allGeo')),
    },
    {
      key: 'adv_payout',
      header: tr('admin.offers.advPayout'),
      render: (o) => <Money amount={o.adv_payout} currency={o.currency} />,
      sortValue: (o) => o.adv_payout,
      className: 'num',
    },
    {
      key: 'pub_payout',
      header: tr('admin.offers.pubPayout'),
      render: (o) => <Money amount={o.pub_payout} currency={o.currency} />,
      sortValue: (o) => o.pub_payout,
      className: 'num',
    },
    {
      key: 'cap',
      header: tr('admin.offers.dailyCap'),
      render: (o) => o.daily_cap ?? '—',
      sortValue: (o) => o.daily_cap,
      className: 'num',
    },
    {
      key: 'status',
      header: tr('admin.col.status'),
      render: (o) => <Badge value={o.status} />,
      sortValue: (o) => o.status,
    },
    {
      key: 'tracking',
      header: tr('admin.offers.trackingUrl'),
      render: (o) => (
        <span className="url-cell">
          {/* The host is the same on every row: show the part that differs, the whole URL on hover. */}
          <code className="truncate" title={o.tracking_url}>
            {o.tracking_url.replace(/^https?:\/\/[^/]+/, '')}
          </code>
          <CopyButton text={o.tracking_url} />
        </span>
      ),
    },
  ];
}

export function OffersPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.offers.title'));
  const { can } = useAccess();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params, FILTER_KEYS);
  const page = readPage(params);
  const query = { ...filters, page, per_page: PER_PAGE };
  const advertisers = useAllAdvertisers();
  const list = useResource(`offers${toQueryString(query)}`, () =>
    api.get<Page<Offer>>('/api/admin/offers', query),
  );
  const byId = new Map((advertisers.data ?? []).map((a) => [a.id, a]));
  const setFilter = (key: (typeof FILTER_KEYS)[number], value: string) =>
    setParams(toQueryString({ ...filters, [key]: value }));
  const filtered = FILTER_KEYS.some((key) => filters[key]);

  return (
    <section>
      <div className="page-head">
        <h1>{t('admin.offers.title')}</h1>
        {can('POST /api/admin/offers') && (
          <Link className="button button-primary" to="/admin/offers/new">
            {t('admin.offers.new')}
          </Link>
        )}
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('q', String(new FormData(e.currentTarget).get('q') ?? ''));
        }}
      >
        <label>
          <span className="sr-only">{t('admin.act.search')}</span>
          <input
            type="search"
            name="q"
            placeholder={t('admin.offers.searchByName')}
            defaultValue={filters.q}
            key={filters.q}
          />
        </label>
        <label>
          <span className="sr-only">{t('admin.col.advertiser')}</span>
          <select value={filters.advertiser_id} onChange={(e) => setFilter('advertiser_id', e.target.value)}>
            <option value="">{t('admin.offers.allAdvertisers')}</option>
            {(advertisers.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('admin.offers.visibility')}</span>
          <select value={filters.visibility} onChange={(e) => setFilter('visibility', e.target.value)}>
            <option value="">{t('admin.offers.publicAndPrivate')}</option>
            <option value="public">{t('common.status.public')}</option>
            <option value="private">{t('common.status.private')}</option>
          </select>
        </label>
        <label>
          <span className="sr-only">{t('admin.col.status')}</span>
          <select value={filters.status} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">{t('admin.offers.anyStatus')}</option>
            <option value="active">{t('common.status.active')}</option>
            <option value="paused">{t('common.status.paused')}</option>
          </select>
        </label>
        <button type="submit">{t('admin.act.search')}</button>
      </form>
      <DataTable
        caption={t('admin.offers.title')}
        columns={columns(byId)}
        rowKey={(o) => o.id}
        empty={
          filtered
            ? tableEmpty(t('admin.offers.noneMatch'))
            : tableEmpty(
                t('admin.offers.none'),
                <p>
                  {t('admin.offers.noneHint')}{' '}
                  <Link to="/admin/offers/new">{t('admin.offers.createFirst')}</Link>.
                </p>,
              )
        }
        {...pagedRows(list, page, (n) => setParams(toQueryString({ ...filters, page: n })))}
      />
    </section>
  );
}
