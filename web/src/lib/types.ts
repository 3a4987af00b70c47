/** What the API answers (the server's TypeBox schemas, as the browser receives them). */

export interface Advertiser {
  /** On a save answer only: what was repaired in a pasted URL. */
  notices?: string[];
  id: string;
  name: string;
  integration_type: 'api_post' | 's2s_get';
  post_encoding: 'json' | 'form';
  endpoint_url: string;
  auth_key: string | null;
  auth_location: 'header' | 'body' | 'query';
  auth_header_name: string;
  auth_field_name: string;
  payload_template: Record<string, unknown> | null;
  extra_params: Record<string, unknown>;
  postback_token: string;
  postback_url: string;
  status_map: Record<string, string>;
  click_param: string;
  auto_click_id: boolean;
  /** Refuse (422) a postback with a payout-, currency- or status-looking parameter it did not use. */
  postback_strict: boolean;
  /** Where its network's postbacks carry the click id, status, money … (docs/postbacks.md "Inbound profile"). */
  inbound_profile: InboundProfile;
  status: 'active' | 'paused';
  notes: string;
  created_at: string;
  updated_at: string;
}

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

interface FoundParam {
  param: string;
  value: string;
}

/** POST /api/admin/advertisers/:id/postback-preview: what a pasted postback would do; nothing changed. */
export interface PostbackPreview {
  endpoint: string;
  params: Record<string, string>;
  click: { param: string; id: string } | null;
  offer_id: string | null;
  lead: { id: string; status: string } | null;
  lead_created: boolean;
  status: { word: string | null; param: string | null; lands_as: string | null };
  payout: string | null;
  publisher_payout: string | null;
  currency: string | null;
  txid: string | null;
  goal: string | null;
  warnings: string[];
  refused: { status: number; code: string; message: string } | null;
  outcome: 'changes' | 'ignored' | 'refused';
  detected: Partial<
    Record<'click' | 'lead_id' | 'status' | 'payout' | 'currency' | 'txid' | 'goal', FoundParam>
  >;
  profile: InboundProfile;
  proposed_profile: InboundProfile;
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

export interface OfferPixelSnippet {
  offer_id: string;
  gif_url: string;
  img: string;
  script: string;
  notes: string[];
}

export interface Goal {
  key: string;
  name: string;
  aliases: string[];
  adv_payout: string;
  pub_payout: string;
  revshare_percent: string | null;
}

/** What the offer's public conversion pixel may do (issue 15). */
export type PixelMode = 'off' | 'hold' | 'approved';

export interface Offer {
  id: string;
  /** On a save answer only: what was repaired in a pasted URL. */
  notices?: string[];
  name: string;
  advertiser_id: string;
  adv_offer_id: string;
  landing_url: string;
  adv_payout: string;
  pub_payout: string;
  currency: string;
  geo: string[];
  visibility: 'public' | 'private';
  status: 'active' | 'paused';
  daily_cap: number | null;
  trafficback_url: string | null;
  append_click_id: boolean;
  /** Leads made by a postback or the pixel are pushed to the advertiser like form leads. */
  push_created_leads: boolean;
  description: string;
  goals: Goal[];
  ingest_key: string;
  pixel_mode: PixelMode;
  pixel_max_per_click: number;
  pixel_require_sig: boolean;
  pixel_key: string;
  allow_pub_above_adv: boolean;
  tracking_url: string;
  created_at: string;
  updated_at: string;
}

export type PublisherStatus = 'pending' | 'approved' | 'suspended' | 'rejected';

export interface Publisher {
  id: string;
  name: string;
  email: string;
  status: PublisherStatus;
  postback_url: string | null;
  has_stats_token: boolean;
  /** Own smallest payout, a decimal read in each currency; null: the network's PAYOUT_MINIMUM. */
  payout_minimum: string | null;
  created_at: string;
  updated_at: string;
}

export interface Assignment {
  publisher_id: string;
  offer_id: string;
  offer_name: string;
  payout: string | null;
  currency: string;
  created_at: string;
}

export interface PublisherOffer {
  id: string;
  name: string;
  description: string;
  payout: string;
  currency: string;
  geo: string[];
  visibility: 'public' | 'private';
  daily_cap: number | null;
  goals: { key: string; name: string; payout: string }[];
  tracking_url: string;
}

export interface Flow {
  id: string;
  code: string;
  name: string;
  publisher_id: string;
  offer_id: string;
  status: 'active' | 'paused';
  tracking_url: string;
  /** Fired for every new lead of the flow; in the portal, null when the operator set it. */
  lead_postback_url: string | null;
  lead_postback_method: 'GET' | 'POST';
  lead_postback_encoding: 'form' | 'json';
  lead_postback_set_by: 'admin' | 'publisher' | null;
  created_at: string;
  updated_at: string;
}

export interface Click {
  id: string;
  created_at: string;
  source: string;
  offer_id: string | null;
  publisher_id: string | null;
  flow_id: string | null;
  status: 'accepted' | 'rejected';
  reject_reason: string | null;
  is_unique: boolean;
  ip: string;
  country: string | null;
  user_agent: string;
  referer: string | null;
  sub1: string | null;
  sub2: string | null;
  sub3: string | null;
  sub4: string | null;
  sub5: string | null;
  sub6: string | null;
  sub7: string | null;
  sub8: string | null;
  sub9: string | null;
  sub10: string | null;
  destination: string | null;
  /** From a hosting/datacenter/proxy network. */
  hosting: boolean;
  /** What a refused visitor was shown, e.g. K7Q2-9MXD. */
  reference: string;
}

/** A cap with the running period's usage (GET /api/admin/caps, /api/publisher/caps). */
export interface Cap {
  id: string;
  offer_id: string | null;
  publisher_id: string | null;
  period: 'hourly' | 'daily' | 'monthly' | 'total';
  metric: 'clicks' | 'leads' | 'conversions' | 'payout';
  limit: string;
  currency: string | null;
  mode: 'hard' | 'soft';
  on_reached: 'refuse' | 'trafficback' | 'next_stream';
  time_zone: string;
  active: boolean;
  period_key: string;
  used: string;
  percent: number;
  created_at: string;
  updated_at: string;
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

export interface Lead {
  id: string;
  created_at: string;
  updated_at: string;
  source: string;
  click_id: string | null;
  offer_id: string;
  advertiser_id: string;
  publisher_id: string | null;
  flow_id: string | null;
  status: string;
  fraud_rule: string | null;
  goal: string | null;
  external_id: string | null;
  name: string | null;
  phone: string | null;
  phone_e164: string | null;
  email: string | null;
  country: string | null;
  ip: string | null;
  user_agent: string | null;
  address: string | null;
  comment: string | null;
  status_comment: string | null;
  sub1: string | null;
  sub2: string | null;
  sub3: string | null;
  sub4: string | null;
  sub5: string | null;
  sub6: string | null;
  sub7: string | null;
  sub8: string | null;
  sub9: string | null;
  sub10: string | null;
  meta: Record<string, string>;
  tags: Record<string, unknown>;
  push_status: string;
  push_attempts: number;
  push_error: string | null;
  adv_lead_id: string | null;
  pushed_at: string | null;
  /** A push attempt was in flight when its process stopped: the advertiser may have received it. */
  push_maybe_sent: boolean;
}

/** One outbound HTTP request (a lead push attempt, a publisher postback), secrets masked. */
export interface OutboundRequest {
  id: string;
  job_id: string | null;
  kind: string;
  hop: number;
  method: string;
  url: string;
  request_headers: Record<string, string>;
  request_body: string | null;
  /** sending: recorded before it left, no answer yet; interrupted: its process stopped in flight. */
  outcome: 'response' | 'network_error' | 'timeout' | 'refused' | 'sending' | 'interrupted';
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}

export interface LeadDetail extends Lead {
  push_requests: OutboundRequest[];
}

export interface LeadHistoryEntry {
  id: string;
  from_status: string | null;
  to_status: string;
  from_goal: string | null;
  goal: string | null;
  adv_payout: string;
  pub_payout: string;
  currency: string;
  source: string;
  reason: string | null;
  actor: string | null;
  created_at: string;
}

export interface ImportReport {
  offer_id: string;
  rows: number;
  imported: number;
  failed: number;
  statuses: Record<string, number>;
  custom_fields: string[];
  errors: { row: number; field: string | null; message: string }[];
  errors_truncated: boolean;
  complete: boolean;
}

export interface Conversion {
  id: string;
  lead_id: string;
  click_id: string | null;
  /** Seed 002's UID (in lists): the advertiser's id for the lead, else the payment's user ref. */
  uid?: string | null;
  offer_id: string;
  advertiser_id: string;
  publisher_id: string | null;
  flow_id: string | null;
  goal: string | null;
  status: string;
  adv_payout: string;
  pub_payout: string;
  profit: string;
  currency: string;
  comment: string | null;
  /** The payouts as the advertiser sent them, when they came in another currency and were converted. */
  sent_adv_payout: string | null;
  sent_pub_payout: string | null;
  sent_currency: string | null;
  created_at: string;
  updated_at: string;
}

export interface PostbackLogEntry {
  id: string;
  created_at: string;
  endpoint: string;
  method: string;
  ip: string;
  params: Record<string, string>;
  unknown_params: string[];
  advertiser_id: string | null;
  offer_id: string | null;
  flow_id: string | null;
  click_id: string | null;
  lead_id: string | null;
  conversion_id: string | null;
  goal: string | null;
  status: string | null;
  answer_status: number;
  answer_code: string;
  message: string;
  changes: Record<string, unknown>;
  duration_ms: number;
  /** Payout-, currency- or status-looking parameters that were sent and not used. */
  warnings: string[];
}

export interface ShownRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface TestLeadReply {
  sent: boolean;
  request: ShownRequest;
  result?: {
    outcome: string;
    delivery: string;
    status: number | null;
    headers: Record<string, string> | null;
    body: string | null;
    error: string | null;
    duration_ms: number;
    adv_lead_id: string | null;
  };
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

export interface Payout {
  id: string;
  publisher_id: string;
  amount: string;
  currency: string;
  method: string;
  destination: string;
  status: PayoutStatus;
  source: 'publisher' | 'net7';
  reference: string | null;
  reason: string | null;
  ledger_event_id: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface Net7Result {
  as_of: string;
  created: Payout[];
  skipped: { publisher_id: string; currency: string; reason: string; message?: string }[];
}

/** The publisher's balance per currency (GET /api/publisher/payouts). */
export interface PayoutBalance {
  currency: string;
  approved: string;
  pending: string;
  paid: string;
  matured: string;
  requested: string;
  payable: string;
  minimum: string;
}

export interface SavedPayoutMethod {
  method: string | null;
  destination: string | null;
  updated_at: string | null;
}

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

export interface AutomationRule {
  id: string;
  name: string;
  metric: string;
  scope: string;
  target_id: string | null;
  operator: string;
  threshold: string;
  window_hours: number;
  min_volume: number;
  actions: AutomationAction[];
  enabled: boolean;
  schedule: string;
  next_run_at: string | null;
  last_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AutomationRun {
  id: string | null;
  rule_id: string;
  rule_name: string | null;
  trigger: string;
  status: string;
  evaluated: {
    subject: string;
    subject_id: string | null;
    name: string | null;
    currency: string | null;
    value: string | null;
    volume: number;
    matched: boolean;
    note: string | null;
  }[];
  actions: { type: string; subject_id: string | null; done: boolean; detail: string }[];
  error: string | null;
  started_at: string;
  finished_at: string;
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

/** A reversal after payout (issue 17): src/modules/clawbacks/schemas.ts. */
export interface Clawback {
  id: string;
  conversion_id: string;
  click_id: string | null;
  offer_id: string;
  offer_name: string | null;
  currency: string;
  amount: string;
  outstanding: string;
  from_status: string;
  to_status: string;
  created_at: string;
  publisher_id?: string;
  publisher_name?: string | null;
  advertiser_id?: string;
  source?: string;
}

/** A balance below zero in one currency, with the clawbacks behind it. */
export interface OutstandingClawbacks {
  publisher_id?: string;
  publisher_name?: string | null;
  currency: string;
  outstanding: string;
  balance: string;
  clawbacks: Clawback[];
}

/** A postback's change held by a finality window. */
export interface PendingChange {
  id: string;
  conversion_id: string;
  lead_id: string;
  advertiser_id: string;
  offer_id: string;
  publisher_id: string | null;
  publisher_name: string | null;
  from_status: string;
  to_status: string;
  requested: Record<string, string | undefined>;
  reason: 'days' | 'paid' | string;
  source: string;
  postback_log_id: string | null;
  status: 'pending' | 'accepted' | 'refused' | string;
  note: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}
