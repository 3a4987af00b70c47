import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../hooks/use-page-title';
import { useResource } from '../../hooks/use-resource';
import { api } from '../../lib/api';
import type { PublisherOffer } from '../../lib/types';
import { AccountSection } from '../../shared/account/account-section';
import { PixelPanel } from './pixel-panel';
import { PostbacksPanel } from './postbacks-panel';
import { StatsTokenPanel } from './stats-token-panel';

/** Publisher settings: tracker postbacks, Facebook pixel, stats API token, and the account itself. */
export function PortalSettingsPage({
  hasStatsToken,
  onChange,
}: {
  hasStatsToken: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  usePageTitle(t('nav.webmaster.settings'), 'Publisher');
  const offers = useResource('portal-offers', () =>
    api.get<{ data: PublisherOffer[] }>('/api/publisher/offers').then((r) => r.data),
  );
  return (
    <section>
      <h1>{t('nav.webmaster.settings')}</h1>
      <PostbacksPanel offers={offers.data ?? []} />
      <PixelPanel />
      <StatsTokenPanel hasToken={hasStatsToken} onChange={onChange} />
      <AccountSection base="/api/publisher" />
    </section>
  );
}
