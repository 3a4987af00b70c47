import type { StatusMap } from '../conversions/recognise-status.js';
import type { InboundProfile } from '../postbacks/inbound-profile.js';

/** A status a network's sample postback is meant to land as: a canonical status, or `new` (a lead is created). */
export type SampleLanding = 'new' | 'processing' | 'hold' | 'approved' | 'cancelled' | 'wrong_number';

/**
 * How far a template was checked against the network's public documentation:
 * - `verified`: the postback macros and status words are the ones `docs_url` documents;
 * - `partial`: `docs_url` documents the macros, but not every status word (the rest are marked in `notes`);
 * - `unverified`: no public page documenting the network's postback was found; `docs_url` is the
 *   closest public page and `notes` says what is assumed. Check it in the network's panel.
 */
export type TemplateVerification = 'verified' | 'partial' | 'unverified';

/**
 * A ready integration with one CPA network or platform: data, not code. It sets the advertiser's
 * push format and status map, and shows the postback URL to paste into the network, in its macros.
 * Macro names and status words are the networks' as publicly documented; check them against the
 * network's current postback docs when setting one up.
 */
export interface IntegrationTemplate {
  key: string;
  name: string;
  kind: 'cpa_network' | 'platform' | 'tracker';
  website: string;
  /** The public page the postback macros and status words were taken from (see `verification`). */
  docs_url: string;
  verification: TemplateVerification;
  notes: string;
  push: {
    integration_type: 'api_post' | 's2s_get';
    post_encoding: 'json' | 'form';
    auth_location: 'header' | 'body' | 'query';
    auth_header_name?: string;
    auth_field_name?: string;
    /** Where their lead API usually is; the operator confirms it (it is not set on the advertiser). */
    endpoint_url_hint: string;
    payload_template: Record<string, unknown>;
    lead_id_field?: string;
  };
  /**
   * The query parameter the network takes our click id in, on its links and in its postback macro
   * (seed 003 "Automatically add click ID to link"): saved on the advertiser as click_param. Its
   * postback macro is `{click_param}`, `#click_param#`, or a dotted one ending in it (`{get.subid1}`).
   */
  click_param: string;
  /** Our postback.json parameter → the network's macro (or a fixed value), in URL order after id. */
  postback: Record<string, string>;
  /** Their status words → canonical statuses; saved on the advertiser. */
  status_map: StatusMap;
  /**
   * Where the network's postbacks carry the click id, status, money … when not under our names:
   * saved on the advertiser as its inbound profile (a template without one leaves the profile as is).
   */
  inbound_profile?: InboundProfile;
  /** How the network fills its macros in a sample postback (the click and status macros aside). */
  sample_values: Record<string, string>;
  /** Each status word the network sends and what it lands as. */
  sample_statuses: { word: string; lands_as: SampleLanding }[];
}
