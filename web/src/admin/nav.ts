/** Every tab of seed 000 (plus Clicks and Postback Log of seed 002), in the guide's order. */
export interface AdminTab {
  path: string;
  label: string;
  /** Tabs whose API is not built yet show a "coming soon" page with this description. */
  comingSoon?: string;
}

export const ADMIN_TABS: readonly AdminTab[] = [
  { path: 'quick-start', label: 'Quick Start' },
  { path: 'dashboard', label: 'Dashboard' },
  { path: 'advertisers', label: 'Advertisers' },
  { path: 'offers', label: 'Offers' },
  { path: 'sites', label: 'Local sites' },
  { path: 'integrations', label: 'Integrations' },
  { path: 'publishers', label: 'Publishers' },
  { path: 'flows', label: 'Flows' },
  { path: 'access-requests', label: 'Access requests' },
  { path: 'clicks', label: 'Clicks' },
  { path: 'leads', label: 'Leads' },
  { path: 'conversions', label: 'Conversions' },
  { path: 'postbacks', label: 'Postback Log' },
  { path: 'finance', label: 'Finance' },
  { path: 'reports', label: 'Reports' },
  { path: 'fraud', label: 'Fraud Detection' },
  { path: 'automation', label: 'Automation' },
  { path: 'settings', label: 'Settings' },
  { path: 'audit-log', label: 'Audit log' },
];
