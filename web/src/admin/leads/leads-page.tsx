import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { ExportCsvLink } from '../../components/export-link';
import { FilterForm, pickers } from '../../components/filter-form';
import { DateTime, useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { useServerSort } from '../../hooks/use-server-sort';
import { tr } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { serverText } from '../../i18n/server-text';
import { api, type Page } from '../../lib/api';
import {
  hasLeadFilters,
  type LeadFilters,
  leadApiQuery,
  leadFilterProblems,
  leadFiltersToParams,
  readLeadFilters,
  statusChips,
  toggleStatus,
} from '../../lib/lead-filters';
import { toQueryString } from '../../lib/query-string';
import type { Lead, Offer, Publisher } from '../../lib/types';
import { useAccess } from '../access';
import { nameOf, useAllOffers, useAllPublishers } from '../lookups';
import { ImportLeadsDialog } from './import-leads-dialog';
import { useLeadsBulk } from './leads-bulk';

type LeadPage = Page<Lead> & { counts: Record<string, number> };

const PUSH_STATUSES = ['pending', 'sent', 'failed', 'skipped'].map((s) => ({
  value: s,
  get label() {
    return tr(`common.status.${s}`);
  },
}));

function columns(offers: Offer[] | undefined, publishers: Publisher[] | undefined): Column<Lead>[] {
  return [
    {
      key: 'time',
      header: tr('admin.col.time'),
      render: (l) => <DateTime iso={l.created_at} />,
    },
    {
      key: 'id',
      header: tr('admin.col.leadId'),
      render: (l) => (
        <Link to={`/admin/leads/${l.id}`}>
          <code>{l.id}</code>
        </Link>
      ),
    },
    {
      key: 'status',
      header: tr('admin.col.status'),
      render: (l) => (
        <span className="nowrap">
          <Badge value={l.status} />
          {l.fraud_rule && <span className="reason"> {l.fraud_rule}</span>}
        </span>
      ),
    },
    {
      key: 'offer',
      header: tr('admin.col.offer'),
      render: (l) => nameOf(offers, l.offer_id),
    },
    {
      key: 'publisher',
      header: tr('admin.col.publisher'),
      render: (l) => nameOf(publishers, l.publisher_id),
    },
    {
      key: 'name',
      header: tr('admin.col.name'),
      render: (l) => l.name ?? '—',
    },
    {
      key: 'phone',
      header: tr('admin.col.phone'),
      render: (l) => l.phone ?? '—',
    },
    {
      key: 'email',
      header: tr('admin.col.email'),
      render: (l) => l.email ?? '—',
    },
    {
      key: 'country',
      header: tr('admin.col.country'),
      render: (l) => l.country ?? '—',
    },
    { key: 'ip', header: 'IP', render: (l) => l.ip ?? '—' },
    {
      key: 'goal',
      header: tr('admin.col.goal'),
      render: (l) => l.goal ?? '—',
    },
    {
      key: 'push',
      header: tr('admin.col.push'),
      render: (l) => (
        <span
          className="nowrap"
          title={
            l.push_error
              ? serverText('leadPush', l.push_error_code, l.push_error, l.push_error_params ?? undefined).text
              : undefined
          }
        >
          <Badge value={l.push_status} />
          {l.push_attempts > 0 && <span className="reason"> ×{l.push_attempts}</span>}
        </span>
      ),
    },
    { key: 'sub1', header: 'Sub1', render: (l) => l.sub1 ?? '—' },
    { key: 'sub2', header: 'Sub2', render: (l) => l.sub2 ?? '—' },
  ];
}

/** The columns the server sorts by: column key → the API's sort name (GET /api/admin/leads). */
const SORTS = {
  time: 'created_at',
  id: 'id',
  status: 'status',
  name: 'name',
  phone: 'phone',
  email: 'email',
  country: 'country',
  ip: 'ip',
  goal: 'goal',
  push: 'push_status',
  sub1: 'sub1',
  sub2: 'sub2',
};

/**
 * Every lead (seed 000 "Leads"): status chips with live counts, the shared filter form (search, days,
 * offer, publisher, push status and each column's text), a sort on most headers, import.
 */
export function LeadsPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.leads.title'));
  const { can } = useAccess();
  const { timeZone } = useTimeZone();
  const [params, setParams] = useSearchParams();
  const { filters, page } = readLeadFilters(params);
  const sorting = useServerSort(SORTS);
  const query = { ...leadApiQuery(filters, page, timeZone), ...sorting.query };
  const list = useResource(`leads${toQueryString(query)}`, () =>
    api.get<LeadPage>('/api/admin/leads', query),
  );
  const offers = useAllOffers();
  const publishers = useAllPublishers();
  const [importing, setImporting] = useState(false);
  // A new filter or page keeps the sort.
  const sortKey = toQueryString(sorting.query);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for `sorting.query`
  const apply = useCallback(
    (next: LeadFilters, nextPage = 1) =>
      setParams(toQueryString({ ...leadFiltersToParams(next, nextPage), ...sorting.query })),
    [setParams, sortKey],
  );
  const chips = statusChips(list.data?.counts, filters.status);
  const filtered = hasLeadFilters(filters);
  const bulk = useLeadsBulk(
    query,
    toQueryString(leadFiltersToParams(filters)),
    list.data?.data,
    list.data?.total ?? 0,
  );
  const canBulk = can('POST /api/admin/leads/bulk');
  const tableColumns = columns(offers.data, publishers.data);

  return (
    <section>
      <div className="page-head">
        <h1>{t('admin.leads.title')}</h1>
        <span className="row-actions">
          <ExportCsvLink path="/api/admin/leads/export.csv" query={query} />
          <a className="button" href="/api/admin/leads/import/sample.csv" download>
            {t('admin.leads.sampleCsv')}
          </a>
          {can('POST /api/admin/leads/import') && (
            <button type="button" onClick={() => setImporting(true)}>
              {t('admin.leads.importCsv')}
            </button>
          )}
          <button type="button" onClick={list.reload} disabled={list.loading}>
            {list.loading ? t('admin.act.refreshing') : t('admin.act.refresh')}
          </button>
        </span>
      </div>
      <FilterForm
        label={t('admin.leads.search')}
        values={filters}
        onApply={apply}
        validate={leadFilterProblems}
        fields={[
          {
            kind: 'text',
            key: 'q',
            type: 'search',
            label: t('admin.leads.search'),
            placeholder: t('admin.leads.searchHint'),
          },
          { kind: 'dates', from: 'from', to: 'to' },
          ...pickers({ offer_id: ['offer', offers.data], publisher_id: ['publisher', publishers.data] }),
          { kind: 'select', key: 'push_status', label: t('admin.col.push'), options: PUSH_STATUSES },
          { kind: 'text', key: 'id', label: t('admin.col.leadId') },
          { kind: 'text', key: 'name', label: t('admin.col.name') },
          { kind: 'text', key: 'phone', label: t('admin.col.phone') },
          { kind: 'text', key: 'email', label: t('admin.col.email') },
          { kind: 'text', key: 'country', label: t('admin.col.country'), short: true, maxLength: 2 },
          { kind: 'text', key: 'ip', label: 'IP' },
          { kind: 'text', key: 'goal', label: t('admin.col.goal') },
          { kind: 'text', key: 'sub1', label: 'Sub1' },
          { kind: 'text', key: 'sub2', label: 'Sub2' },
        ]}
      />
      <fieldset className="chip-bar" aria-label={t('admin.leads.statusBar')}>
        <legend className="sr-only">{t('admin.leads.statusBar')}</legend>
        {chips.map((chip) => (
          <button
            key={chip.label}
            type="button"
            className="chip"
            aria-pressed={chip.selected}
            onClick={() => apply({ ...filters, status: toggleStatus(filters.status, chip.status) })}
          >
            {chip.label} <span className="chip-count">{formatNumber(chip.count)}</span>
          </button>
        ))}
      </fieldset>
      {canBulk && bulk.bar}
      <DataTable
        caption={t('admin.leads.title')}
        columns={canBulk ? [bulk.column, ...tableColumns] : tableColumns}
        rowKey={(l) => l.id}
        empty={tableEmpty(
          filtered ? t('admin.leads.noneMatch') : t('admin.leads.none'),
          filtered ? undefined : <p>{t('admin.leads.noneHint')}</p>,
        )}
        serverSort={sorting.table}
        {...pagedRows(list, page, (n) => apply(filters, n))}
      />
      {bulk.dialog}
      <ImportLeadsDialog
        open={importing}
        onClose={() => setImporting(false)}
        offers={offers.data ?? []}
        publishers={publishers.data ?? []}
      />
    </section>
  );
}
