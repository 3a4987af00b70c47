import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Badge } from '../../components/badge';
import { type Column, DataTable, pagedRows, tableEmpty } from '../../components/data-table';
import { ErrorNotice, Notice } from '../../components/notice';
import { DateTime } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api, type Page } from '../../lib/api';
import { readPage, toQueryString } from '../../lib/query-string';
import { PER_PAGE } from '../../lib/table-state';

interface AccessRequest {
  id: string;
  publisher_id: string;
  publisher_name: string;
  offer_id: string;
  offer_name: string;
  status: string;
  message: string;
  reason: string;
  created_at: string;
  decided_at: string | null;
}

const STATUSES = ['pending', 'approved', 'rejected'];

/** Publishers asking for private marketplace offers: approve (assigns the offer) or reject with a reason. */
export function AccessRequestsPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.access.title'));
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'pending';
  const page = readPage(params);
  const query = { status: status === 'all' ? undefined : status, page, per_page: PER_PAGE };
  const list = useResource(`access-requests${toQueryString(query)}`, () =>
    api.get<Page<AccessRequest>>('/api/admin/access-requests', query),
  );
  const [note, setNote] = useState<string>();
  const [failure, setFailure] = useState<unknown>();

  async function decide(r: AccessRequest, approve: boolean) {
    setNote(undefined);
    setFailure(undefined);
    let reason: string | null = '';
    if (!approve) {
      reason = window.prompt(
        t('admin.access.whyRefused', { publisher: r.publisher_name, offer: r.offer_name }),
      );
      if (!reason?.trim()) return;
    }
    try {
      if (approve) await api.post(`/api/admin/access-requests/${r.id}/approve`);
      else await api.post(`/api/admin/access-requests/${r.id}/reject`, { reason: reason?.trim() });
      setNote(
        approve
          ? t('admin.access.approved', { publisher: r.publisher_name, offer: r.offer_name })
          : t('admin.access.rejected', { publisher: r.publisher_name }),
      );
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<AccessRequest>[] = [
    { key: 'time', header: t('admin.access.asked'), render: (r) => <DateTime iso={r.created_at} /> },
    { key: 'publisher', header: t('admin.col.publisher'), render: (r) => r.publisher_name },
    { key: 'offer', header: t('admin.col.offer'), render: (r) => r.offer_name },
    {
      key: 'message',
      header: t('admin.postbacks.message'),
      className: 'wrap',
      render: (r) => r.message || '—',
    },
    { key: 'status', header: t('admin.col.status'), render: (r) => <Badge value={r.status} /> },
    { key: 'reason', header: t('admin.col.reason'), className: 'wrap', render: (r) => r.reason || '—' },
    {
      key: 'actions',
      header: '',
      render: (r) =>
        r.status === 'pending' ? (
          <span className="row-actions">
            <button type="button" className="button-small" onClick={() => decide(r, true)}>
              {t('admin.access.approve')}
              <span className="sr-only">
                {' '}
                {r.publisher_name} for {r.offer_name}
              </span>
            </button>
            <button type="button" className="button-small button-ghost" onClick={() => decide(r, false)}>
              {t('admin.access.reject')}
              <span className="sr-only">
                {' '}
                {r.publisher_name} for {r.offer_name}
              </span>
            </button>
          </span>
        ) : null,
    },
  ];

  return (
    <section>
      <div className="page-head">
        <h1>{t('admin.access.title')}</h1>
        <label className="tz-select">
          <span className="tz-label">{t('admin.access.show')}</span>
          <select value={status} onChange={(e) => setParams(toQueryString({ status: e.target.value }))}>
            {[...STATUSES, 'all'].map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? t('admin.access.all') : t(`common.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {note && <Notice tone="success">{note}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption={t('admin.access.title')}
        columns={columns}
        rowKey={(r) => r.id}
        empty={tableEmpty(
          status === 'pending' ? t('admin.access.noneWaiting') : t('admin.access.none'),
          <p>{t('admin.access.noneHint')}</p>,
        )}
        {...pagedRows(list, page, (n) => setParams(toQueryString({ status, page: n > 1 ? n : undefined })))}
      />
    </section>
  );
}
