import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { CopyButton } from '../../components/copy-button';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { Money } from '../../components/money';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
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
      header: 'Offer',
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
      header: 'Advertiser',
      render: (o) => advertisers.get(o.advertiser_id)?.name ?? `#${o.advertiser_id}`,
      sortValue: (o) => advertisers.get(o.advertiser_id)?.name,
    },
    { key: 'geo', header: 'GEO', render: (o) => (o.geo.length > 0 ? o.geo.join(', ') : 'All') },
    {
      key: 'adv_payout',
      header: 'Adv payout',
      render: (o) => <Money amount={o.adv_payout} currency={o.currency} />,
      sortValue: (o) => o.adv_payout,
      className: 'num',
    },
    {
      key: 'pub_payout',
      header: 'Pub payout',
      render: (o) => <Money amount={o.pub_payout} currency={o.currency} />,
      sortValue: (o) => o.pub_payout,
      className: 'num',
    },
    {
      key: 'cap',
      header: 'Daily cap',
      render: (o) => o.daily_cap ?? '—',
      sortValue: (o) => o.daily_cap,
      className: 'num',
    },
    {
      key: 'status',
      header: 'Status',
      render: (o) => <Badge value={o.status} />,
      sortValue: (o) => o.status,
    },
    {
      key: 'tracking',
      header: 'Tracking URL',
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
  usePageTitle('Offers');
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
        <h1>Offers</h1>
        {can('POST /api/admin/offers') && (
          <Link className="button button-primary" to="/admin/offers/new">
            + New Offer
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
          <span className="sr-only">Search</span>
          <input
            type="search"
            name="q"
            placeholder="Search by name"
            defaultValue={filters.q}
            key={filters.q}
          />
        </label>
        <label>
          <span className="sr-only">Advertiser</span>
          <select value={filters.advertiser_id} onChange={(e) => setFilter('advertiser_id', e.target.value)}>
            <option value="">All advertisers</option>
            {(advertisers.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Visibility</span>
          <select value={filters.visibility} onChange={(e) => setFilter('visibility', e.target.value)}>
            <option value="">Public and private</option>
            <option value="public">Public</option>
            <option value="private">Private</option>
          </select>
        </label>
        <label>
          <span className="sr-only">Status</span>
          <select value={filters.status} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">Any status</option>
            <option value="active">Active</option>
            <option value="paused">Paused</option>
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <DataTable
        caption="Offers"
        columns={columns(byId)}
        rowKey={(o) => o.id}
        empty={
          filtered
            ? tableEmpty('No offer matches these filters.')
            : tableEmpty(
                'No offers yet.',
                <p>
                  An offer is the campaign publishers promote.{' '}
                  <Link to="/admin/offers/new">Create the first one</Link>.
                </p>,
              )
        }
        {...pagedRows(list, page, (n) => setParams(toQueryString({ ...filters, page: n })))}
      />
    </section>
  );
}
