import { type Static, Type } from '@sinclair/typebox';
import { Notices, Pagination } from '../../http/schemas.js';
import { STATUS_MAP_VALUES } from '../conversions/recognise-status.js';
import { InboundProfileSchema } from '../postbacks/inbound-profile.js';

/** Their status word → a canonical status, or `new` for a word that announces a new lead. */
export const StatusMapSchema = Type.Record(
  Type.String({ minLength: 1, maxLength: 64 }),
  Type.Union(STATUS_MAP_VALUES.map((v) => Type.Literal(v))),
  {
    maxProperties: 100,
    description:
      "the advertiser's status words → canonical statuses (or new); postbacks read it after sta/stc/… and before auto-recognition",
  },
);

const Scalar = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean(), Type.Null()]);

/** Each advertiser field's schema; integration template files are checked by the same rules. */
export const ADVERTISER_FIELDS = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  integration_type: Type.Union([Type.Literal('api_post'), Type.Literal('s2s_get')], {
    description: 'api_post sends the lead as an HTTP POST; s2s_get as a GET with query parameters',
  }),
  post_encoding: Type.Union([Type.Literal('json'), Type.Literal('form')]),
  endpoint_url: Type.String({ minLength: 1, maxLength: 2000, description: 'where leads are pushed' }),
  auth_key: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
  auth_location: Type.Union([Type.Literal('header'), Type.Literal('body'), Type.Literal('query')]),
  auth_header_name: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$" }),
  auth_field_name: Type.String({ minLength: 1, maxLength: 100 }),
  payload_template: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: 'their field names → "{variable}" or static values',
  }),
  extra_params: Type.Record(Type.String(), Scalar, { description: 'static values added to every push' }),
  lead_id_field: Type.Union(
    [
      Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$' }),
      Type.Null(),
    ],
    {
      description:
        'where their lead id sits in the push answer, a dotted JSON path like "data.lead_id"; null tries id, lead_id, leadId, data.id, uuid',
    },
  ),
  postback_strict: Type.Boolean({
    description:
      'refuse (422 unused-params) a postback with a payout-, currency- or status-looking parameter it did not use, instead of answering it with warnings',
  }),
  status: Type.Union([Type.Literal('active'), Type.Literal('paused')]),
  notes: Type.String({ maxLength: 5000 }),
  status_map: StatusMapSchema,
  inbound_profile: InboundProfileSchema,
  click_param: Type.String({
    maxLength: 64,
    pattern: '^[A-Za-z0-9_.\\[\\]-]*$',
    description:
      "the query parameter their network takes our click id in (sub1, aff_sub, subid …); '' means click_id",
  }),
  auto_click_id: Type.Boolean({
    description:
      "Automatically add click ID to link: landing URLs of this advertiser's offers without a {click} macro get click_param={click_id}",
  }),
};

export const AdvertiserCreate = Type.Object(
  {
    name: ADVERTISER_FIELDS.name,
    endpoint_url: ADVERTISER_FIELDS.endpoint_url,
    integration_type: Type.Optional(ADVERTISER_FIELDS.integration_type),
    post_encoding: Type.Optional(ADVERTISER_FIELDS.post_encoding),
    auth_key: Type.Optional(ADVERTISER_FIELDS.auth_key),
    auth_location: Type.Optional(ADVERTISER_FIELDS.auth_location),
    auth_header_name: Type.Optional(ADVERTISER_FIELDS.auth_header_name),
    auth_field_name: Type.Optional(ADVERTISER_FIELDS.auth_field_name),
    payload_template: Type.Optional(ADVERTISER_FIELDS.payload_template),
    extra_params: Type.Optional(ADVERTISER_FIELDS.extra_params),
    lead_id_field: Type.Optional(ADVERTISER_FIELDS.lead_id_field),
    status_map: Type.Optional(ADVERTISER_FIELDS.status_map),
    inbound_profile: Type.Optional(ADVERTISER_FIELDS.inbound_profile),
    click_param: Type.Optional(ADVERTISER_FIELDS.click_param),
    auto_click_id: Type.Optional(ADVERTISER_FIELDS.auto_click_id),
    postback_strict: Type.Optional(ADVERTISER_FIELDS.postback_strict),
    status: Type.Optional(ADVERTISER_FIELDS.status),
    notes: Type.Optional(ADVERTISER_FIELDS.notes),
  },
  { additionalProperties: false },
);
export type AdvertiserCreate = Static<typeof AdvertiserCreate>;

export const AdvertiserUpdate = Type.Partial(AdvertiserCreate, { additionalProperties: false });
export type AdvertiserUpdate = Static<typeof AdvertiserUpdate>;

export const Advertiser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  integration_type: Type.String(),
  post_encoding: Type.String(),
  endpoint_url: Type.String(),
  auth_key: Type.Union([Type.String(), Type.Null()]),
  auth_location: Type.String(),
  auth_header_name: Type.String(),
  auth_field_name: Type.String(),
  payload_template: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  extra_params: Type.Record(Type.String(), Type.Unknown()),
  lead_id_field: Type.Union([Type.String(), Type.Null()]),
  postback_token: Type.String({ description: 'generated; give it to the advertiser' }),
  postback_url: Type.String({ description: 'the conversion postback URL to give the advertiser' }),
  status_map: Type.Record(Type.String(), Type.String()),
  inbound_profile: InboundProfileSchema,
  click_param: Type.String(),
  auto_click_id: Type.Boolean(),
  postback_strict: Type.Boolean(),
  status: Type.String(),
  notes: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  notices: Notices,
});
export type Advertiser = Static<typeof Advertiser>;

export const AdvertiserListQuery = Type.Object(
  {
    ...Pagination,
    q: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(ADVERTISER_FIELDS.status),
    integration_type: Type.Optional(ADVERTISER_FIELDS.integration_type),
  },
  { additionalProperties: false },
);
export type AdvertiserListQuery = Static<typeof AdvertiserListQuery>;
