import { Navigate, Route, Routes } from 'react-router';
import { Loading, Notice } from '../components/notice';
import type { AdminUser } from '../lib/types';
import { AppShell } from '../shared/app-shell';
import { ComingSoon } from '../shared/coming-soon';
import { LoginForm } from '../shared/login-form';
import { useSession } from '../shared/use-session';
import { AccessRequestsPage } from './access-requests/access-requests-page';
import { AdvertiserEditPage } from './advertisers/advertiser-edit-page';
import { AdvertisersPage } from './advertisers/advertisers-page';
import { AutomationPage } from './automation/automation-page';
import { ClicksPage } from './clicks/clicks-page';
import { ConversionsPage } from './conversions/conversions-page';
import { FinancePage } from './finance/finance-page';
import { FlowsPage } from './flows/flows-page';
import { FraudPage } from './fraud/fraud-page';
import { AdminHome } from './home/admin-home';
import { DashboardPage } from './home/dashboard-page';
import { QuickStartPage } from './home/quick-start-page';
import { IntegrationsPage } from './integrations/integrations-page';
import { InvoicePage } from './invoices/invoice-page';
import { InvoicesPage } from './invoices/invoices-page';
import { LeadDetailPage } from './leads/lead-detail-page';
import { LeadsPage } from './leads/leads-page';
import { ADMIN_TABS } from './nav';
import { OfferEditPage } from './offers/offer-edit-page';
import { OffersPage } from './offers/offers-page';
import { PostbacksPage } from './postbacks/postbacks-page';
import { PublishersPage } from './publishers/publishers-page';
import { ReportsPage } from './reports/reports-page';
import { SettingsPage } from './settings/settings-page';
import { SiteEditPage } from './sites/site-edit-page';
import { SitesPage } from './sites/sites-page';

const SHELL_TABS = ADMIN_TABS.map((tab) => ({
  path: tab.path,
  label: tab.label,
  soon: Boolean(tab.comingSoon),
}));

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
        title="Admin sign in"
        loginPath="/api/auth/login"
        onSignedIn={refresh}
        notice={state.expired ? <Notice>Your session ended. Sign in again.</Notice> : undefined}
        refusal={state.refusal}
      />
    );
  }
  return (
    <AppShell area="Admin" base="/admin" tabs={SHELL_TABS} who={state.user.email} onSignOut={signOut}>
      <Routes>
        <Route index element={<AdminHome />} />
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
        <Route path="settings" element={<SettingsPage meId={state.user.id} />} />
        {ADMIN_TABS.filter((tab) => tab.comingSoon).map((tab) => (
          <Route
            key={tab.path}
            path={tab.path}
            element={<ComingSoon title={tab.label} about={tab.comingSoon ?? ''} />}
          />
        ))}
        <Route path="*" element={<Navigate to="/admin" replace />} />
      </Routes>
    </AppShell>
  );
}
