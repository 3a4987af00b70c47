import { useTranslation } from 'react-i18next';
import { CapUsage } from '../components/cap-usage';
import { useResource } from '../hooks/use-resource';
import { api } from '../lib/api';
import type { Cap, PublisherOffer } from '../lib/types';

/** The caps the network set on this publisher's traffic, with how much is used (GET /api/publisher/caps). */
export function PortalCaps({ offers }: { offers?: PublisherOffer[] }) {
  const { t } = useTranslation();
  const caps = useResource('portal-caps', () => api.get<Cap[]>('/api/publisher/caps'));
  if (!caps.data || caps.data.length === 0) return null;
  const offerName = (id: string | null) =>
    id === null
      ? t('portal.caps.allOffers')
      : (offers?.find((o) => o.id === id)?.name ?? t('portal.caps.offerNumber', { id }));
  return (
    <section className="panel" aria-labelledby="portal-caps-title">
      <h2 id="portal-caps-title">{t('portal.caps.title')}</h2>
      <p className="hint">{t('portal.caps.hint')}</p>
      <ul className="caps-list">
        {caps.data.map((cap) => (
          <li key={cap.id}>
            <div className="cap-head">
              <strong>{offerName(cap.offer_id)}</strong>
              {cap.mode === 'soft' && <span className="muted"> · {t('portal.caps.soft')}</span>}
            </div>
            <CapUsage cap={cap} />
          </li>
        ))}
      </ul>
    </section>
  );
}
