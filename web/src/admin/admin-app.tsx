import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { ErrorNotice, Loading, Notice } from '../components/notice';
import { useResource } from '../hooks/use-resource';
import { tr } from '../i18n';
import { api } from '../lib/api';
import type { AdminUser } from '../lib/types';
import { TwoFactorPanel } from '../shared/account/two-factor-panel';
import { AppShell } from '../shared/app-shell';
import { ComingSoon } from '../shared/coming-soon';
import { LoginForm } from '../shared/login-form';
import { useSession } from '../shared/use-session';
import { AccessProvider, type AdminMe, accessOf, canSeeTab } from './access';
import {
  AccessRequestsPage,
  AdminHome,
  AdvertiserEditPage,
  AdvertisersPage,
  AuditLogPage,
  AutomationPage,
  ClicksPage,
  ConversionsPage,
  DashboardPage,
  FinancePage,
  FlowStreamsPage,
  FlowsPage,
  FraudPage,
  GroupedReportPage,
  IntegrationsPage,
  InvoicePage,
  InvoicesPage,
  LeadDetailPage,
  LeadsPage,
  OfferEditPage,
  OffersPage,
  PostbacksPage,
  PublishersPage,
  QuickStartPage,
  ReportsPage,
  SettingsPage,
  SimulatePage,
  SiteEditPage,
  SitesPage,
  SplitTestPage,
} from './lazy-screens';
import { ADMIN_TABS } from './nav';

const SHELL_TABS = ADMIN_TABS.map((tab) => ({
  path: tab.path,
  label: tab.label,
  soon: Boolean(tab.comingSoon),
}));

/** The signed-in part: tabs and pages narrowed to what the role may call (docs/users-and-roles.md "Roles"). */
function SignedIn({
  user,
  onSignOut,
  onAccountChange,
}: {
  user: AdminUser;
  onSignOut: () => void;
  onAccountChange: () => void;
}) {
  const me = useResource('admin-me', () => api.get<AdminMe>('/api/admin/me'));
  if (me.error) return <ErrorNotice error={me.error} onRetry={me.reload} />;
  if (!me.data) return <Loading />;
  const access = accessOf(me.data);
  const tabs = SHELL_TABS.filter((tab) => canSeeTab(access, tab.path));
  const home = access.can('GET /api/admin/dashboard') ? (
    <AdminHome />
  ) : (
    <Navigate to={`/admin/${tabs[0]?.path ?? 'settings'}`} replace />
  );
  return (
    <AccessProvider access={access}>
      <AppShell
        area="Admin"
        base="/admin"
        tabs={tabs}
        who={user.email}
        onSignOut={onSignOut}
        localePath="/api/auth/locale"
      >
        <AdminRoutes home={home} meId={user.id} onAccountChange={onAccountChange} />
      </AppShell>
    </AccessProvider>
  );
}

/** The admin panel at /admin: the login form until the session cookie says who you are. */
export function AdminApp() {
  const { state, refresh, signOut } = useSession<AdminUser>('/api/auth/me', '/api/auth/logout');
  if (state.status === 'checking') {
    return (
      <main className="auth-page" id="main">
        <Loading />
      </main>
    );
  }
  if (state.status === 'signed-out') {
    return (
      <LoginForm
        title={tr('admin.signIn')}
        loginPath="/api/auth/login"
        onSignedIn={refresh}
        notice={state.expired ? <Notice>{tr('common.errors.sessionEnded')}</Notice> : undefined}
        refusal={state.refusal}
      />
    );
  }
  if (state.user.two_factor_required && !state.user.two_factor_enabled) {
    return <EnrolFirst email={state.user.email} onEnabled={refresh} onSignOut={signOut} />;
  }
  return <SignedIn user={state.user} onSignOut={signOut} onAccountChange={refresh} />;
}

function AdminRoutes({
  home,
  meId,
  onAccountChange,
}: {
  home: ReactNode;
  meId: string;
  onAccountChange: () => void;
}) {
  return (
    <Routes>
      <Route index element={home} />
      <Route path="quick-start" element={<QuickStartPage />} />
      <Route path="dashboard" element={<DashboardPage />} />
      <Route path="advertisers" element={<AdvertisersPage />} />
      <Route path="advertisers/new" element={<AdvertiserEditPage />} />
      <Route path="advertisers/:id" element={<AdvertiserEditPage />} />
      <Route path="offers" element={<OffersPage />} />
      <Route path="offers/new" element={<OfferEditPage />} />
      <Route path="offers/:id" element={<OfferEditPage />} />
      <Route path="sites" element={<SitesPage />} />
      <Route path="sites/:id" element={<SiteEditPage />} />
      <Route path="integrations" element={<IntegrationsPage />} />
      <Route path="publishers" element={<PublishersPage />} />
      <Route path="flows" element={<FlowsPage />} />
      <Route path="flows/:id/streams" element={<FlowStreamsPage />} />
      <Route path="flows/:id/split-test" element={<SplitTestPage />} />
      <Route path="flows/:id/simulate" element={<SimulatePage />} />
      <Route path="access-requests" element={<AccessRequestsPage />} />
      <Route path="clicks" element={<ClicksPage />} />
      <Route path="leads" element={<LeadsPage />} />
      <Route path="leads/:id" element={<LeadDetailPage />} />
      <Route path="conversions" element={<ConversionsPage />} />
      <Route path="postbacks" element={<PostbacksPage />} />
      <Route path="finance" element={<FinancePage />} />
      <Route path="finance/invoices" element={<InvoicesPage />} />
      <Route path="finance/invoices/:id" element={<InvoicePage />} />
      <Route path="fraud" element={<FraudPage />} />
      <Route path="automation" element={<AutomationPage />} />
      <Route path="reports" element={<ReportsPage />} />
      <Route path="reports/grouped" element={<GroupedReportPage />} />
      <Route path="audit-log" element={<AuditLogPage />} />
      <Route path="settings" element={<SettingsPage meId={meId} onAccountChange={onAccountChange} />} />
      {ADMIN_TABS.filter((tab) => tab.comingSoon).map((tab) => (
        <Route
          key={tab.path}
          path={tab.path}
          element={<ComingSoon title={tab.label} about={tab.comingSoon ?? ''} />}
        />
      ))}
      <Route path="*" element={<Navigate to="/admin" replace />} />
    </Routes>
  );
}

/** Admins must use two-factor sign-in and this one has not set it up: that comes before anything else. */
function EnrolFirst({
  email,
  onEnabled,
  onSignOut,
}: {
  email: string;
  onEnabled: () => Promise<void>;
  onSignOut: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [codesSaved, setCodesSaved] = useState(false);
  const [enabled, setEnabled] = useState(false);
  return (
    <main className="auth-page" id="main">
      <div className="auth-card auth-card-wide">
        <p className="brand">Leadrail</p>
        <h1>{t('common.twoFactor.setUp')}</h1>
        <p>{t('common.twoFactor.enrolRequired', { email })}</p>
        <TwoFactorPanel base="/api/auth" onChange={() => setEnabled(true)} />
        {enabled && (
          <label className="checkbox">
            <input type="checkbox" checked={codesSaved} onChange={(e) => setCodesSaved(e.target.checked)} />{' '}
            {t('common.twoFactor.codesSaved')}
          </label>
        )}
        <div className="form-actions">
          {enabled && (
            <button
              type="button"
              className="button-primary"
              disabled={!codesSaved}
              onClick={() => onEnabled()}
            >
              {t('common.twoFactor.continueAdmin')}
            </button>
          )}
          <button type="button" className="button-ghost" onClick={() => onSignOut()} data-testid="sign-out">
            {t('common.shell.signOut')}
          </button>
        </div>
      </div>
    </main>
  );
}
