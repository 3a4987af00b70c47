import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { CopyButton } from '../../components/copy-button';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api, type Page } from '../../lib/api';
import { readFilters, readPage, toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';
import type { Advertiser } from '../../lib/types';
import { useAccess } from '../access';
import { SearchBar } from '../search-bar';

const INTEGRATION: Record<string, string> = { api_post: 'API POST', s2s_get: 'S2S GET' };

const COLUMNS: Column<Advertiser>[] = [
  { key: 'id', header: 'ID', render: (a) => a.id, sortValue: (a) => a.id, className: 'num' },
  {
    key: 'name',
    header: 'Company',
    render: (a) => <Link to={`/admin/advertisers/${a.id}`}>{a.name}</Link>,
    sortValue: (a) => a.name,
  },
  {
    key: 'integration',
    header: 'Integration',
    render: (a) =>
      `${INTEGRATION[a.integration_type] ?? a.integration_type}${a.integration_type === 'api_post' ? ` · ${a.post_encoding === 'form' ? 'Form' : 'JSON'}` : ''} · auth in ${a.auth_location}`,
  },
  { key: 'endpoint', header: 'Endpoint', render: (a) => <span className="truncate">{a.endpoint_url}</span> },
  {
    key: 'postback',
    header: 'Postback URL',
    render: (a) => <CopyButton text={a.postback_url} label="Copy URL" />,
  },
  { key: 'status', header: 'Status', render: (a) => <Badge value={a.status} />, sortValue: (a) => a.status },
  {
    key: 'created',
    header: 'Created',
    render: (a) => <DateTime iso={a.created_at} />,
    sortValue: (a) => a.created_at,
  },
];

export function AdvertisersPage() {
  usePageTitle('Advertisers');
  const { can } = useAccess();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params, ['q', 'status'] as const);
  const page = readPage(params);
  const query = { ...filters, page, per_page: PER_PAGE };
  const list = useResource(`advertisers${toQueryString(query)}`, () =>
    api.get<Page<Advertiser>>('/api/admin/advertisers', query),
  );
  const filtered = Boolean(filters.q || filters.status);
  return (
    <section>
      <div className="page-head">
        <h1>Advertisers</h1>
        {can('POST /api/admin/advertisers') && (
          <Link className="button button-primary" to="/admin/advertisers/new">
            + New Advertiser
          </Link>
        )}
      </div>
      <SearchBar
        filters={filters}
        placeholder="Search by name"
        statuses={[
          ['active', 'Active'],
          ['paused', 'Paused'],
        ]}
        onChange={(next) => setParams(toQueryString(next))}
      />
      <DataTable
        caption="Advertisers"
        columns={COLUMNS}
        rowKey={(a) => a.id}
        empty={
          filtered
            ? tableEmpty('No advertiser matches these filters.')
            : tableEmpty(
                'No advertisers yet.',
                <p>
                  An advertiser is the CPA network or brand you push leads to.{' '}
                  <Link to="/admin/advertisers/new">Add the first one</Link>.
                </p>,
              )
        }
        {...pagedRows(list, page, (n) => setParams(toQueryString({ ...filters, page: n })))}
      />
    </section>
  );
}
