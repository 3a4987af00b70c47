import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  network_enabled: boolean;
}

/** GET /api/admin/publishers/:id/smart-link/simulate. */
interface SmartSimulation {
  enabled: boolean;
  network_enabled: boolean;
  country: string | null;
  currency: string;
  exploration_share: number;
  best_offer_id: string | null;
  offers: { offer_id: string; eligible: boolean; reason: string | null; epc: string | null }[];
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
  const { t } = useTranslation();
  return (
    <Dialog
      title={publisher ? t('forms.smart.of', { name: publisher.name }) : t('forms.smart.title')}
      open={Boolean(publisher)}
      onClose={onClose}
      wide
    >
      <div className="dialog-body">{publisher && <SmartLinkPanel publisher={publisher} />}</div>
    </Dialog>
  );
}

function SmartLinkPanel({ publisher }: { publisher: Publisher }) {
  const { t } = useTranslation();
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
      ? t('forms.smart.noEligible')
      : (offers.data?.find((o) => o.id === id)?.name ?? t('traffic.caps.offerX', { name: id }));
  const columns: Column<SmartReportRow>[] = [
    { key: 'offer', header: t('admin.col.offer'), render: (r) => offerName(r.offer_id) },
    { key: 'clicks', header: t('traffic.caps.metric.clicks'), render: (r) => r.clicks, className: 'num' },
    { key: 'accepted', header: t('common.status.accepted'), render: (r) => r.accepted, className: 'num' },
    { key: 'rejected', header: t('common.status.rejected'), render: (r) => r.rejected, className: 'num' },
  ];

  return (
    <>
      <p>{t('forms.smart.hint')}</p>
      {failure ? <ErrorNotice error={failure} /> : null}
      {link.data && (
        <>
          <p>
            {t('admin.col.status')}:{' '}
            <strong>{link.data.enabled ? t('streams.smart.on') : t('streams.smart.off')}</strong>{' '}
            {canChange && (
              <button
                type="button"
                className={link.data.enabled ? 'button-small' : 'button-small button-primary'}
                disabled={busy}
                onClick={() => toggle(!link.data?.enabled)}
              >
                {link.data.enabled ? t('traffic.switchOff') : t('traffic.switchOn')}
              </button>
            )}
          </p>
          {!link.data.network_enabled && <p className="notice">{t('streams.smart.networkOffNote')}</p>}
          {link.data.url && <CopyField label={t('forms.smart.title')} text={link.data.url} />}
        </>
      )}
      <NetworkSwitch onChange={link.reload} />
      <SmartSimulate publisherId={publisher.id} offerName={offerName} />
      {canReport && (
        <>
          <h3>{t('forms.smart.chosen')}</h3>
          <DataTable
            caption={t('forms.smart.caption')}
            columns={columns}
            rows={report.data}
            rowKey={(r) => r.offer_id ?? 'none'}
            loading={report.loading}
            error={report.error}
            onRetry={report.reload}
            empty={t('forms.smart.empty')}
          />
        </>
      )}
    </>
  );
}

/** Smart links on or off for the whole network (GET/PUT /api/admin/smart-links/settings). */
function NetworkSwitch({ onChange }: { onChange: () => void }) {
  const { t } = useTranslation();
  const access = useAccess();
  const canChange = access.can('PUT /api/admin/smart-links/settings');
  const settings = useResource('smart-link-network', () =>
    api.get<{ enabled: boolean }>('/api/admin/smart-links/settings'),
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  async function toggle(enabled: boolean) {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.put('/api/admin/smart-links/settings', { enabled });
      settings.reload();
      onChange();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }
  if (!settings.data) return null;
  const on = settings.data.enabled;
  return (
    <p>
      {failure ? <ErrorNotice error={failure} /> : null}
      {t('streams.smart.network')}: <strong>{on ? t('streams.smart.on') : t('streams.smart.off')}</strong>{' '}
      {canChange && (
        <button type="button" className="button-small" disabled={busy} onClick={() => toggle(!on)}>
          {on ? t('streams.smart.networkSwitchOff') : t('streams.smart.networkSwitchOn')}
        </button>
      )}
    </p>
  );
}

/** Which offer a sample visitor would get, and why the others are out; records nothing. */
function SmartSimulate({
  publisherId,
  offerName,
}: {
  publisherId: string;
  offerName: (id: string | null) => string;
}) {
  const { t } = useTranslation();
  const [where, setWhere] = useState('');
  const [result, setResult] = useState<SmartSimulation>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function run(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    const text = where.trim();
    const query = /^[A-Za-z]{2}$/.test(text) ? { country: text.toUpperCase() } : text ? { ip: text } : {};
    try {
      setResult(
        await api.get<SmartSimulation>(`/api/admin/publishers/${publisherId}/smart-link/simulate`, query),
      );
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }
  const columns: Column<SmartSimulation['offers'][number]>[] = [
    { key: 'offer', header: t('streams.smart.offer'), render: (r) => offerName(r.offer_id) },
    {
      key: 'eligible',
      header: t('streams.smart.eligible'),
      render: (r) => (r.eligible ? t('streams.smart.yes') : (r.reason ?? t('streams.smart.no'))),
    },
    { key: 'epc', header: 'EPC', render: (r) => r.epc ?? t('streams.smart.noEpc'), className: 'num' },
  ];
  const best = result?.best_offer_id ?? null;
  return (
    <section aria-label={t('streams.smart.simulateTitle')}>
      <h3>{t('streams.smart.simulateTitle')}</h3>
      <form className="filter-row" onSubmit={run}>
        <label>
          {t('streams.smart.visitorFrom')}{' '}
          <input value={where} onChange={(e) => setWhere(e.target.value)} placeholder="IN, 49.36.0.1" />
        </label>{' '}
        <button type="submit" className="button-small" disabled={busy}>
          {t('streams.smart.simulate')}
        </button>
      </form>
      {failure ? <ErrorNotice error={failure} /> : null}
      {result && (
        <div aria-live="polite">
          {!result.enabled || !result.network_enabled ? (
            <p className="notice">{t('streams.smart.wouldBeMissing')}</p>
          ) : null}
          <p data-testid="smart-simulate-outcome">
            {best
              ? t('streams.smart.outcome', {
                  offer: offerName(best),
                  share: Math.round((1 - result.exploration_share) * 100),
                  country: result.country ?? t('streams.smart.unknownCountry'),
                })
              : result.offers.some((o) => o.eligible)
                ? t('streams.smart.outcomeNoEpc')
                : t('streams.smart.outcomeNone')}
          </p>
          <DataTable
            caption={t('streams.smart.simulateCaption')}
            columns={columns}
            rows={result.offers}
            rowKey={(r) => r.offer_id}
            loading={false}
            error={undefined}
            empty={t('streams.smart.noOffers')}
          />
        </div>
      )}
    </section>
  );
}
