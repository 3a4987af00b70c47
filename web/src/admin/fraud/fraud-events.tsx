import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { ExportCsvLink } from '../../components/export-link';
import { FilterForm, pickers } from '../../components/filter-form';
import { withView } from '../../components/section-tabs';
import { DateTime, useTimeZone } from '../../components/time-zone';
import { useResource } from '../../hooks/use-resource';
import { tr } from '../../i18n';
import { serverText } from '../../i18n/server-text';
import { api, type Page } from '../../lib/api';
import {
  FRAUD_EVENT_RULES,
  type FraudEventFilters,
  fraudEventApiQuery,
  readFraudEventFilters,
} from '../../lib/log-filters';
import { toQueryString } from '../../lib/query-string';
import type { FraudEvent, Offer, Publisher } from '../../lib/types';
import { nameOf, useAllOffers, useAllPublishers } from '../lookups';

function columns(offers?: Offer[], publishers?: Publisher[]): Column<FraudEvent>[] {
  return [
    { key: 'time', header: tr('admin.col.time'), render: (e) => <DateTime iso={e.created_at} /> },
    { key: 'rule', header: tr('traffic.fraudEvents.rule'), render: (e) => <code>{e.rule}</code> },
    {
      key: 'kind',
      header: tr('traffic.fraudEvents.what'),
      render: (e) => (
        <span className={e.kind === 'lead' ? 'badge badge-spam' : 'badge badge-rejected'}>
          {tr(`traffic.fraudEvents.kind.${e.kind}`)}
        </span>
      ),
    },
    { key: 'ip', header: 'IP', render: (e) => (e.ip ? <code>{e.ip}</code> : '—') },
    {
      key: 'offer',
      header: tr('admin.col.offer'),
      render: (e) => (e.offer_id ? nameOf(offers, e.offer_id) : '—'),
    },
    {
      key: 'publisher',
      header: tr('admin.col.publisher'),
      render: (e) => (e.publisher_id ? nameOf(publishers, e.publisher_id) : '—'),
    },
    {
      key: 'detail',
      header: tr('traffic.fraudEvents.detail'),
      // Data (a user agent, a phone or email, the reason typed at a block): never translated. A
      // refused pixel's detail is the server's sentence: said by its code, the English in the title.
      render: (e) =>
        e.code && e.detail ? (
          <span className="truncate" title={e.detail}>
            {serverText('fraud', e.code, e.detail, e.params).text}
          </span>
        ) : (
          <span className="truncate" title={e.detail ?? ''} translate="no">
            {e.detail || '—'}
          </span>
        ),
    },
    { key: 'id', header: tr('traffic.fraudEvents.ref'), render: (e) => <code>{e.id}</code> },
  ];
}

/** What the fraud rules caught: rejected clicks, spam and duplicate leads, manual blocks; newest first. */
export function FraudEvents() {
  const { t } = useTranslation();
  const { timeZone } = useTimeZone();
  const [params, setParams] = useSearchParams();
  const { filters, page } = readFraudEventFilters(params);
  const query = fraudEventApiQuery(filters, page, timeZone);
  const list = useResource(`fraud-events${toQueryString(query)}`, () =>
    api.get<Page<FraudEvent>>('/api/admin/fraud/events', query),
  );
  const offers = useAllOffers();
  const publishers = useAllPublishers();
  const apply = (next: FraudEventFilters, nextPage = 1) =>
    setParams(withView(params, toQueryString({ ...next, page: nextPage > 1 ? nextPage : undefined })));
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <div className="page-head">
        <h2>{t('traffic.fraud.events')}</h2>
        <span className="row-actions">
          <ExportCsvLink path="/api/admin/fraud/events/export.csv" query={query} />
        </span>
      </div>
      <FilterForm
        label={t('traffic.fraudEvents.filters')}
        values={filters}
        onApply={apply}
        fields={[
          {
            kind: 'select',
            key: 'rule',
            label: t('traffic.fraudEvents.rule'),
            anyLabel: t('filters.any'),
            // The rule's name in words; the table shows its code.
            options: FRAUD_EVENT_RULES.map((rule) => ({
              value: rule,
              label: t(`traffic.fraudEvents.ruleName.${rule}`),
            })),
          },
          { kind: 'text', key: 'ip', label: 'IP' },
          ...pickers({ offer_id: ['offer', offers.data], publisher_id: ['publisher', publishers.data] }),
          { kind: 'dates', from: 'from', to: 'to' },
        ]}
      />
      <DataTable
        caption={t('traffic.fraud.events')}
        columns={columns(offers.data, publishers.data)}
        rowKey={(e) => `${e.kind}-${e.id}`}
        empty={tableEmpty(
          filtered ? t('traffic.fraudEvents.noneMatch') : t('traffic.fraudEvents.none'),
          filtered ? undefined : <p>{t('traffic.fraudEvents.noneHint')}</p>,
        )}
        {...pagedRows(list, page, (n) => apply(filters, n))}
      />
    </>
  );
}
