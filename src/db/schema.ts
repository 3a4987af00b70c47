import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table interfaces. Portable types only: integer ids for configuration entities, text ids for
 * high-volume rows, integer minor units for money, ISO-8601 UTC text for time, 0/1 booleans,
 * JSON as text.
 */

/** Auto-increment ids come back as numbers; we expose them as strings at the API. */
type Id = Generated<number>;
/** PostgreSQL returns bigint as string unless parsed; the pg pool parses int8 to number. */
type Money = number;

export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  created_at: string;
  /** Set while the admin is disabled: no login, no sessions. */
  disabled_at: string | null;
  /** The admin panel's language (migration 0043); null: the browser's. */
  locale: Generated<string | null>;
}

/** An account manager's advertisers and publishers (issue 20); other roles have none. */
export interface UserAssignmentsTable {
  user_id: number;
  subject_type: 'advertiser' | 'publisher';
  subject_id: number;
}

/** A person's own setting for the web app (migration 0047): `density`, or `table:<id>` columns. */
export interface UiPreferencesTable {
  subject_type: 'admin' | 'publisher';
  subject_id: number;
  pref_key: string;
  /** JSON text, shaped by the key (ui-preferences/schemas.ts). */
  value: string;
  updated_at: string;
}

/** Append-only record of every change made through the admin API; the database refuses UPDATE/DELETE. */
export interface AuditLogTable {
  id: Id;
  created_at: string;
  user_id: number | null;
  user_email: string;
  ip: string;
  method: string;
  /** The route pattern, e.g. PATCH /api/admin/offers/:id. */
  route: string;
  object_type: string;
  object_id: string | null;
  action: string;
  status_code: number;
  /** JSON with secrets masked; null when there was nothing before (a create) or after (a delete). */
  before_json: string | null;
  after_json: string | null;
}

export interface SessionsTable {
  /** sha256 of the bearer token; the token itself is never stored. */
  id: string;
  subject_type: 'admin' | 'publisher';
  subject_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  /** Touched at most once a minute by requests of this session. */
  last_seen_at: string | null;
  /** The client address and user agent that signed in. */
  ip: string | null;
  user_agent: string | null;
}

/** One TOTP secret per account (encrypted with SECRET_KEY); on once `confirmed_at` is set. */
export interface TwoFactorTable {
  subject_type: 'admin' | 'publisher';
  subject_id: number;
  secret: string;
  confirmed_at: string | null;
  /** The last TOTP time step accepted: a code is good once. */
  last_step: Generated<number>;
  /** Wrong codes in a row; at the limit the second factor is locked until `locked_until`. */
  failures: Generated<number>;
  locked_until: string | null;
  created_at: string;
}

/** Ten one-time recovery codes per account, as keyed hashes; `used_at` once spent. */
export interface RecoveryCodesTable {
  subject_type: 'admin' | 'publisher';
  subject_id: number;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

/** The single-use proof that the password was right while the second factor is asked for. */
export interface LoginTicketsTable {
  /** sha256 of the ticket. */
  id: string;
  subject_type: 'admin' | 'publisher';
  subject_id: number;
  attempts: Generated<number>;
  created_at: string;
  expires_at: string;
}

/** Network-wide switches, one row each (require_admin_two_factor: '1' | '0'). */
export interface SecuritySettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AdvertisersTable {
  id: Id;
  name: string;
  integration_type: string;
  post_encoding: string;
  endpoint_url: string;
  auth_key: string | null;
  auth_location: string;
  auth_header_name: string;
  auth_field_name: string;
  payload_template: string | null;
  extra_params: string;
  /** Where the advertiser's lead id sits in their push answer (a dotted JSON path); null tries common names. */
  lead_id_field: string | null;
  postback_token: string;
  /** The advertiser's status words → canonical statuses or "new" (JSON text), read by postbacks. */
  status_map: Generated<string>;
  /** The parameter their network takes our click id in (sub1, aff_sub …); '' means click_id. */
  click_param: Generated<string>;
  /** 1: every offer's landing URL without a {click} macro gets `click_param={click_id}` added. */
  auto_click_id: Generated<number>;
  /** 1: a postback with a payout-, currency- or status-looking parameter it did not use is refused (422), not warned about. */
  postback_strict: Generated<number>;
  /** Where its postbacks carry the click id, status, money … (JSON text, InboundProfile); {} = aliases only. */
  inbound_profile: Generated<string>;
  status: string;
  notes: string;
  created_at: string;
  updated_at: string;
}

export type PixelMode = 'off' | 'hold' | 'approved';

export interface OffersTable {
  id: Id;
  name: string;
  advertiser_id: number;
  adv_offer_id: string;
  landing_url: string;
  adv_payout: Money;
  pub_payout: Money;
  currency: string;
  geo: string;
  visibility: string;
  status: string;
  daily_cap: number | null;
  trafficback_url: string | null;
  append_click_id: number;
  description: string;
  /** Marketplace: the traffic the advertiser allows, and the creatives on offer (free text). */
  allowed_traffic: Generated<string>;
  creatives: Generated<string>;
  /** 1: a private offer listed in the marketplace, where publishers may request access. */
  marketplace: Generated<number>;
  ingest_key: string;
  /** Days after approval before the offer's money is payable (0: at once). */
  hold_days: Generated<number>;
  /** The conversion pixel: off (records nothing), hold or approved (the status it records at most). */
  pixel_mode: Generated<PixelMode>;
  /** Pixel conversions one click may have (1 unless the offer has rebills or upsells). */
  pixel_max_per_click: Generated<number>;
  /** 1: a pixel without a valid `sig` (HMAC with pixel_key) records nothing. */
  pixel_require_sig: Generated<number>;
  /** The offer's secret for signed pixels; the admin's and the advertiser's only. */
  pixel_key: string;
  /** 1: a postback or ingest call may set a publisher payout above the advertiser payout. */
  allow_pub_above_adv: Generated<number>;
  /** 1: leads made by a postback or the pixel are pushed to the advertiser like form leads. */
  push_created_leads: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface OfferGoalsTable {
  id: Id;
  offer_id: number;
  key: string;
  name: string;
  aliases: string;
  adv_payout: Money;
  pub_payout: Money;
  revshare_bps: number | null;
  created_at: string;
}

export interface PublishersTable {
  id: Id;
  name: string;
  email: string;
  password_hash: string;
  status: string;
  postback_url: string | null;
  stats_token: string | null;
  /** The smallest payout, a decimal read in each currency; null: PAYOUT_MINIMUM. */
  payout_minimum: Generated<string | null>;
  created_at: string;
  updated_at: string;
  /** The portal's language (migration 0043); null: the browser's. */
  locale: Generated<string | null>;
}

export interface PublisherOffersTable {
  id: Id;
  publisher_id: number;
  offer_id: number;
  pub_payout: Money | null;
  created_at: string;
}

export interface FlowsTable {
  id: Id;
  code: string;
  name: string;
  publisher_id: number;
  offer_id: number;
  status: string;
  /** Fired for every new lead of the flow (seed 003's lead creation postback); null: none. */
  lead_postback_url: Generated<string | null>;
  lead_postback_method: Generated<'GET' | 'POST'>;
  /** How a POST carries the URL's query: form or json. */
  lead_postback_encoding: Generated<'form' | 'json'>;
  /** Who saved it: admin (any macro) or publisher (no buyer data); null when there is none. */
  lead_postback_set_by: Generated<'admin' | 'publisher' | null>;
  created_at: string;
  updated_at: string;
}

export interface ClicksTable {
  /** The click id: time-ordered, URL-safe, 80 random bits. */
  id: string;
  created_at: string;
  /** link (/click), flow (/f/:code), ref (/r) or smart (/go/:code, the publisher's smart link). */
  source: string;
  offer_id: number | null;
  publisher_id: number | null;
  flow_id: number | null;
  status: 'accepted' | 'rejected';
  reject_reason: string | null;
  is_unique: number;
  ip: string;
  country: string | null;
  user_agent: string;
  referer: string | null;
  sub1: string | null;
  sub2: string | null;
  sub3: string | null;
  sub4: string | null;
  sub5: string | null;
  sub6: Generated<string | null>;
  sub7: Generated<string | null>;
  sub8: Generated<string | null>;
  sub9: Generated<string | null>;
  sub10: Generated<string | null>;
  fbclid: string | null;
  gclid: string | null;
  /** Other query parameters kept from the visit (utm_*, …) as JSON. */
  params: string;
  destination: string | null;
  /** 1: the address belongs to a hosting/datacenter network (src/modules/fraud/hosting.ts). */
  hosting: Generated<number>;
  /** The flow stream and arm the click was routed by (issue 19); null: no stream matched or none exist. */
  stream_id: Generated<number | null>;
  arm_id: Generated<number | null>;
}

export interface FlowStreamsTable {
  id: Id;
  flow_id: number;
  /** 0-based order: the first enabled stream whose filters match wins. */
  position: number;
  name: string;
  enabled: number;
  /** The filter tree as JSON (src/modules/streams/filter-schema.ts); null matches everyone. */
  filters: string | null;
  /** 1: the split-test bandit re-weighs the arms (src/modules/streams/rebalance.ts). */
  auto_enabled: number;
  /** cr or epc. */
  auto_metric: string;
  auto_min_share_pct: number;
  auto_min_sample: number;
  created_at: string;
  updated_at: string;
}

export interface StreamArmsTable {
  id: Id;
  stream_id: number;
  position: number;
  /** offer, landing (a hosted site of the flow's offer), url or trafficback. */
  type: string;
  offer_id: number | null;
  site_id: number | null;
  url: string | null;
  /** Relative weight, 0–10,000. */
  weight: number;
  created_at: string;
  updated_at: string;
}

export interface StreamWeightShiftsTable {
  id: Id;
  stream_id: number;
  created_at: string;
  reason: string;
  weights_before: string;
  weights_after: string;
  stats: string;
}

export interface BlockedIpsTable {
  id: Id;
  /** An address or CIDR range, normalised. */
  value: string;
  reason: string;
  created_at: string;
}

export interface OfferCapUsageTable {
  offer_id: number;
  day: string;
  used: number;
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  /** newId(): time-ordered text. */
  id: string;
  type: string;
  /** JSON text. */
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: string;
  /** The worker holding the job while it runs; with locked_until, a lease that expires if it dies. */
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * sending: written (and committed) before the request leaves, replaced by the outcome after;
 * interrupted: the process stopped while it was in flight (found still `sending` by the retry).
 */
export type OutboundOutcome =
  | 'response'
  | 'network_error'
  | 'timeout'
  | 'refused'
  | 'sending'
  | 'interrupted';

export interface OutboundRequestsTable {
  id: string;
  job_id: string | null;
  /** What the request was for: lead_push, publisher_postback, capi… */
  kind: string;
  /** The product record it concerns, e.g. a lead id. */
  subject_id: string | null;
  /** 0 for the request as asked, 1… for each redirect followed. */
  hop: number;
  method: string;
  /** URL, headers and bodies are stored with the caller's secrets masked as ***. */
  url: string;
  request_headers: string;
  request_body: string | null;
  outcome: OutboundOutcome;
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}

/** Canonical lead and conversion statuses (SPEC.md). */
export type LeadStatus =
  | 'processing'
  | 'hold'
  | 'approved'
  | 'cancelled'
  | 'wrong_number'
  | 'spam'
  | 'duplicate'
  | 'test'
  | 'chargedback';

export interface LeadsTable {
  /** newId(): time-ordered text. */
  id: string;
  created_at: string;
  updated_at: string;
  /** api (POST /api/lead), postback, import (CSV), pixel, admin. */
  source: string;
  click_id: string | null;
  offer_id: number;
  advertiser_id: number;
  publisher_id: number | null;
  flow_id: number | null;
  status: LeadStatus;
  /** The fraud rule that made it spam or duplicate: bot_ua, ip_blocked, duplicate_phone, … */
  fraud_rule: string | null;
  goal: string | null;
  /** The advertiser's unique lead id from postbacks (exto / uid), or the subid of a flow lead. */
  external_id: string | null;
  name: string | null;
  /** As the person typed it. */
  phone: string | null;
  /** Normalised with libphonenumber-js for duplicate checks; null when it does not parse. */
  phone_e164: string | null;
  email: string | null;
  country: string | null;
  ip: string | null;
  user_agent: string | null;
  address: string | null;
  /** The lead's own comment (from the form). */
  comment: string | null;
  /** The advertiser's latest comment from a postback (special characters stripped, ≤ 1000). */
  status_comment: string | null;
  sub1: string | null;
  sub2: string | null;
  sub3: string | null;
  sub4: string | null;
  sub5: string | null;
  sub6: Generated<string | null>;
  sub7: Generated<string | null>;
  sub8: Generated<string | null>;
  sub9: Generated<string | null>;
  sub10: Generated<string | null>;
  /** Custom fields meta[xxx], JSON object ('{}' by default). */
  meta: Generated<string>;
  /** Tags from postbacks (utm_*, subid, domain, adid, data1, data2), JSON object ('{}' by default). */
  tags: Generated<string>;
  /** pending (job queued), sent, failed (gave up; admin may retry), skipped (test, spam, duplicate, postback-made). */
  push_status: string;
  push_attempts: Generated<number>;
  /** The advertiser's own id for the lead, read from the push response. */
  adv_lead_id: string | null;
  pushed_at: string | null;
  /** Why the last push attempt failed (host, status, start of the answer); null once sent. */
  push_error: string | null;
  /** push_error's stable code (timeout, http_status, offer_gone…; 0053): the web says it translated. */
  push_error_code: Generated<string | null>;
  /** The values push_error names (JSON object: host, status, body, offer_id); null with no code. */
  push_error_params: Generated<string | null>;
  /** 1 when a push attempt was in flight as its process stopped: the advertiser may have it (0031). */
  push_maybe_sent: Generated<number>;
}

export interface PublisherPostbacksTable {
  id: Id;
  publisher_id: number;
  /** Scope: both null = the publisher's global postback; a flow beats an offer beats global. */
  offer_id: number | null;
  flow_id: number | null;
  /** custom, keitaro, binom, voluum, redtrack. */
  preset: string;
  method: 'GET' | 'POST';
  url: string;
  previous_url: string | null;
  url_effective_at: string;
  /** JSON array of PostbackEvent. */
  events: string;
  /** JSON object event → word sent as {status}; overrides the preset's words. */
  status_words: string;
  status: string;
  /** 1 for the row that mirrors publishers.postback_url (seed 000's single global postback). */
  is_default: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PublisherCapiTable {
  publisher_id: number;
  pixel_id: string;
  /** encryptSecret(SECRET_KEY, 'capi-token', token): never the token in clear. */
  token_encrypted: string;
  test_event_code: string | null;
  previous_pixel_id: string | null;
  previous_token_encrypted: string | null;
  previous_test_event_code: string | null;
  effective_at: string;
  created_at: string;
  updated_at: string;
}

export interface OfferAccessRequestsTable {
  id: Id;
  publisher_id: number;
  offer_id: number;
  /** pending, approved, rejected. */
  status: string;
  message: string;
  /** The admin's reason for a rejection. */
  reason: string;
  created_at: string;
  decided_at: string | null;
}

export interface LocalSitesTable {
  id: Id;
  offer_id: number;
  name: string;
  /** Served under /s/<slug>/. */
  slug: string;
  /** active or disabled (a disabled site answers 404). */
  status: Generated<string>;
  created_at: string;
  updated_at: string;
}

export interface LocalSiteFilesTable {
  site_id: number;
  /** Normalised relative path, e.g. index.html, css/site.css. */
  path: string;
  content_type: string;
  /** base64 of the file's bytes. */
  content: string;
  size: number;
  updated_at: string;
}

export interface ConversionsTable {
  /** newId(): time-ordered text. */
  id: string;
  lead_id: string;
  click_id: string | null;
  offer_id: number;
  advertiser_id: number;
  publisher_id: number | null;
  flow_id: number | null;
  /** The offer goal's key; null pays the offer's own payouts. */
  goal: string | null;
  status: LeadStatus;
  adv_payout: Money;
  pub_payout: Money;
  currency: string;
  /** The advertiser's latest comment (special characters stripped, ≤ 1000). */
  comment: string | null;
  /** Ingest API idempotency key; null for the lead's status conversion (postbacks, admin). */
  external_payment_id: string | null;
  user_ref: string | null;
  /** Ingest event: sale, rebill, lead, trial. */
  event: string | null;
  gross_amount: Money | null;
  gross_currency: string | null;
  /**
   * The payouts as the advertiser sent them (pay / wm) when they came in another currency than the
   * conversion's and were converted at the conversion day's rate; null when sent in its own currency.
   */
  sent_adv_payout: Generated<Money | null>;
  sent_pub_payout: Generated<Money | null>;
  sent_currency: Generated<string | null>;
  /** Day of the exchange rate in effect for `currency` at creation; null for the base currency or none known. */
  rate_date: string | null;
  /** That rate (base units per one unit, exact decimal text). */
  rate: string | null;
  created_at: string;
  updated_at: string;
}

export interface CurrencyRatesTable {
  id: Id;
  /** ISO 4217 code. */
  currency: string;
  /** YYYY-MM-DD: the rate applies from this day until a later one. */
  rate_date: string;
  /** Units of the base currency per one unit of `currency`, exact decimal text. */
  rate: string;
  created_at: string;
  updated_at: string;
}

/**
 * A publisher's approved balance per currency: the sum of their publisher_approved ledger entries,
 * kept by triggers on ledger_entries (migration 0061), read by `approvedBalanceOf`. Never written by
 * the application.
 */
export interface PublisherApprovedBalancesTable {
  publisher_id: number;
  currency: string;
  /** Signed minor units as on the ledger: negative is owed to the publisher. */
  amount: Money;
}

export interface LedgerEntriesTable {
  id: string;
  created_at: string;
  /** The conversion the entry is about; null for a payout's entries (payout_id). */
  conversion_id: string | null;
  payout_id: Generated<string | null>;
  /** Groups one balanced set: its amounts sum to 0 per currency. */
  event_id: string;
  account: string;
  /** Advertiser id for advertiser accounts, publisher id for publisher accounts, null for the network. */
  party: number | null;
  /** Signed minor units: positive is owed to the network, negative is owed by it (or its income). */
  amount: Money;
  currency: string;
  memo: string;
}

export interface LeadStatusHistoryTable {
  id: string;
  lead_id: string;
  conversion_id: string;
  /** Null when the change created the conversion. */
  from_status: LeadStatus | null;
  to_status: LeadStatus;
  from_goal: string | null;
  goal: string | null;
  adv_payout: Money;
  pub_payout: Money;
  currency: string;
  /** postback, postback.json, ingest, admin. */
  source: string;
  reason: string | null;
  /** Who made a manual change: "admin:ID". */
  actor: string | null;
  /** The postback log row of the request that caused it. */
  request_id: string | null;
  created_at: string;
}

export interface PostbackLogTable {
  id: string;
  created_at: string;
  /** postback, track.postback, ingest.conversion, ingest.refund, ingest.chargeback. */
  endpoint: string;
  method: string;
  ip: string;
  /** Every parameter as received (JSON); secrets shortened to a prefix. */
  params: string;
  /** Names of parameters the endpoint does not know (JSON list): kept, not refused. */
  unknown_params: string;
  advertiser_id: number | null;
  offer_id: number | null;
  flow_id: number | null;
  click_id: string | null;
  lead_id: string | null;
  conversion_id: string | null;
  goal: string | null;
  status: string | null;
  answer_status: number;
  /** ok, no-changes, access, bad-click, bad-flow, no-click, bad-status, … db. */
  answer_code: string;
  message: string;
  /** What changed (JSON). */
  changes: string;
  duration_ms: number;
  /** Parameters that looked like money, a currency or a status and were not used (JSON list of sentences). */
  warnings: Generated<string>;
  /** One `{code, params}` per warning (JSON list; 0053): the web says them translated. Null before. */
  warning_codes: Generated<string | null>;
}

export type PayoutStatus = 'requested' | 'paid' | 'rejected';

export interface PayoutsTable {
  /** newId(): time-ordered text. */
  id: string;
  publisher_id: number;
  amount: Money;
  currency: string;
  /** usdt_erc20, usdt_trc20, btc, eth, wise, paypal. */
  method: string;
  /** Wallet address, Wise email or IBAN, PayPal email. */
  destination: string;
  status: PayoutStatus;
  /** publisher (requested in the portal) or net7 (the weekly run). */
  source: string;
  /** The TX hash or bank reference given when paid. */
  reference: string | null;
  /** Why it was rejected. */
  reason: string | null;
  ledger_event_id: string | null;
  decided_by: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface PublisherPayoutMethodsTable {
  publisher_id: number;
  method: string;
  destination: string;
  updated_at: string;
}

/** A fraud rule's settings (seed 000): bot_ua, ip_blocked, ip_velocity, duplicate_phone, duplicate_email. */
export interface FraudRulesTable {
  rule: string;
  enabled: number;
  /** ip_velocity: most clicks one address may make within the window. */
  threshold: number | null;
  /** ip_velocity and the duplicate rules: how far back they look. */
  window_minutes: number | null;
  updated_at: string;
  /** datacenter_ip: 'flag' or 'reject' (null: the rule's default). */
  action: Generated<string | null>;
}

export interface AutomationRulesTable {
  id: Id;
  name: string;
  /** approval_rate, fraud_rate, cap_used, epc. */
  metric: string;
  /** offer, publisher or all. */
  scope: string;
  /** One offer or publisher; null: every active one in the scope. */
  target_id: number | null;
  /** lt, lte, gt, gte. */
  operator: string;
  /** Decimal string: a percent for rates, an amount in the offer's currency for EPC. */
  threshold: string;
  window_hours: number;
  /** The least leads (rates) or clicks (EPC, fraud) a subject needs before the rule judges it. */
  min_volume: number;
  /** JSON list of {type, …}: pause_offer, suspend_publisher, reduce_cap, alert_admin. */
  actions: string;
  enabled: number;
  /** Cron pattern (croner, UTC). */
  schedule: string;
  /** Claimed with a conditional update, so one process runs each due run. */
  next_run_at: string | null;
  last_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AutomationRunsTable {
  id: string;
  rule_id: number;
  /** schedule or manual. */
  trigger: string;
  /** ok or error. */
  status: string;
  /** JSON: each subject with its value, volume and whether it matched. */
  evaluated: string;
  /** JSON: what the run did. */
  actions: string;
  error: string | null;
  started_at: string;
  finished_at: string;
}

export interface AdminNotificationsTable {
  id: string;
  rule_id: number | null;
  run_id: string | null;
  title: string;
  message: string;
  /** What title and message say, a stable code (messages.notification.<code> on the web); null before 0052. */
  code: string | null;
  /** JSON object: the values title and message name. */
  params: string | null;
  /** JSON object. */
  details: string;
  read_at: string | null;
  created_at: string;
}

/** A reversal that took a publisher's approved balance below zero (money already paid out). */
export interface ClawbacksTable {
  id: string;
  conversion_id: string;
  publisher_id: number;
  advertiser_id: number;
  offer_id: number;
  currency: string;
  /** Minor units the publisher's balance did not cover. */
  amount: Money;
  from_status: string;
  to_status: string;
  source: string;
  created_at: string;
}

/** A postback's change held by a finality window for an admin to accept or refuse. */
export interface PendingStatusChangesTable {
  id: string;
  conversion_id: string;
  lead_id: string;
  advertiser_id: number;
  offer_id: number;
  publisher_id: number | null;
  from_status: string;
  to_status: string;
  /** JSON: status, goal, adv_payout, pub_payout, currency, comment as the postback sent them. */
  request: string;
  /** days or paid. */
  reason: string;
  source: string;
  postback_log_id: string | null;
  /** pending, accepted, refused. */
  status: string;
  note: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

/** An advertiser's (scope advertiser) or one offer's (scope offer) finality window. */
export interface FinalityWindowsTable {
  scope: string;
  subject_id: number;
  days: number | null;
  when_paid: Generated<number>;
  updated_at: string;
}

export type InvoiceStatus = 'draft' | 'sent' | 'partly_paid' | 'paid' | 'void';

export interface InvoiceCountersTable {
  name: string;
  last_number: number;
}

export interface InvoicesTable {
  id: string;
  /** The sequence number, gapless: bumped in the invoice's own transaction. */
  seq: number;
  /** What the document shows: INV-000001. */
  number: string;
  advertiser_id: number;
  currency: string;
  /** Local days (YYYY-MM-DD) of `time_zone`, both included. */
  period_from: string;
  period_to: string;
  time_zone: string;
  status: InvoiceStatus;
  invoice_date: string;
  due_date: string;
  total: Money;
  paid: Generated<Money>;
  notes: Generated<string>;
  created_at: string;
  sent_at: string | null;
  voided_at: string | null;
  updated_at: string;
}

export interface InvoiceLinesTable {
  id: string;
  invoice_id: string;
  /** conversion: first invoiced here; adjustment: its receivable changed after an earlier invoice. */
  kind: 'conversion' | 'adjustment';
  conversion_id: string;
  lead_id: string;
  offer_id: number;
  offer_name: string;
  goal: string | null;
  /** The conversion's status when the invoice was made. */
  status: string;
  posted_at: string;
  amount: Money;
}

export interface InvoiceEntriesTable {
  ledger_entry_id: string;
  invoice_id: string;
}

export interface InvoicePaymentsTable {
  id: string;
  invoice_id: string;
  amount: Money;
  currency: string;
  received_on: string;
  reference: string;
  created_by: string | null;
  created_at: string;
}

export interface AdvertiserBillingTable {
  advertiser_id: number;
  mode: 'invoice' | 'prepayment';
  /** A decimal read in each currency; at or below it the operator is notified. */
  low_balance_alert: string | null;
  pause_at_zero: Generated<number>;
  /** Approved money posted from this instant on draws the prepaid balance down. */
  prepaid_since: string | null;
  updated_at: string;
}

export interface AdvertiserTopupsTable {
  id: string;
  advertiser_id: number;
  amount: Money;
  currency: string;
  received_on: string;
  reference: string;
  created_at: string;
}

export interface PrepaymentPausedOffersTable {
  offer_id: number;
  advertiser_id: number;
  currency: string;
  paused_at: string;
}

/** Hourly click counts (0 / '' for no offer, publisher, flow, country, sub1). */
export interface RollupClicksTable {
  hour: string;
  offer_id: number;
  publisher_id: number;
  flow_id: number;
  country: string;
  sub1: string;
  clicks: number | string;
  unique_clicks: number | string;
  rejected_clicks: number | string;
}

/** Hourly lead counts per status, with the advertiser payout of their status conversions. */
export interface RollupLeadsTable {
  hour: string;
  offer_id: number;
  advertiser_id: number;
  publisher_id: number;
  flow_id: number;
  country: string;
  sub1: string;
  status: string;
  leads: number | string;
  adv_sum: number | string;
}

/**
 * Hourly ledger money (migration 0044): the signed sum of the entries of the three report accounts,
 * per entry hour × the conversion's offer, advertiser, publisher, flow × the lead's country, sub1 ×
 * account × currency × the conversion's UTC day (`as_of`) and recorded rate ('' for none).
 */
export interface RollupMoneyTable {
  hour: string;
  offer_id: number;
  advertiser_id: number;
  publisher_id: number;
  flow_id: number;
  country: string;
  sub1: string;
  account: string;
  currency: string;
  as_of: string;
  rate: string;
  amount: number | string;
}

/** Hours to recompute: 'c' clicks, 'l' leads, 'm' ledger money. */
export interface RollupDirtyTable {
  id: Generated<number>;
  kind: 'c' | 'l' | 'm';
  hour: string;
}

/** Retention: days to keep raw rows per kind, and the job's watermark. */
export interface RetentionSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** Shared @fastify/rate-limit counters (no REDIS_URL): hits in the window ending at reset_at (epoch ms). */
export interface RateLimitsTable {
  key: string;
  hits: number;
  reset_at: number;
}

/** SQLite's scheduled-task leader: the holder until expires_at (epoch ms). */
export interface ClusterLeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  two_factor: TwoFactorTable;
  recovery_codes: RecoveryCodesTable;
  login_tickets: LoginTicketsTable;
  security_settings: SecuritySettingsTable;
  user_assignments: UserAssignmentsTable;
  ui_preferences: UiPreferencesTable;
  audit_log: AuditLogTable;
  advertisers: AdvertisersTable;
  offers: OffersTable;
  offer_goals: OfferGoalsTable;
  publishers: PublishersTable;
  publisher_offers: PublisherOffersTable;
  flows: FlowsTable;
  clicks: ClicksTable;
  flow_streams: FlowStreamsTable;
  stream_arms: StreamArmsTable;
  stream_weight_shifts: StreamWeightShiftsTable;
  blocked_ips: BlockedIpsTable;
  offer_cap_usage: OfferCapUsageTable;
  jobs: JobsTable;
  outbound_requests: OutboundRequestsTable;
  leads: LeadsTable;
  publisher_postbacks: PublisherPostbacksTable;
  publisher_capi: PublisherCapiTable;
  offer_access_requests: OfferAccessRequestsTable;
  local_sites: LocalSitesTable;
  local_site_files: LocalSiteFilesTable;
  conversions: ConversionsTable;
  currency_rates: CurrencyRatesTable;
  ledger_entries: LedgerEntriesTable;
  publisher_approved_balances: PublisherApprovedBalancesTable;
  lead_status_history: LeadStatusHistoryTable;
  postback_log: PostbackLogTable;
  payouts: PayoutsTable;
  publisher_payout_methods: PublisherPayoutMethodsTable;
  fraud_rules: FraudRulesTable;
  automation_rules: AutomationRulesTable;
  automation_runs: AutomationRunsTable;
  admin_notifications: AdminNotificationsTable;
  clawbacks: ClawbacksTable;
  pending_status_changes: PendingStatusChangesTable;
  finality_windows: FinalityWindowsTable;
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_entries: InvoiceEntriesTable;
  invoice_payments: InvoicePaymentsTable;
  advertiser_billing: AdvertiserBillingTable;
  advertiser_topups: AdvertiserTopupsTable;
  prepayment_paused_offers: PrepaymentPausedOffersTable;
  rollup_clicks: RollupClicksTable;
  rollup_leads: RollupLeadsTable;
  rollup_dirty: RollupDirtyTable;
  rollup_money: RollupMoneyTable;
  /** The day rollups (0044): the hour rollups summed per UTC day, `hour` the day's first hour. */
  rollup_clicks_day: RollupClicksTable;
  rollup_leads_day: RollupLeadsTable;
  rollup_money_day: RollupMoneyTable;
  retention_settings: RetentionSettingsTable;
  caps: CapsTable;
  cap_counters: CapCountersTable;
  cap_reservations: CapReservationsTable;
  rate_limits: RateLimitsTable;
  cluster_leases: ClusterLeasesTable;
  smart_links: SmartLinksTable;
  smart_link_settings: SmartLinkSettingsTable;
  saved_reports: SavedReportsTable;
}

/** A report's settings kept by an admin user or a publisher (src/modules/reports/saved-reports.ts). */
export interface SavedReportsTable {
  id: Id;
  owner_type: 'admin' | 'publisher';
  owner_id: number;
  report: 'grouped' | 'custom';
  name: string;
  /** The report's query string without the dates when they are relative. */
  params: string;
  /** Relative range: this many days ending `relative_end_offset` days before the day it is opened. */
  relative_days: number | null;
  relative_end_offset: number | null;
  created_at: string;
  updated_at: string;
}

/** One row (id 1): smart links on or off for the whole network; no row: on. */
export interface SmartLinkSettingsTable {
  id: number;
  enabled: number;
  updated_at: string;
}

/** A publisher's smart link (src/modules/smartlink): `/go/:code`, on or off. */
export interface SmartLinksTable {
  publisher_id: number;
  code: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface CapsTable {
  id: Id;
  offer_id: number | null;
  publisher_id: number | null;
  period: 'hourly' | 'daily' | 'monthly' | 'total';
  metric: 'clicks' | 'leads' | 'conversions' | 'payout';
  /** Units of the metric; for payout, minor units of `currency`. */
  cap_limit: ColumnType<number | string, number, number>;
  currency: string | null;
  mode: 'hard' | 'soft';
  on_reached: 'refuse' | 'trafficback' | 'next_stream';
  time_zone: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface CapCountersTable {
  cap_id: number;
  period_key: string;
  used: ColumnType<number | string, number, number>;
  /** The highest alert level already sent for this period: 0, 90 or 100. */
  alerted: Generated<number>;
}

export interface CapReservationsTable {
  cap_id: number;
  /** 'lead:<id>' or 'conversion:<id>'. */
  subject: string;
  period_key: string;
  amount: ColumnType<number | string, number, number>;
  created_at: string;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
export type { ColumnType };
