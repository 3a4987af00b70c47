import { lazyScreen } from '../lib/lazy-screen';

/** Every admin screen, loaded when its route is first opened (one chunk each). */
export const AccessRequestsPage = lazyScreen(
  () => import('./access-requests/access-requests-page'),
  'AccessRequestsPage',
);
export const AdvertiserEditPage = lazyScreen(
  () => import('./advertisers/advertiser-edit-page'),
  'AdvertiserEditPage',
);
export const AdvertisersPage = lazyScreen(() => import('./advertisers/advertisers-page'), 'AdvertisersPage');
export const AuditLogPage = lazyScreen(() => import('./audit/audit-log-page'), 'AuditLogPage');
export const AutomationPage = lazyScreen(() => import('./automation/automation-page'), 'AutomationPage');
export const ClicksPage = lazyScreen(() => import('./clicks/clicks-page'), 'ClicksPage');
export const ConversionsPage = lazyScreen(() => import('./conversions/conversions-page'), 'ConversionsPage');
export const FinancePage = lazyScreen(() => import('./finance/finance-page'), 'FinancePage');
export const FlowStreamsPage = lazyScreen(() => import('./flows/flow-streams-page'), 'FlowStreamsPage');
export const FlowsPage = lazyScreen(() => import('./flows/flows-page'), 'FlowsPage');
export const SimulatePage = lazyScreen(() => import('./flows/simulate-page'), 'SimulatePage');
export const SplitTestPage = lazyScreen(() => import('./flows/split-test-page'), 'SplitTestPage');
export const FraudPage = lazyScreen(() => import('./fraud/fraud-page'), 'FraudPage');
export const AdminHome = lazyScreen(() => import('./home/admin-home'), 'AdminHome');
export const DashboardPage = lazyScreen(() => import('./home/dashboard-page'), 'DashboardPage');
export const QuickStartPage = lazyScreen(() => import('./home/quick-start-page'), 'QuickStartPage');
export const IntegrationsPage = lazyScreen(
  () => import('./integrations/integrations-page'),
  'IntegrationsPage',
);
export const InvoicePage = lazyScreen(() => import('./invoices/invoice-page'), 'InvoicePage');
export const InvoicesPage = lazyScreen(() => import('./invoices/invoices-page'), 'InvoicesPage');
export const LeadDetailPage = lazyScreen(() => import('./leads/lead-detail-page'), 'LeadDetailPage');
export const LeadsPage = lazyScreen(() => import('./leads/leads-page'), 'LeadsPage');
export const OfferEditPage = lazyScreen(() => import('./offers/offer-edit-page'), 'OfferEditPage');
export const OffersPage = lazyScreen(() => import('./offers/offers-page'), 'OffersPage');
export const PostbacksPage = lazyScreen(() => import('./postbacks/postbacks-page'), 'PostbacksPage');
export const PublishersPage = lazyScreen(() => import('./publishers/publishers-page'), 'PublishersPage');
export const GroupedReportPage = lazyScreen(
  () => import('./reports/grouped-report-page'),
  'GroupedReportPage',
);
export const ReportsPage = lazyScreen(() => import('./reports/reports-page'), 'ReportsPage');
export const SettingsPage = lazyScreen(() => import('./settings/settings-page'), 'SettingsPage');
export const SiteEditPage = lazyScreen(() => import('./sites/site-edit-page'), 'SiteEditPage');
export const SitesPage = lazyScreen(() => import('./sites/sites-page'), 'SitesPage');
