import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { ExportCsvLink } from '../../components/export-link';
import { FilterForm, pickers } from '../../components/filter-form';
import { Money } from '../../components/money';
import { DateTime, useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { useServerSort } from '../../hooks/use-server-sort';
import { tr } from '../../i18n';
import { api, type Page } from '../../lib/api';
import { readStatsFilters, type StatsFilters, statsParams } from '../../lib/conversion-stats';
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from '../../lib/lead-filters';
import { type ConversionFilters, conversionApiQuery, readConversionFilters } from '../../lib/log-filters';
import { toQueryString } from '../../lib/query-string';
import { todayIn } from '../../lib/time-zone';
import type { Conversion, Flow, Offer, Publisher } from '../../lib/types';
import { useAccess } from '../access';
import { nameOf, useAllFlows, useAllOffers, useAllPublishers } from '../lookups';
import { ConversionStats } from './conversion-stats';
import { useConversionsBulk } from './conversions-bulk';

/** A payout the advertiser sent in another currency, shown under the booked (converted) amount. */
function Sent({ amount, currency }: { amount: string | null; currency: string | null }) {
  if (amount === null || currency === null) return null;
  return (
    <div className="muted" title={tr('admin.conversions.sentTitle')}>
      {tr('admin.conversions.sent')} <Money amount={amount} currency={currency} />
    </div>
  );
}

function columns(offers?: Offer[], publishers?: Publisher[], flows?: Flow[]): Column<Conversion>[] {
  return [
    { key: 'time', header: tr('admin.col.time'), render: (c) => <DateTime iso={c.updated_at} /> },
    {
      key: 'lead',
      header: tr('admin.conversions.lead'),
      render: (c) => (
        <Link to={`/admin/leads/${c.lead_id}`}>
          <code>{c.lead_id}</code>
        </Link>
      ),
    },
    {
      key: 'click',
      header: tr('admin.conversions.click'),
      render: (c) => (c.click_id ? <code title={tr('admin.conversions.clickHash')}>{c.click_id}</code> : '—'),
    },
    { key: 'status', header: tr('admin.col.status'), render: (c) => <Badge value={c.status} /> },
    { key: 'goal', header: tr('admin.col.goal'), render: (c) => c.goal ?? '—' },
    { key: 'uid', header: 'UID', render: (c) => (c.uid ? <code>{c.uid}</code> : '—') },
    { key: 'offer', header: tr('admin.col.offer'), render: (c) => nameOf(offers, c.offer_id) },
    {
      key: 'publisher',
      header: tr('admin.col.publisher'),
      render: (c) => nameOf(publishers, c.publisher_id),
    },
    { key: 'flow', header: tr('admin.col.flow'), render: (c) => nameOf(flows, c.flow_id) },
    {
      key: 'adv',
      header: tr('admin.conversions.advPayout'),
      className: 'num',
      render: (c) => (
        <>
          <Money amount={c.adv_payout} currency={c.currency} />
          <Sent amount={c.sent_adv_payout} currency={c.sent_currency} />
        </>
      ),
    },
    {
      key: 'pub',
      header: tr('admin.conversions.pubPayout'),
      className: 'num',
      render: (c) => (
        <>
          <Money amount={c.pub_payout} currency={c.currency} />
          <Sent amount={c.sent_pub_payout} currency={c.sent_currency} />
        </>
      ),
    },
    {
      key: 'profit',
      header: tr('admin.conversions.profit'),
      className: 'num',
      render: (c) => <Money amount={c.profit} currency={c.currency} />,
    },
    {
      key: 'comment',
      header: tr('admin.conversions.comment'),
      render: (c) =>
        c.comment ? (
          <span className="truncate" title={c.comment}>
            {c.comment}
          </span>
        ) : (
          '—'
        ),
    },
  ];
}

/** The columns the server sorts by: column key → the API's sort name (GET /api/admin/conversions). */
const SORTS = {
  time: 'updated_at',
  lead: 'lead_id',
  status: 'status',
  goal: 'goal',
  adv: 'adv_payout',
  pub: 'pub_payout',
  profit: 'profit',
  comment: 'comment',
};

/** Conversions (seed 000): what advertisers confirmed, with both payouts and the network's profit. */
export function ConversionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.conversions.title'));
  const { timeZone } = useTimeZone();
  const [params, setParams] = useSearchParams();
  const { filters, page } = readConversionFilters(params);
  const sorting = useServerSort(SORTS);
  const query = { ...conversionApiQuery(filters, page, timeZone), ...sorting.query };
  const list = useResource(`conversions${toQueryString(query)}`, () =>
    api.get<Page<Conversion>>('/api/admin/conversions', query),
  );
  const offers = useAllOffers();
  const publishers = useAllPublishers();
  const flows = useAllFlows();
  // The statistics and the list keep their filters side by side in the address bar.
  const apply = (next: ConversionFilters, nextPage = 1) =>
    setParams(
      toQueryString({
        ...statsParams(params),
        ...next,
        ...sorting.query,
        page: nextPage > 1 ? nextPage : undefined,
      }),
    );
  const applyStats = (next: StatsFilters) =>
    setParams(toQueryString({ ...filters, ...sorting.query, page: page > 1 ? page : undefined, ...next }));
  const filtered = Object.values(filters).some(Boolean);
  const bulk = useConversionsBulk(
    query,
    toQueryString({ ...filters }),
    list.data?.data,
    list.data?.total ?? 0,
  );
  const canBulk = useAccess().can('POST /api/admin/conversions/bulk');
  const tableColumns = columns(offers.data, publishers.data, flows.data);
  return (
    <section>
      <div className="page-head">
        <h1>{t('admin.conversions.title')}</h1>
        <span className="row-actions">
          <ExportCsvLink path="/api/admin/conversions/export.csv" query={query} />
          <button type="button" onClick={list.reload} disabled={list.loading}>
            {list.loading ? t('admin.act.refreshing') : t('admin.act.refresh')}
          </button>
        </span>
      </div>
      <ConversionStats filters={readStatsFilters(params, todayIn(timeZone))} onApply={applyStats} />
      <h2>{t('admin.conversions.title')}</h2>
      <FilterForm
        label={t('admin.conversions.filters')}
        values={filters}
        onApply={apply}
        fields={[
          ...pickers({
            offer_id: ['offer', offers.data],
            publisher_id: ['publisher', publishers.data],
            flow_id: ['flow', flows.data],
          }),
          {
            kind: 'select',
            key: 'status',
            label: t('admin.col.status'),
            options: LEAD_STATUSES.map((s) => ({ value: s, label: LEAD_STATUS_LABELS[s] })),
          },
          { kind: 'text', key: 'goal', label: t('admin.col.goal') },
          { kind: 'dates', from: 'from', to: 'to' },
        ]}
      />
      {canBulk && bulk.bar}
      {bulk.dialog}
      <DataTable
        caption={t('admin.conversions.title')}
        columns={canBulk ? [bulk.column, ...tableColumns] : tableColumns}
        rowKey={(c) => c.id}
        empty={tableEmpty(
          filtered ? t('admin.conversions.noneMatch') : t('admin.conversions.none'),
          filtered ? undefined : <p>{t('admin.conversions.noneHint')}</p>,
        )}
        serverSort={sorting.table}
        {...pagedRows(list, page, (n) => apply(filters, n))}
      />
    </section>
  );
}
