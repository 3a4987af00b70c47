import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { ExportCsvLink } from '../../components/export-link';
import { FilterForm, pickers } from '../../components/filter-form';
import { DateTime, useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { useServerSort } from '../../hooks/use-server-sort';
import { tr } from '../../i18n';
import { api, type Page } from '../../lib/api';
import {
  type ClickFilters,
  clickApiQuery,
  clickFilterProblems,
  REJECT_REASONS,
  readClickFilters,
} from '../../lib/click-filters';
import { toQueryString } from '../../lib/query-string';
import type { Click, Flow, Offer, Publisher } from '../../lib/types';
import { nameOf, useAllFlows, useAllOffers, useAllPublishers } from '../lookups';

const CLICK_SOURCES = ['link', 'flow', 'smart', 'ref'] as const;

const SUB_KEYS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8', 'sub9', 'sub10'] as const;

function columns(offers?: Offer[], publishers?: Publisher[], flows?: Flow[]): Column<Click>[] {
  return [
    { key: 'time', header: tr('admin.col.time'), render: (c) => <DateTime iso={c.created_at} /> },
    { key: 'id', header: tr('admin.col.clickId'), render: (c) => <code>{c.id}</code> },
    {
      key: 'status',
      header: tr('admin.col.status'),
      render: (c) => (
        <span className="nowrap">
          <Badge value={c.status} />
          {c.reject_reason && (
            <span className="reason"> {REJECT_REASONS[c.reject_reason] ?? c.reject_reason}</span>
          )}
          {c.status === 'rejected' && (
            <span className="muted"> · {tr('admin.clicks.ref', { ref: c.reference })}</span>
          )}
        </span>
      ),
    },
    { key: 'offer', header: tr('admin.col.offer'), render: (c) => nameOf(offers, c.offer_id) },
    {
      key: 'publisher',
      header: tr('admin.col.publisher'),
      render: (c) => nameOf(publishers, c.publisher_id),
    },
    { key: 'flow', header: tr('admin.col.flow'), render: (c) => nameOf(flows, c.flow_id) },
    { key: 'country', header: tr('admin.col.country'), render: (c) => c.country ?? '—' },
    {
      key: 'ip',
      header: 'IP',
      render: (c) => (
        <span className="nowrap">
          {c.ip}
          {c.hosting && (
            <span className="badge" title={tr('admin.clicks.hosting')}>
              {' '}
              DC
            </span>
          )}
        </span>
      ),
    },
    {
      key: 'subs',
      header: tr('admin.clicks.subIds'),
      render: (c) => {
        const named = SUB_KEYS.flatMap((key) => (c[key] ? [`${key}=${c[key]}`] : []));
        if (named.length === 0) return '—';
        // The values in order, as before; which sub each one is shows on hover.
        return (
          <span title={named.join(', ')}>
            {SUB_KEYS.map((key) => c[key])
              .filter(Boolean)
              .join(' · ')}
          </span>
        );
      },
    },
    {
      key: 'source',
      header: tr('admin.clicks.source'),
      // How the click came in (link, flow, smart, ref): named in the reader's language, the code in the tooltip.
      render: (c) => (
        <span title={c.source}>
          {(CLICK_SOURCES as readonly string[]).includes(c.source)
            ? tr(`admin.clicks.sources.${c.source}`)
            : c.source}
        </span>
      ),
    },
    {
      key: 'destination',
      header: tr('admin.clicks.destination'),
      render: (c) =>
        c.destination ? (
          <span className="truncate" title={c.destination}>
            {c.destination}
          </span>
        ) : (
          '—'
        ),
    },
  ];
}

/** The columns the server sorts by: column key → the API's sort name (GET /api/admin/clicks). */
const SORTS = {
  time: 'created_at',
  id: 'id',
  status: 'status',
  country: 'country',
  ip: 'ip',
  source: 'source',
  destination: 'destination',
};

/** Every tracked click, newest first or by a header, 50 a page from the server (seed 002 "Clicks"). */
export function ClicksPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.clicks.title'));
  const { timeZone } = useTimeZone();
  const [params, setParams] = useSearchParams();
  const { filters, page } = readClickFilters(params);
  const sorting = useServerSort(SORTS);
  const query = { ...clickApiQuery(filters, page, timeZone), ...sorting.query };
  const list = useResource(`clicks${toQueryString(query)}`, () =>
    api.get<Page<Click>>('/api/admin/clicks', query),
  );
  const offers = useAllOffers();
  const publishers = useAllPublishers();
  const flows = useAllFlows();
  const apply = (next: ClickFilters, nextPage = 1) =>
    setParams(toQueryString({ ...next, ...sorting.query, page: nextPage > 1 ? nextPage : undefined }));
  const filtered = Object.values(filters).some(Boolean);
  return (
    <section>
      <div className="page-head">
        <h1>{t('admin.clicks.title')}</h1>
        <span className="row-actions">
          <ExportCsvLink path="/api/admin/clicks/export.csv" query={query} />
          <button type="button" onClick={list.reload} disabled={list.loading}>
            {list.loading ? t('admin.act.refreshing') : t('admin.act.refresh')}
          </button>
        </span>
      </div>
      <FilterForm
        label={t('admin.clicks.filters')}
        values={filters}
        onApply={apply}
        validate={clickFilterProblems}
        fields={[
          ...pickers({
            offer_id: ['offer', offers.data],
            publisher_id: ['publisher', publishers.data],
            flow_id: ['flow', flows.data],
          }),
          {
            kind: 'text',
            key: 'country',
            label: t('admin.col.country'),
            maxLength: 2,
            placeholder: 'IN',
            short: true,
          },
          {
            kind: 'select',
            key: 'status',
            label: t('admin.col.status'),
            options: [
              { value: 'accepted', label: t('common.status.accepted') },
              { value: 'rejected', label: t('common.status.rejected') },
            ],
          },
          {
            kind: 'select',
            key: 'reject_reason',
            label: t('admin.clicks.rejectReason'),
            anyLabel: t('admin.clicks.any'),
            options: Object.entries(REJECT_REASONS).map(([value, label]) => ({ value, label })),
          },
          {
            kind: 'text',
            key: 'ref',
            label: t('admin.clicks.reference'),
            hint: t('admin.clicks.referenceHint'),
            placeholder: 'K7Q2-9MXD',
            short: true,
          },
          {
            kind: 'select',
            key: 'hosting',
            label: t('admin.clicks.network'),
            anyLabel: t('admin.clicks.any'),
            options: [
              { value: 'true', label: t('admin.clicks.datacenter') },
              { value: 'false', label: t('admin.clicks.notHosting') },
            ],
          },
          { kind: 'dates', from: 'from', to: 'to' },
        ]}
      />
      <DataTable
        caption={t('admin.clicks.title')}
        columns={columns(offers.data, publishers.data, flows.data)}
        rowKey={(c) => c.id}
        empty={tableEmpty(
          filtered ? t('admin.clicks.noneMatch') : t('admin.clicks.none'),
          filtered ? undefined : <p>{t('admin.clicks.noneHint')}</p>,
        )}
        serverSort={sorting.table}
        {...pagedRows(list, page, (n) => apply(filters, n))}
      />
    </section>
  );
}
