// Types the server has a schema for are generated from it (npm run gen:api-types, api-types.ts)
// and re-exported here under the names the screens use; the ones below have no schema of that
// shape yet and are kept by hand (docs/development.md, "Web app internals", lists them).
export type {
  Advertiser,
  Assignment,
  CapView as Cap,
  Clawback,
  Click,
  Conversion,
  Flow,
  Goal,
  HistoryEntry as LeadHistoryEntry,
  ImportReport,
  Lead,
  LeadDetail,
  Net7Reply as Net7Result,
  Offer,
  OfferPixelSnippet,
  OutboundRequest,
  OutstandingClawbacks,
  Payout,
  PayoutBalance,
  PendingChange,
  PixelMode,
  PostbackLogEntry,
  PostbackPreviewReply as PostbackPreview,
  Publisher,
  PublisherOffer,
  PublisherStatus,
  Rule as AutomationRule,
  Run as AutomationRun,
  SavedPayoutMethod,
  TestLeadReply,
} from './api-types';

/** What the API answers (the server's TypeBox schemas, as the browser receives them), by hand. */

/** An advertiser's inbound profile: names that win over the built-in aliases; all optional. */
export interface InboundProfile {
  click_params?: string[];
  lead_id_param?: string;
  status_param?: string;
  payout_param?: string;
  currency_param?: string;
  txid_param?: string;
  goal_param?: string;
  without_status?: 'approved' | 'new-lead' | 'refuse';
  reversal?: 'status' | 'negative-payout' | 'param';
  reversal_param?: string;
}

export interface LocalSiteFile {
  path: string;
  content_type: string;
  size: number;
}

export interface LocalSite {
  id: string;
  offer_id: string;
  name: string;
  slug: string;
  status: 'active' | 'disabled';
  url: string;
  landing_url: string;
  files: LocalSiteFile[];
  created_at: string;
}

export interface IntegrationTemplate {
  key: string;
  name: string;
  kind: string;
  website: string;
  docs_url: string;
  verification: 'verified' | 'partial' | 'unverified';
  notes: string;
  click_param: string;
  push: Record<string, unknown>;
  status_map: Record<string, string>;
  postback_url: string;
  sample_postbacks: { status: string; lands_as: string; url: string }[];
}

export interface BlockedIp {
  id: string;
  ip: string;
  reason: string;
  created_at: string;
}

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  two_factor_enabled: boolean;
  /** Admins must use two-factor sign-in: without it, only the enrolment screen. */
  two_factor_required: boolean;
}

export interface ShownRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface MissingRate {
  currency: string;
  date: string;
}

export interface CustomReportRow {
  key: string;
  label: string;
  currency: string;
  clicks: number;
  leads: number;
  approved: number;
  hold: number;
  rejected: number;
  revenue: string;
  publisher_payouts: string;
  profit: string;
}

export interface CustomReport {
  from: string;
  to: string;
  group_by: string;
  report_currency: string | null;
  missing_rates: MissingRate[];
  data: CustomReportRow[];
  totals: CustomReportRow[];
}

export interface CurrencyRate {
  id: string;
  currency: string;
  rate_date: string;
  rate: string;
  base_currency: string;
  created_at: string;
  updated_at: string;
}

export interface AdminAccount {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  disabled_at: string | null;
  created_at: string;
  /** An account manager's advertisers and publishers (docs/users-and-roles.md "Roles"). */
  advertiser_ids?: string[];
  publisher_ids?: string[];
}

/** GET /api/admin/finance (src/modules/reports/finance.ts). */
export interface Finance {
  from: string | null;
  to: string | null;
  tz: string;
  cards: {
    currency: string;
    advertiser_revenue: string;
    owed_to_publishers: string;
    clawbacks_outstanding: string;
    already_paid: string;
    net_profit: string;
    to_collect: string;
  }[];
  advertisers: {
    advertiser_id: string;
    name: string;
    currency: string;
    conversions: number;
    reversed: number;
    revenue: string;
    pending: string;
    invoiced: string;
    received: string;
    to_collect: string;
  }[];
  publishers: {
    publisher_id: string;
    name: string;
    currency: string;
    approved: string;
    pending: string;
    paid: string;
    clawback_outstanding: string;
    requested: string;
    payable: string;
  }[];
}

export type PayoutStatus = 'requested' | 'paid' | 'rejected';

export interface DashboardMoney {
  currency: string;
  revenue: string;
  publisher_payouts: string;
  profit: string;
}

export interface DashboardCounts {
  clicks: number;
  rejected_clicks: number;
  leads: number;
  conversions: number;
  hold: number;
}

/** GET /api/admin/dashboard (src/modules/reports/dashboard.ts). */
export interface Dashboard extends DashboardCounts {
  period: string;
  /** The time zone whose local days the period and series are. */
  tz: string;
  from: string;
  to: string;
  approval_percent: string;
  active_flows: number;
  flows_with_clicks: number;
  money: (DashboardMoney & { epc: string })[];
  series: (DashboardCounts & { day: string; money: DashboardMoney[] })[];
}

/** A row of GET /api/publisher/stats (and the token stats API). */
export interface PublisherStatsRow {
  key: string;
  currency: string;
  clicks: number;
  unique_clicks: number;
  leads: number;
  approved: number;
  payout: string;
  epc: string;
}

export interface FraudRule {
  rule: string;
  description: string;
  enabled: boolean;
  threshold: number | null;
  window_minutes: number | null;
  updated_at: string | null;
}

export interface FraudEvent {
  kind: 'click' | 'lead' | 'ip_block' | 'pixel';
  id: string;
  created_at: string;
  rule: string;
  ip: string | null;
  offer_id: string | null;
  publisher_id: string | null;
  detail: string | null;
}

export interface AutomationAction {
  type: string;
  percent?: number;
  floor?: number;
  webhook_url?: string;
}

export interface AdminNotification {
  id: string;
  rule_id: string | null;
  run_id: string | null;
  title: string;
  message: string;
  read_at: string | null;
  created_at: string;
}
