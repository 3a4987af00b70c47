import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { Loading, Notice } from '../components/notice';
import type { Publisher } from '../lib/types';
import { AppShell } from '../shared/app-shell';
import { LoginForm } from '../shared/login-form';
import { useSession } from '../shared/use-session';
import {
  PortalFlowStreamsPage,
  PortalFlowsPage,
  PortalMarketplacePage,
  PortalOffersPage,
  PortalPayoutsPage,
  PortalReportsPage,
  PortalSettingsPage,
  PortalSimulatePage,
  PortalSplitTestPage,
  PortalStatsPage,
} from './lazy-screens';
import { PendingPage } from './pending-page';
import { RegisterPage } from './register-page';

const TABS = [
  { path: 'offers', label: 'Offers & links' },
  { path: 'flows', label: 'My flows' },
  { path: 'marketplace', label: 'Marketplace' },
  { path: 'stats', label: 'Statistics' },
  { path: 'reports', label: 'Reports' },
  { path: 'payouts', label: 'Balance & payouts' },
  { path: 'settings', label: 'Settings' },
];

/** The publisher portal at /webmaster: register, sign in, wait for approval, then take links. */
export function PortalApp() {
  const { state, refresh, signOut } = useSession<Publisher>('/api/publisher/me', '/api/publisher/logout');
  const { t } = useTranslation();
  if (state.status === 'checking') {
    return (
      <main className="auth-page" id="main">
        <Loading />
      </main>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <Routes>
        <Route path="register" element={<RegisterPage onSignedIn={refresh} />} />
        <Route
          path="*"
          element={
            <LoginForm
              title={t('portal.signIn.title')}
              loginPath="/api/publisher/login"
              onSignedIn={refresh}
              notice={state.expired ? <Notice>{t('common.errors.sessionEnded')}</Notice> : undefined}
              refusal={state.refusal}
              footer={
                <p className="auth-footer">
                  {t('portal.signIn.newHere')}{' '}
                  <Link to="/webmaster/register">{t('portal.signIn.create')}</Link>
                </p>
              }
            />
          }
        />
      </Routes>
    );
  }
  const publisher = state.user;
  if (publisher.status !== 'approved') {
    return <PendingPage publisher={publisher} onCheck={refresh} onSignOut={signOut} />;
  }
  return (
    <AppShell
      area="Publisher"
      base="/webmaster"
      tabs={TABS}
      who={publisher.email}
      onSignOut={signOut}
      localePath="/api/publisher/locale"
    >
      <Routes>
        <Route path="offers" element={<PortalOffersPage />} />
        <Route path="flows" element={<PortalFlowsPage />} />
        <Route path="flows/:id/streams" element={<PortalFlowStreamsPage />} />
        <Route path="flows/:id/split-test" element={<PortalSplitTestPage />} />
        <Route path="flows/:id/simulate" element={<PortalSimulatePage />} />
        <Route path="marketplace" element={<PortalMarketplacePage />} />
        <Route path="stats" element={<PortalStatsPage />} />
        <Route path="reports" element={<PortalReportsPage />} />
        <Route path="payouts" element={<PortalPayoutsPage />} />
        <Route
          path="settings"
          element={<PortalSettingsPage hasStatsToken={publisher.has_stats_token} onChange={refresh} />}
        />
        <Route path="*" element={<Navigate to="/webmaster/offers" replace />} />
      </Routes>
    </AppShell>
  );
}
