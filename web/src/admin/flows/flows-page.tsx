import { useState } from 'react';
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
  usePageTitle('Flows');
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
      list.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<Flow>[] = [
    { key: 'code', header: 'Code', render: (f) => <code>{f.code}</code> },
    { key: 'name', header: 'Name', render: (f) => f.name },
    { key: 'publisher', header: 'Publisher', render: (f) => nameOf(publishers.data, f.publisher_id) },
    { key: 'offer', header: 'Offer', render: (f) => nameOf(offers.data, f.offer_id) },
    { key: 'status', header: 'Status', render: (f) => <Badge value={f.status} /> },
    { key: 'link', header: 'Link', render: (f) => <CopyButton text={f.tracking_url} label="Copy link" /> },
    {
      key: 'lead_postback',
      header: 'Lead postback',
      render: (f) =>
        f.lead_postback_url ? (
          <span title={f.lead_postback_url}>
            {f.lead_postback_method} {hostOf(f.lead_postback_url)}
            {f.lead_postback_set_by === 'publisher' ? ' (publisher’s)' : ''}
          </span>
        ) : (
          '—'
        ),
    },
    { key: 'created', header: 'Created', render: (f) => <DateTime iso={f.created_at} /> },
    {
      key: 'actions',
      header: '',
      render: (f) => (
        <span className="row-actions">
          <button
            type="button"
            className="button-small"
            onClick={() => toggle(f)}
            aria-label={`${f.status === 'active' ? 'Pause' : 'Activate'} flow ${f.code}`}
          >
            {f.status === 'active' ? 'Pause' : 'Activate'}
          </button>{' '}
          <button
            type="button"
            className="button-small"
            onClick={() => setEditing(f)}
            aria-label={`Lead postback of flow ${f.code}`}
          >
            Lead postback
          </button>{' '}
          <Link
            className="button button-small"
            to={`/admin/flows/${f.id}/streams`}
            aria-label={`Streams of flow ${f.code}`}
          >
            Streams
          </Link>{' '}
          <FlowToolLinks base="/admin/flows" flow={f} />
        </span>
      ),
    },
  ];

  return (
    <section>
      <h1>Flows</h1>
      <NewFlowForm offers={offers.data ?? []} publishers={publishers.data ?? []} onCreated={list.reload} />
      <div className="filters">
        <label>
          <span className="sr-only">Publisher</span>
          <select value={filters.publisher_id} onChange={(e) => setFilter('publisher_id', e.target.value)}>
            <option value="">All publishers</option>
            {(publishers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Offer</span>
          <select value={filters.offer_id} onChange={(e) => setFilter('offer_id', e.target.value)}>
            <option value="">All offers</option>
            {(offers.data ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
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
      </div>
      {failure ? <ErrorNotice error={failure} /> : null}
      <LeadPostbackDialog
        flow={editing}
        audience="admin"
        onClose={() => setEditing(undefined)}
        onSaved={list.reload}
      />
      <DataTable
        caption="Flows"
        columns={columns}
        rowKey={(f) => f.id}
        empty={tableEmpty(
          'No flows.',
          <p>Publishers create flows in their portal; you can create one above.</p>,
        )}
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
