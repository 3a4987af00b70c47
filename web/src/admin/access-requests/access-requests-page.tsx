import { useState } from 'react';
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
  usePageTitle('Access requests');
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
      reason = window.prompt(`Why is ${r.publisher_name} refused ${r.offer_name}? They will see this.`);
      if (!reason?.trim()) return;
    }
    try {
      if (approve) await api.post(`/api/admin/access-requests/${r.id}/approve`);
      else await api.post(`/api/admin/access-requests/${r.id}/reject`, { reason: reason?.trim() });
      setNote(
        approve
          ? `${r.publisher_name} can now run ${r.offer_name}; their link is in their portal.`
          : `Request of ${r.publisher_name} rejected.`,
      );
      list.reload();
    } catch (error) {
      setFailure(error);
    }
  }

  const columns: Column<AccessRequest>[] = [
    { key: 'time', header: 'Asked', render: (r) => <DateTime iso={r.created_at} /> },
    { key: 'publisher', header: 'Publisher', render: (r) => r.publisher_name },
    { key: 'offer', header: 'Offer', render: (r) => r.offer_name },
    { key: 'message', header: 'Message', className: 'wrap', render: (r) => r.message || '—' },
    { key: 'status', header: 'Status', render: (r) => <Badge value={r.status} /> },
    { key: 'reason', header: 'Reason', className: 'wrap', render: (r) => r.reason || '—' },
    {
      key: 'actions',
      header: '',
      render: (r) =>
        r.status === 'pending' ? (
          <span className="row-actions">
            <button type="button" className="button-small" onClick={() => decide(r, true)}>
              Approve
              <span className="sr-only">
                {' '}
                {r.publisher_name} for {r.offer_name}
              </span>
            </button>
            <button type="button" className="button-small button-ghost" onClick={() => decide(r, false)}>
              Reject
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
        <h1>Access requests</h1>
        <label className="tz-select">
          <span className="tz-label">Show</span>
          <select value={status} onChange={(e) => setParams(toQueryString({ status: e.target.value }))}>
            {[...STATUSES, 'all'].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      {note && <Notice tone="success">{note}</Notice>}
      {failure ? <ErrorNotice error={failure} /> : null}
      <DataTable
        caption="Access requests"
        columns={columns}
        rowKey={(r) => r.id}
        empty={tableEmpty(
          status === 'pending' ? 'No requests waiting.' : 'No requests.',
          <p>Publishers ask for private offers you list in the marketplace.</p>,
        )}
        {...pagedRows(list, page, (n) => setParams(toQueryString({ status, page: n > 1 ? n : undefined })))}
      />
    </section>
  );
}
