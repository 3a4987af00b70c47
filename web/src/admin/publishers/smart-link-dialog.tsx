import { useState } from 'react';
import { CopyField } from '../../components/copy-button';
import { type Column, DataTable } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { ErrorNotice } from '../../components/notice';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import type { Publisher } from '../../lib/types';
import { useAccess } from '../access';
import { useAllOffers } from '../lookups';

/** GET/PUT /api/admin/publishers/:id/smart-link (src/modules/smartlink/schemas.ts). */
interface SmartLink {
  publisher_id: string;
  enabled: boolean;
  code: string | null;
  url: string | null;
}

interface SmartReportRow {
  publisher_id: string;
  offer_id: string | null;
  clicks: number;
  accepted: number;
  rejected: number;
}

/** A publisher's smart link: switch it on or off, copy it, and see which offers it chose this week. */
export function SmartLinkDialog({ publisher, onClose }: { publisher?: Publisher; onClose: () => void }) {
  return (
    <Dialog
      title={publisher ? `Smart link of ${publisher.name}` : 'Smart link'}
      open={Boolean(publisher)}
      onClose={onClose}
      wide
    >
      <div className="dialog-body">{publisher && <SmartLinkPanel publisher={publisher} />}</div>
    </Dialog>
  );
}

function SmartLinkPanel({ publisher }: { publisher: Publisher }) {
  const access = useAccess();
  const canChange = access.can('PUT /api/admin/publishers/:id/smart-link');
  const canReport = access.can('GET /api/admin/smart-links/report');
  const link = useResource(`smart-link-${publisher.id}`, () =>
    api.get<SmartLink>(`/api/admin/publishers/${publisher.id}/smart-link`),
  );
  const report = useResource(canReport ? `smart-report-${publisher.id}` : null, () =>
    api
      .get<{ rows: SmartReportRow[] }>('/api/admin/smart-links/report', { publisher_id: publisher.id })
      .then((r) => r.rows),
  );
  const offers = useAllOffers();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();

  async function toggle(enabled: boolean) {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.put(`/api/admin/publishers/${publisher.id}/smart-link`, { enabled });
      link.reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const offerName = (id: string | null) =>
    id === null
      ? 'No eligible offer (refused)'
      : (offers.data?.find((o) => o.id === id)?.name ?? `Offer ${id}`);
  const columns: Column<SmartReportRow>[] = [
    { key: 'offer', header: 'Offer', render: (r) => offerName(r.offer_id) },
    { key: 'clicks', header: 'Clicks', render: (r) => r.clicks, className: 'num' },
    { key: 'accepted', header: 'Accepted', render: (r) => r.accepted, className: 'num' },
    { key: 'rejected', header: 'Rejected', render: (r) => r.rejected, className: 'num' },
  ];

  return (
    <>
      <p>
        One link for all the offers this publisher may run. Each visitor goes to an active offer open to their
        country and not capped, mostly the one with the best EPC of the last 7 days; a fifth of the traffic
        explores the others.
      </p>
      {failure ? <ErrorNotice error={failure} /> : null}
      {link.data && (
        <>
          <p>
            Status: <strong>{link.data.enabled ? 'On' : 'Off'}</strong>{' '}
            {canChange && (
              <button
                type="button"
                className={link.data.enabled ? 'button-small' : 'button-small button-primary'}
                disabled={busy}
                onClick={() => toggle(!link.data?.enabled)}
              >
                {link.data.enabled ? 'Switch off' : 'Switch on'}
              </button>
            )}
          </p>
          {link.data.url && <CopyField label="Smart link" text={link.data.url} />}
        </>
      )}
      {canReport && (
        <>
          <h3>Offers chosen, last 7 days</h3>
          <DataTable
            caption="Clicks through the smart link per offer, last 7 days"
            columns={columns}
            rows={report.data}
            rowKey={(r) => r.offer_id ?? 'none'}
            loading={report.loading}
            error={report.error}
            onRetry={report.reload}
            empty="No clicks through the smart link in the last 7 days."
          />
        </>
      )}
    </>
  );
}
