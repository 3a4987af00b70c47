import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { CopyButton } from '../../components/copy-button';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
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
    get header() {
      return tr('admin.advertisers.company');
    },
    render: (a) => <Link to={`/admin/advertisers/${a.id}`}>{a.name}</Link>,
    sortValue: (a) => a.name,
  },
  {
    key: 'integration',
    get header() {
      return tr('admin.advertisers.integration');
    },
    render: (a) =>
      `${INTEGRATION[a.integration_type] ?? a.integration_type}${a.integration_type === 'api_post' ? ` · ${a.post_encoding === 'form' ? tr('admin.advertisers.form') : 'JSON'}` : ''} · ${tr('admin.advertisers.authIn', { where: tr(`admin.advertisers.authWhere.${a.auth_location}`) })}`,
  },
  {
    key: 'endpoint',
    get header() {
      return tr('admin.advertisers.endpoint');
    },
    render: (a) => <span className="truncate">{a.endpoint_url}</span>,
  },
  {
    key: 'postback',
    get header() {
      return tr('admin.advertisers.postbackUrl');
    },
    render: (a) => <CopyButton text={a.postback_url} label={tr('admin.advertisers.copyUrl')} />,
  },
  {
    key: 'status',
    get header() {
      return tr('admin.col.status');
    },
    render: (a) => <Badge value={a.status} />,
    sortValue: (a) => a.status,
  },
  {
    key: 'created',
    get header() {
      return tr('admin.col.created');
    },
    render: (a) => <DateTime iso={a.created_at} />,
    sortValue: (a) => a.created_at,
  },
];

export function AdvertisersPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.advertisers.title'));
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
        <h1>{t('admin.advertisers.title')}</h1>
        {can('POST /api/admin/advertisers') && (
          <Link className="button button-primary" to="/admin/advertisers/new">
            {t('admin.advertisers.new')}
          </Link>
        )}
      </div>
      <SearchBar
        filters={filters}
        placeholder={t('admin.offers.searchByName')}
        statuses={[
          ['active', t('common.status.active')],
          ['paused', t('common.status.paused')],
        ]}
        onChange={(next) => setParams(toQueryString(next))}
      />
      <DataTable
        caption={t('admin.advertisers.title')}
        columns={COLUMNS}
        rowKey={(a) => a.id}
        empty={
          filtered
            ? tableEmpty(t('admin.advertisers.noneMatch'))
            : tableEmpty(
                t('admin.advertisers.none'),
                <p>
                  {t('admin.advertisers.noneHint')}{' '}
                  <Link to="/admin/advertisers/new">{t('admin.advertisers.addFirst')}</Link>.
                </p>,
              )
        }
        {...pagedRows(list, page, (n) => setParams(toQueryString({ ...filters, page: n })))}
      />
    </section>
  );
}
