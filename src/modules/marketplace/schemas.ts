import { type Static, Type } from '@sinclair/typebox';

export const MarketplaceOffer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  allowed_traffic: Type.String(),
  creatives: Type.String(),
  payout: Type.String(),
  currency: Type.String(),
  geo: Type.Array(Type.String()),
  daily_cap: Type.Union([Type.Integer(), Type.Null()]),
  goals: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), payout: Type.String() })),
  /** open: public, run it now; granted: assigned to you; available: ask for access; pending; rejected. */
  access: Type.String(),
  tracking_url: Type.Union([Type.String(), Type.Null()]),
  ref_code: Type.Union([Type.String(), Type.Null()]),
  referral_url: Type.Union([Type.String(), Type.Null()]),
});
export type MarketplaceOffer = Static<typeof MarketplaceOffer>;

export const AccessRequest = Type.Object({
  id: Type.String(),
  publisher_id: Type.String(),
  publisher_name: Type.String(),
  offer_id: Type.String(),
  offer_name: Type.String(),
  status: Type.String(),
  message: Type.String(),
  reason: Type.String(),
  created_at: Type.String(),
  decided_at: Type.Union([Type.String(), Type.Null()]),
});
export type AccessRequest = Static<typeof AccessRequest>;

export const RequestAccessBody = Type.Object(
  {
    message: Type.Optional(
      Type.String({ maxLength: 2000, description: 'your traffic, volumes, experience' }),
    ),
  },
  { additionalProperties: false },
);

export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
