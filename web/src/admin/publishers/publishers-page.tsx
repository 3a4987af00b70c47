import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { ExportCsvLink } from '../../components/export-link';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { useServerSort } from '../../hooks/use-server-sort';
import { tr } from '../../i18n';
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
  ['', 'admin.act.all'],
  ['pending', 'common.status.pending'],
  ['approved', 'common.status.approved'],
  ['suspended', 'common.status.suspended'],
  ['rejected', 'common.status.rejected'],
];

type Action = { label: string; done: string; run: (p: Publisher) => Promise<unknown> };

const setStatus = (status: PublisherStatus) => (p: Publisher) =>
  api.patch<Publisher>(`/api/admin/publishers/${p.id}`, { status });

/** What an operator may do next, by status: approving uses the approve route, the rest change the status. */
function actionsFor(status: string): Action[] {
  const approve = {
    label: tr('admin.publishers.approve'),
    done: 'approved',
    run: (p: Publisher) => api.post(`/api/admin/publishers/${p.id}/approve`),
  };
  if (status === 'pending')
    return [approve, { label: tr('admin.publishers.reject'), done: 'rejected', run: setStatus('rejected') }];
  if (status === 'approved')
    return [{ label: tr('admin.publishers.suspend'), done: 'suspended', run: setStatus('suspended') }];
  return [{ ...approve, label: tr('admin.publishers.reactivate'), done: 'reactivated' }];
}

/** The columns the server sorts by: column key → the API's sort name (GET /api/admin/publishers). */
const SORTS = { id: 'id', name: 'name', email: 'email', status: 'status', created: 'created_at' };

export function PublishersPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.publishers.title'));
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
  const bulk = usePublishersBulk(query, toQueryString(filters), list.data?.data, list.data?.total ?? 0);
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
      setDone(t(`admin.publishers.done.${action.done}`, { name: publisher.name }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusyId(undefined);
    }
  }

  const columns: Column<Publisher>[] = [
    { key: 'id', header: 'ID', render: (p) => p.id, className: 'num' },
    { key: 'name', header: t('admin.col.name'), render: (p) => p.name },
    { key: 'email', header: t('admin.col.email'), render: (p) => p.email },
    { key: 'status', header: t('admin.col.status'), render: (p) => <Badge value={p.status} /> },
    {
      key: 'minimum',
      header: t('admin.publishers.payoutMinimum'),
      render: (p) =>
        p.payout_minimum === null ? (
          <span className="muted">{t('admin.publishers.default')}</span>
        ) : (
          p.payout_minimum
        ),
      className: 'num',
    },
    {
      key: 'created',
      header: t('admin.publishers.registered'),
      render: (p) => <DateTime iso={p.created_at} />,
    },
    {
      key: 'actions',
      header: t('admin.col.actions'),
      render: (p) => (
        <span className="row-actions">
          {canChange &&
            actionsFor(p.status).map((action) => (
              <button
                key={action.label}
                type="button"
                className={action.done === 'approved' ? 'button-small button-primary' : 'button-small'}
                disabled={busyId === p.id}
                aria-label={t('admin.publishers.actionOf', { action: action.label, name: p.name })}
                onClick={() => act(p, action)}
              >
                {action.label}
              </button>
            ))}
          <button
            type="button"
            className="button-small"
            aria-label={t('admin.publishers.offersOf', { name: p.name })}
            onClick={() => setAssigning(p)}
          >
            {t('admin.publishers.offers')}
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={t('admin.publishers.minimumOf', { name: p.name })}
            onClick={() => setSettingMinimum(p)}
          >
            {t('admin.publishers.minimum')}
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={t('admin.publishers.capsOf', { name: p.name })}
            onClick={() => setCapping(p)}
          >
            {t('admin.publishers.caps')}
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={t('admin.publishers.smartLinkOf', { name: p.name })}
            onClick={() => setSmartLinking(p)}
          >
            {t('admin.publishers.smartLink')}
          </button>
        </span>
      ),
    },
  ];

  return (
    <section>
      <div className="page-head">
        <h1>{t('admin.publishers.title')}</h1>
        <ExportCsvLink path="/api/admin/publishers/export.csv" query={query} />
      </div>
      <fieldset className="tabs">
        <legend className="sr-only">{t('admin.col.status')}</legend>
        {STATUS_TABS.map(([value, label]) => (
          <button
            key={value || 'all'}
            type="button"
            aria-pressed={filters.status === value}
            onClick={() => setParams(toQueryString({ q: filters.q, status: value, ...sorting.query }))}
          >
            {t(label)}
          </button>
        ))}
      </fieldset>
      {done && <Notice tone="success">{done}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      {canBulk && bulk.bar}
      {bulk.dialog}
      <DataTable
        caption={t('admin.publishers.title')}
        columns={canBulk ? [bulk.column, ...columns] : columns}
        rowKey={(p) => p.id}
        empty={tableEmpty(
          filters.status ? t(`admin.publishers.noneWith.${filters.status}`) : t('admin.publishers.none'),
          <p>
            {t('admin.publishers.registerAt')} <code>{publicUrl}/webmaster</code>
            {t('admin.publishers.waitHere')}
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
              ? t('admin.publishers.takesDefault', { name: saved.name })
              : t('admin.publishers.minimumIs', { name: saved.name, amount: saved.payout_minimum }),
          );
        }}
      />
    </section>
  );
}
