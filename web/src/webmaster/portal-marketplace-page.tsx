import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyField } from '../components/copy-button';
import { EmptyState, ErrorNotice, Loading, Notice } from '../components/notice';
import { usePageTitle } from '../hooks/use-page-title';
import { useResource } from '../hooks/use-resource';
import { currentLocale } from '../i18n';
import { formatNumber } from '../i18n/format';
import { api } from '../lib/api';
import { formatMoney } from '../lib/money';

interface MarketplaceOffer {
  id: string;
  name: string;
  description: string;
  allowed_traffic: string;
  creatives: string;
  payout: string;
  currency: string;
  geo: string[];
  daily_cap: number | null;
  goals: { key: string; name: string; payout: string }[];
  access: string;
  tracking_url: string | null;
  ref_code: string | null;
  referral_url: string | null;
}

const ACCESS: Record<string, string> = {
  open: 'Open',
  granted: 'Granted',
  available: 'Ask for access',
  pending: 'Requested',
  rejected: 'Rejected',
};

/** The offer marketplace: public offers to run now, listed private offers to ask for. */
export function PortalMarketplacePage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.webmaster.marketplace'), 'Publisher');
  const list = useResource('marketplace', () =>
    api.get<{ data: MarketplaceOffer[] }>('/api/publisher/marketplace').then((r) => r.data),
  );
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  return (
    <section>
      <div className="page-head">
        <h1>{t('nav.webmaster.marketplace')}</h1>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          {t('portal.refresh')}
        </button>
      </div>
      {list.data.length === 0 ? (
        <EmptyState title={t('portal.market.none')} />
      ) : (
        list.data.map((offer) => <MarketplaceCard key={offer.id} offer={offer} onChange={list.reload} />)
      )}
    </section>
  );
}

function MarketplaceCard({ offer, onChange }: { offer: MarketplaceOffer; onChange: () => void }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function request() {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post(
        `/api/publisher/marketplace/${offer.id}/request`,
        message.trim() ? { message: message.trim() } : {},
      );
      onChange();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const statusClass = {
    open: 'public',
    granted: 'approved',
    available: 'private',
    pending: 'pending',
    rejected: 'rejected',
  }[offer.access];
  return (
    <article className="panel" aria-label={offer.name}>
      <div className="page-head">
        <h2>
          {offer.name}{' '}
          <span className={`badge badge-${statusClass ?? offer.access}`}>
            {t(`portal.market.access.${offer.access}`, {
              defaultValue: ACCESS[offer.access] ?? offer.access,
            })}
          </span>
        </h2>
        <strong className="num">{formatMoney(offer.payout, offer.currency, currentLocale())}</strong>
      </div>
      {offer.description && <p>{offer.description}</p>}
      <p className="cell-note">
        {t('portal.offers.geo')}: {offer.geo.length ? offer.geo.join(', ') : t('portal.market.anyGeo')}
        {offer.daily_cap !== null &&
          ` · ${t('portal.market.capPerDay', { cap: formatNumber(offer.daily_cap) })}`}
        {offer.goals.length > 0 &&
          ` · ${t('portal.market.goals')}: ${offer.goals.map((g) => `${g.name} ${formatMoney(g.payout, offer.currency, currentLocale())}`).join(', ')}`}
      </p>
      {offer.allowed_traffic && (
        <p className="cell-note">
          {t('portal.market.allowedTraffic')}: {offer.allowed_traffic}
        </p>
      )}
      {offer.creatives && (
        <p className="cell-note">
          {t('portal.market.creatives')}: {offer.creatives}
        </p>
      )}
      {offer.tracking_url && (
        <CopyField label={t('portal.market.linkFor', { name: offer.name })} text={offer.tracking_url} />
      )}
      {offer.ref_code && (
        <p className="cell-note">
          refCode <code>{offer.ref_code}</code>
          {offer.referral_url && (
            <>
              {' '}
              · <code>{offer.referral_url}</code>
            </>
          )}
        </p>
      )}
      {offer.access === 'pending' && <Notice>{t('portal.market.requested')}</Notice>}
      {(offer.access === 'available' || offer.access === 'rejected') && (
        <div className="request-row">
          <input
            aria-label={t('portal.market.messageFor', { name: offer.name })}
            placeholder={t('portal.market.sources')}
            value={message}
            maxLength={2000}
            onChange={(e) => setMessage(e.target.value)}
          />
          <button type="button" className="button-primary" onClick={request} disabled={busy}>
            {busy ? t('portal.market.sending') : t('portal.market.request')}
          </button>
        </div>
      )}
      {failure ? <ErrorNotice error={failure} /> : null}
    </article>
  );
}
