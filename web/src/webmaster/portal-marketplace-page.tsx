import { useState } from 'react';
import { CopyField } from '../components/copy-button';
import { EmptyState, ErrorNotice, Loading, Notice } from '../components/notice';
import { usePageTitle } from '../hooks/use-page-title';
import { useResource } from '../hooks/use-resource';
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
  usePageTitle('Marketplace', 'Publisher');
  const list = useResource('marketplace', () =>
    api.get<{ data: MarketplaceOffer[] }>('/api/publisher/marketplace').then((r) => r.data),
  );
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Loading />;
  return (
    <section>
      <div className="page-head">
        <h1>Marketplace</h1>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </div>
      {list.data.length === 0 ? (
        <EmptyState title="No offers in the marketplace yet." />
      ) : (
        list.data.map((offer) => <MarketplaceCard key={offer.id} offer={offer} onChange={list.reload} />)
      )}
    </section>
  );
}

function MarketplaceCard({ offer, onChange }: { offer: MarketplaceOffer; onChange: () => void }) {
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
            {ACCESS[offer.access] ?? offer.access}
          </span>
        </h2>
        <strong className="num">{formatMoney(offer.payout, offer.currency)}</strong>
      </div>
      {offer.description && <p>{offer.description}</p>}
      <p className="cell-note">
        GEO: {offer.geo.length ? offer.geo.join(', ') : 'any'}
        {offer.daily_cap !== null && ` · cap ${offer.daily_cap}/day`}
        {offer.goals.length > 0 &&
          ` · goals: ${offer.goals.map((g) => `${g.name} ${formatMoney(g.payout, offer.currency)}`).join(', ')}`}
      </p>
      {offer.allowed_traffic && <p className="cell-note">Allowed traffic: {offer.allowed_traffic}</p>}
      {offer.creatives && <p className="cell-note">Creatives: {offer.creatives}</p>}
      {offer.tracking_url && (
        <CopyField label={`Tracking link for ${offer.name}`} text={offer.tracking_url} />
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
      {offer.access === 'pending' && (
        <Notice>Your request is with the network. You will see the link here once approved.</Notice>
      )}
      {(offer.access === 'available' || offer.access === 'rejected') && (
        <div className="request-row">
          <input
            aria-label={`Message with the request for ${offer.name}`}
            placeholder="Your traffic sources (optional)"
            value={message}
            maxLength={2000}
            onChange={(e) => setMessage(e.target.value)}
          />
          <button type="button" className="button-primary" onClick={request} disabled={busy}>
            {busy ? 'Sending…' : 'Request access'}
          </button>
        </div>
      )}
      {failure ? <ErrorNotice error={failure} /> : null}
    </article>
  );
}
