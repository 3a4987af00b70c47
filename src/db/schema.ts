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
}

export interface SessionsTable {
  /** sha256 of the bearer token; the token itself is never stored. */
  id: string;
  subject_type: 'admin' | 'publisher';
  subject_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
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
  status: string;
  notes: string;
  created_at: string;
  updated_at: string;
}

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
  ingest_key: string;
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
  created_at: string;
  updated_at: string;
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
  created_at: string;
  updated_at: string;
}

export interface ClicksTable {
  /** The click id: time-ordered, URL-safe, 80 random bits. */
  id: string;
  created_at: string;
  /** link (/click), flow (/f/:code) or ref (/r). */
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
  fbclid: string | null;
  gclid: string | null;
  /** Other query parameters kept from the visit (utm_*, …) as JSON. */
  params: string;
  destination: string | null;
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

export type OutboundOutcome = 'response' | 'network_error' | 'timeout' | 'refused';

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
  /** Custom fields meta[xxx], JSON object. */
  meta: string;
  /** Tags from postbacks (utm_*, subid, domain, adid, data1, data2), JSON object. */
  tags: string;
  /** pending (job queued), sent, failed (gave up; admin may retry), skipped (test, spam, duplicate, postback-made). */
  push_status: string;
  push_attempts: number;
  /** The advertiser's own id for the lead, read from the push response. */
  adv_lead_id: string | null;
  pushed_at: string | null;
  /** Why the last push attempt failed (host, status, start of the answer); null once sent. */
  push_error: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  advertisers: AdvertisersTable;
  offers: OffersTable;
  offer_goals: OfferGoalsTable;
  publishers: PublishersTable;
  publisher_offers: PublisherOffersTable;
  flows: FlowsTable;
  clicks: ClicksTable;
  blocked_ips: BlockedIpsTable;
  offer_cap_usage: OfferCapUsageTable;
  jobs: JobsTable;
  outbound_requests: OutboundRequestsTable;
  leads: LeadsTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
export type { ColumnType };
