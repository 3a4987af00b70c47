import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { ExportCsvLink } from '../../components/export-link';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { useServerSort } from '../../hooks/use-server-sort';
import { api, type Page } from '../../lib/api';
import { readFilters, readPage, toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';
import type { Publisher, PublisherStatus } from '../../lib/types';
import { useAccess } from '../access';
import { CapsDialog } from '../caps/caps-dialog';
import { AssignOffersDialog } from './assign-offers-dialog';
import { PayoutMinimumDialog } from './payout-minimum-dialog';
import { usePublishersBulk } from './publishers-bulk';
import { SmartLinkDialog } from './smart-link-dialog';

const STATUS_TABS: [string, string][] = [
  ['', 'All'],
  ['pending', 'Pending'],
  ['approved', 'Approved'],
  ['suspended', 'Suspended'],
  ['rejected', 'Rejected'],
];

type Action = { label: string; done: string; run: (p: Publisher) => Promise<unknown> };

const setStatus = (status: PublisherStatus) => (p: Publisher) =>
  api.patch<Publisher>(`/api/admin/publishers/${p.id}`, { status });

/** What an operator may do next, by status: approving uses the approve route, the rest change the status. */
function actionsFor(status: string): Action[] {
  const approve = {
    label: 'Approve',
    done: 'approved',
    run: (p: Publisher) => api.post(`/api/admin/publishers/${p.id}/approve`),
  };
  if (status === 'pending')
    return [approve, { label: 'Reject', done: 'rejected', run: setStatus('rejected') }];
  if (status === 'approved') return [{ label: 'Suspend', done: 'suspended', run: setStatus('suspended') }];
  return [{ ...approve, label: 'Reactivate', done: 'reactivated' }];
}

/** The columns the server sorts by: column key → the API's sort name (GET /api/admin/publishers). */
const SORTS = { id: 'id', name: 'name', email: 'email', status: 'status', created: 'created_at' };

export function PublishersPage() {
  usePageTitle('Publishers');
  const access = useAccess();
  const canChange = access.can('PATCH /api/admin/publishers/:id');
  const publicUrl = access.me?.public_url ?? window.location.origin;
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params, ['q', 'status'] as const);
  const page = readPage(params);
  const sorting = useServerSort(SORTS);
  const query = { ...filters, ...sorting.query, page, per_page: PER_PAGE };
  const list = useResource(`publishers${toQueryString(query)}`, () =>
    api.get<Page<Publisher>>('/api/admin/publishers', query),
  );
  const [done, setDone] = useState<string>();
  const bulk = usePublishersBulk(
    query,
    toQueryString(filters),
    list.data?.data,
    list.data?.total ?? 0,
    list.reload,
  );
  const canBulk = useAccess().can('POST /api/admin/publishers/bulk');
  const [failure, setFailure] = useState<unknown>();
  const [busyId, setBusyId] = useState<string>();
  const [assigning, setAssigning] = useState<Publisher>();
  const [settingMinimum, setSettingMinimum] = useState<Publisher>();
  const [capping, setCapping] = useState<Publisher>();
  const [smartLinking, setSmartLinking] = useState<Publisher>();

  async function act(publisher: Publisher, action: Action) {
    setBusyId(publisher.id);
    setFailure(undefined);
    setDone(undefined);
    try {
      await action.run(publisher);
      setDone(`${publisher.name} ${action.done}.`);
      list.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusyId(undefined);
    }
  }

  const columns: Column<Publisher>[] = [
    { key: 'id', header: 'ID', render: (p) => p.id, className: 'num' },
    { key: 'name', header: 'Name', render: (p) => p.name },
    { key: 'email', header: 'Email', render: (p) => p.email },
    { key: 'status', header: 'Status', render: (p) => <Badge value={p.status} /> },
    {
      key: 'minimum',
      header: 'Payout minimum',
      render: (p) => (p.payout_minimum === null ? <span className="muted">default</span> : p.payout_minimum),
      className: 'num',
    },
    { key: 'created', header: 'Registered', render: (p) => <DateTime iso={p.created_at} /> },
    {
      key: 'actions',
      header: 'Actions',
      render: (p) => (
        <span className="row-actions">
          {canChange &&
            actionsFor(p.status).map((action) => (
              <button
                key={action.label}
                type="button"
                className={action.label === 'Approve' ? 'button-small button-primary' : 'button-small'}
                disabled={busyId === p.id}
                aria-label={`${action.label} ${p.name}`}
                onClick={() => act(p, action)}
              >
                {action.label}
              </button>
            ))}
          <button
            type="button"
            className="button-small"
            aria-label={`Offers of ${p.name}`}
            onClick={() => setAssigning(p)}
          >
            Offers…
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={`Payout minimum of ${p.name}`}
            onClick={() => setSettingMinimum(p)}
          >
            Minimum…
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={`Caps of ${p.name}`}
            onClick={() => setCapping(p)}
          >
            Caps…
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={`Smart link of ${p.name}`}
            onClick={() => setSmartLinking(p)}
          >
            Smart link…
          </button>
        </span>
      ),
    },
  ];

  return (
    <section>
      <div className="page-head">
        <h1>Publishers</h1>
        <ExportCsvLink path="/api/admin/publishers/export.csv" query={query} />
      </div>
      <fieldset className="tabs">
        <legend className="sr-only">Status</legend>
        {STATUS_TABS.map(([value, label]) => (
          <button
            key={value || 'all'}
            type="button"
            aria-pressed={filters.status === value}
            onClick={() => setParams(toQueryString({ q: filters.q, status: value, ...sorting.query }))}
          >
            {label}
          </button>
        ))}
      </fieldset>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      {canBulk && bulk.bar}
      {bulk.dialog}
      <DataTable
        caption="Publishers"
        columns={canBulk ? [bulk.column, ...columns] : columns}
        rowKey={(p) => p.id}
        empty={tableEmpty(
          filters.status ? `No ${filters.status} publishers.` : 'No publishers yet.',
          <p>
            Publishers register at <code>{publicUrl}/webmaster</code>; their registrations wait here for
            approval.
          </p>,
        )}
        serverSort={sorting.table}
        {...pagedRows(list, page, (n) => setParams(toQueryString({ ...filters, ...sorting.query, page: n })))}
      />
      <AssignOffersDialog publisher={assigning} onClose={() => setAssigning(undefined)} />
      <CapsDialog publisher={capping} onClose={() => setCapping(undefined)} />
      <SmartLinkDialog publisher={smartLinking} onClose={() => setSmartLinking(undefined)} />
      <PayoutMinimumDialog
        publisher={settingMinimum}
        onClose={() => setSettingMinimum(undefined)}
        onSaved={(saved) => {
          setSettingMinimum(undefined);
          setDone(
            saved.payout_minimum === null
              ? `${saved.name} takes the default payout minimum.`
              : `${saved.name}'s payout minimum is ${saved.payout_minimum}.`,
          );
          list.reload();
        }}
      />
    </section>
  );
}
