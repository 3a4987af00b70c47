import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { CopyButton } from '../../components/copy-button';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { FlowToolLinks } from '../../components/flow-tool-links';
import { LeadPostbackDialog } from '../../components/lead-postback-dialog';
import { ErrorNotice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { useServerSort } from '../../hooks/use-server-sort';
import { api, type Page } from '../../lib/api';
import { readFilters, readPage, toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';
import type { Flow } from '../../lib/types';
import { nameOf, useAllOffers, useAllPublishers } from '../lookups';
import { NewFlowForm } from './new-flow-form';

const FILTER_KEYS = ['publisher_id', 'offer_id', 'status'] as const;
/** The columns the server sorts by: column key → the API's sort name (GET /api/admin/flows). */
const SORTS = { code: 'code', name: 'name', status: 'status', created: 'created_at' };

/** Publishers' named tracking streams (/f/:code), across the network. */
export function FlowsPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.flows.title'));
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params, FILTER_KEYS);
  const page = readPage(params);
  const sorting = useServerSort(SORTS);
  const query = { ...filters, ...sorting.query, page, per_page: PER_PAGE };
  const list = useResource(`flows${toQueryString(query)}`, () =>
    api.get<Page<Flow>>('/api/admin/flows', query),
  );
  const offers = useAllOffers();
  const publishers = useAllPublishers();
  const [failure, setFailure] = useState<unknown>();
  const [editing, setEditing] = useState<Flow>();
  const setFilter = (key: (typeof FILTER_KEYS)[number], value: string) =>
    setParams(toQueryString({ ...filters, [key]: value, ...sorting.query }));

  async function toggle(flow: Flow) {
    setFailure(undefined);
    try {
      await api.patch(`/api/admin/flows/${flow.id}`, {
        status: flow.status === 'active' ? 'paused' : 'active',
      });
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<Flow>[] = [
    { key: 'code', header: t('admin.flows.code'), render: (f) => <code>{f.code}</code> },
    { key: 'name', header: t('admin.col.name'), render: (f) => f.name },
    {
      key: 'publisher',
      header: t('admin.col.publisher'),
      render: (f) => nameOf(publishers.data, f.publisher_id),
    },
    { key: 'offer', header: t('admin.col.offer'), render: (f) => nameOf(offers.data, f.offer_id) },
    { key: 'status', header: t('admin.col.status'), render: (f) => <Badge value={f.status} /> },
    {
      key: 'link',
      header: t('admin.flows.link'),
      render: (f) => <CopyButton text={f.tracking_url} label={t('admin.flows.copyLink')} />,
    },
    {
      key: 'lead_postback',
      header: t('admin.flows.leadPostback'),
      render: (f) =>
        f.lead_postback_url ? (
          <span title={f.lead_postback_url}>
            {f.lead_postback_method} {hostOf(f.lead_postback_url)}
            {f.lead_postback_set_by === 'publisher' ? ` ${t('admin.flows.publishers')}` : ''}
          </span>
        ) : (
          '—'
        ),
    },
    { key: 'created', header: t('admin.col.created'), render: (f) => <DateTime iso={f.created_at} /> },
    {
      key: 'actions',
      header: '',
      render: (f) => (
        <span className="row-actions">
          <button
            type="button"
            className="button-small"
            onClick={() => toggle(f)}
            aria-label={t(f.status === 'active' ? 'admin.flows.pauseFlow' : 'admin.flows.activateFlow', {
              code: f.code,
            })}
          >
            {f.status === 'active' ? t('admin.flows.pause') : t('admin.flows.activate')}
          </button>{' '}
          <button
            type="button"
            className="button-small"
            onClick={() => setEditing(f)}
            aria-label={t('admin.flows.leadPostbackOf', { code: f.code })}
          >
            {t('admin.flows.leadPostback')}
          </button>{' '}
          <Link
            className="button button-small"
            to={`/admin/flows/${f.id}/streams`}
            aria-label={t('admin.flows.streamsOf', { code: f.code })}
          >
            {t('admin.flows.streams')}
          </Link>{' '}
          <FlowToolLinks base="/admin/flows" flow={f} />
        </span>
      ),
    },
  ];

  return (
    <section>
      <h1>{t('admin.flows.title')}</h1>
      <NewFlowForm offers={offers.data ?? []} publishers={publishers.data ?? []} onCreated={list.reload} />
      <div className="filters">
        <label>
          <span className="sr-only">{t('admin.col.publisher')}</span>
          <select value={filters.publisher_id} onChange={(e) => setFilter('publisher_id', e.target.value)}>
            <option value="">{t('admin.flows.allPublishers')}</option>
            {(publishers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('admin.col.offer')}</span>
          <select value={filters.offer_id} onChange={(e) => setFilter('offer_id', e.target.value)}>
            <option value="">{t('admin.flows.allOffers')}</option>
            {(offers.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
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
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      <LeadPostbackDialog
        flow={editing}
        audience="admin"
        onClose={() => setEditing(undefined)}
        onSaved={list.reload}
      />
      <DataTable
        caption={t('admin.flows.title')}
        columns={columns}
        rowKey={(f) => f.id}
        empty={tableEmpty(t('admin.flows.none'), <p>{t('admin.flows.noneHint')}</p>)}
        serverSort={sorting.table}
        {...pagedRows(list, page, (n) => setParams(toQueryString({ ...filters, ...sorting.query, page: n })))}
      />
    </section>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url.replace(/\{[a-z0-9_]+\}/g, 'x')).host;
  } catch {
    return url;
  }
}
