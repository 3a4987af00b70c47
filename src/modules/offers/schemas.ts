import { type Static, Type } from '@sinclair/typebox';
import { Amount, Notices, Pagination } from '../../http/schemas.js';

export const GoalInput = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,31}$', description: 'lead, reg, dep, sale…' }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 })),
    adv_payout: Amount,
    pub_payout: Amount,
    revshare_percent: Type.Optional(
      Type.Union([Type.String({ maxLength: 6 }), Type.Null()], {
        description: 'share of gross amount, e.g. "30"',
      }),
    ),
  },
  { additionalProperties: false },
);
export type GoalInput = Static<typeof GoalInput>;

export const Goal = Type.Object({
  key: Type.String(),
  name: Type.String(),
  aliases: Type.Array(Type.String()),
  adv_payout: Type.String(),
  pub_payout: Type.String(),
  revshare_percent: Type.Union([Type.String(), Type.Null()]),
});

export const PixelMode = Type.Union([Type.Literal('off'), Type.Literal('hold'), Type.Literal('approved')], {
  description:
    'the conversion pixel: off records nothing (default); hold records conversions on hold; approved records them approved',
});

const Geo = Type.Union(
  [Type.Array(Type.String({ maxLength: 8 }), { maxItems: 300 }), Type.String({ maxLength: 2000 })],
  {
    description: 'ISO 3166-1 codes, as a list or comma-separated ("IN,PK,BD"); empty means worldwide',
  },
);

export const OfferCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    advertiser_id: Type.String({ pattern: '^[0-9]{1,15}$' }),
    landing_url: Type.String({ minLength: 1, maxLength: 2000 }),
    adv_payout: Amount,
    pub_payout: Amount,
    adv_offer_id: Type.Optional(Type.String({ maxLength: 200 })),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
    geo: Type.Optional(Geo),
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('paused')])),
    daily_cap: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    hold_days: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 365, description: 'days after approval before money is payable' }),
    ),
    trafficback_url: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    append_click_id: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ maxLength: 20000 })),
    allowed_traffic: Type.Optional(
      Type.String({ maxLength: 5000, description: 'traffic the advertiser allows' }),
    ),
    creatives: Type.Optional(Type.String({ maxLength: 5000, description: 'creatives on offer' })),
    marketplace: Type.Optional(Type.Boolean({ description: 'list a private offer in the marketplace' })),
    push_created_leads: Type.Optional(
      Type.Boolean({
        description:
          'push leads made by a postback or the pixel to the advertiser like form leads (default off: skipped)',
      }),
    ),
    goals: Type.Optional(Type.Array(GoalInput, { maxItems: 50 })),
    pixel_mode: Type.Optional(PixelMode),
    pixel_max_per_click: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: 'pixel conversions one click may have (default 1; more for rebills, upsells)',
      }),
    ),
    pixel_require_sig: Type.Optional(
      Type.Boolean({ description: 'a pixel without a valid sig (HMAC with pixel_key) records nothing' }),
    ),
    allow_pub_above_adv: Type.Optional(
      Type.Boolean({
        description:
          'let a postback or ingest call set a publisher payout above the advertiser payout (default false)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type OfferCreate = Static<typeof OfferCreate>;

export const OfferUpdate = Type.Partial(OfferCreate, { additionalProperties: false });
export type OfferUpdate = Static<typeof OfferUpdate>;

export const Offer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  advertiser_id: Type.String(),
  adv_offer_id: Type.String(),
  landing_url: Type.String(),
  adv_payout: Type.String(),
  pub_payout: Type.String(),
  currency: Type.String(),
  geo: Type.Array(Type.String()),
  visibility: Type.String(),
  status: Type.String(),
  daily_cap: Type.Union([Type.Integer(), Type.Null()]),
  hold_days: Type.Integer(),
  trafficback_url: Type.Union([Type.String(), Type.Null()]),
  append_click_id: Type.Boolean(),
  description: Type.String(),
  allowed_traffic: Type.String(),
  creatives: Type.String(),
  marketplace: Type.Boolean(),
  push_created_leads: Type.Boolean(),
  goals: Type.Array(Goal),
  ingest_key: Type.String(),
  pixel_mode: PixelMode,
  pixel_max_per_click: Type.Integer(),
  pixel_require_sig: Type.Boolean(),
  pixel_key: Type.String({
    description: "the signed pixel's HMAC key: the advertiser's and the admin's only",
  }),
  allow_pub_above_adv: Type.Boolean(),
  tracking_url: Type.String({ description: 'give to publishers; replace {pub_id}' }),
  created_at: Type.String(),
  updated_at: Type.String(),
  notices: Notices,
});
export type Offer = Static<typeof Offer>;

export const OfferListQuery = Type.Object(
  {
    ...Pagination,
    q: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('paused')])),
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
    advertiser_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    geo: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  },
  { additionalProperties: false },
);
export type OfferListQuery = Static<typeof OfferListQuery>;

export const PixelKeyAnswer = Type.Object({ pixel_key: Type.String() });
