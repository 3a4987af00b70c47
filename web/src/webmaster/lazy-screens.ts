import { lazyScreen } from '../lib/lazy-screen';

/** Every portal screen, loaded when its route is first opened (one chunk each). */
export const PortalFlowStreamsPage = lazyScreen(
  () => import('./portal-flow-streams-page'),
  'PortalFlowStreamsPage',
);
export const PortalSimulatePage = lazyScreen(() => import('./portal-flow-tools'), 'PortalSimulatePage');
export const PortalSplitTestPage = lazyScreen(() => import('./portal-flow-tools'), 'PortalSplitTestPage');
export const PortalFlowsPage = lazyScreen(() => import('./portal-flows-page'), 'PortalFlowsPage');
export const PortalMarketplacePage = lazyScreen(
  () => import('./portal-marketplace-page'),
  'PortalMarketplacePage',
);
export const PortalOffersPage = lazyScreen(() => import('./portal-offers-page'), 'PortalOffersPage');
export const PortalPayoutsPage = lazyScreen(() => import('./portal-payouts-page'), 'PortalPayoutsPage');
export const PortalReportsPage = lazyScreen(() => import('./portal-reports-page'), 'PortalReportsPage');
export const PortalStatsPage = lazyScreen(() => import('./portal-stats-page'), 'PortalStatsPage');
export const PortalSettingsPage = lazyScreen(
  () => import('./settings/portal-settings-page'),
  'PortalSettingsPage',
);
