import { type Static, Type } from '@sinclair/typebox';
import { Amount, Pagination, Sorting } from '../../http/schemas.js';

export const PublisherStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('suspended'),
  Type.Literal('rejected'),
]);

const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' });
const Password = Type.String({ minLength: 8, maxLength: 1024 });
const PayoutMinimum = Type.Union([
  Type.String({
    pattern: '^[0-9]{1,12}(\\.[0-9]{1,8})?$',
    description: 'the smallest payout, read in each currency ("0": any amount); null: PAYOUT_MINIMUM',
  }),
  Type.Null(),
]);

export const RegisterBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), email: Email, password: Password },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const Registered = Type.Object({ status: Type.Literal('pending'), message: Type.String() });

export const PublisherCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Email,
    password: Type.Optional(Password),
    status: Type.Optional(PublisherStatus),
    postback_url: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type PublisherCreate = Static<typeof PublisherCreate>;

export const PublisherUpdate = Type.Partial(
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    status: PublisherStatus,
    postback_url: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
    payout_minimum: PayoutMinimum,
  }),
  { additionalProperties: false },
);
export type PublisherUpdate = Static<typeof PublisherUpdate>;

export const Publisher = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  status: Type.String(),
  postback_url: Type.Union([Type.String(), Type.Null()]),
  has_stats_token: Type.Boolean({
    description:
      'a stats API token is active; the token itself is shown once, when made (it is stored hashed)',
  }),
  payout_minimum: Type.Union([Type.String(), Type.Null()], {
    description: 'own smallest payout; null: PAYOUT_MINIMUM applies',
  }),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type Publisher = Static<typeof Publisher>;

/** What the admin's publisher list sorts by (src/modules/publishers/queries.ts maps each to SQL). */
export const PUBLISHER_SORTS = ['id', 'name', 'email', 'status', 'created_at', 'updated_at'] as const;
export type PublisherSort = (typeof PUBLISHER_SORTS)[number];

export const PublisherListQuery = Type.Object(
  {
    ...Pagination,
    ...Sorting(PUBLISHER_SORTS),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(PublisherStatus),
  },
  { additionalProperties: false },
);
export type PublisherListQuery = Static<typeof PublisherListQuery>;

export const AssignOfferBody = Type.Object(
  {
    offer_id: Type.String({ pattern: '^[0-9]{1,15}$' }),
    payout: Type.Optional(Type.Union([Amount, Type.Null()], { description: 'custom publisher payout' })),
  },
  { additionalProperties: false },
);
export type AssignOfferBody = Static<typeof AssignOfferBody>;

export const Assignment = Type.Object({
  publisher_id: Type.String(),
  offer_id: Type.String(),
  offer_name: Type.String(),
  payout: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  created_at: Type.String(),
});
export type Assignment = Static<typeof Assignment>;

/** What a publisher sees of an offer: no advertiser data, their own payout. */
export const PublisherOffer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  payout: Type.String(),
  currency: Type.String(),
  geo: Type.Array(Type.String()),
  visibility: Type.String(),
  daily_cap: Type.Union([Type.Integer(), Type.Null()]),
  goals: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), payout: Type.String() })),
  tracking_url: Type.String(),
});
export type PublisherOffer = Static<typeof PublisherOffer>;
