/** What the API answers (the server's TypeBox schemas, as the browser receives them). */

export interface Advertiser {
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
  status: 'active' | 'paused';
  notes: string;
  created_at: string;
  updated_at: string;
}

export interface Goal {
  key: string;
  name: string;
  aliases: string[];
  adv_payout: string;
  pub_payout: string;
  revshare_percent: string | null;
}

export interface Offer {
  id: string;
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
  description: string;
  goals: Goal[];
  ingest_key: string;
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
  stats_token: string | null;
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
  destination: string | null;
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
}
