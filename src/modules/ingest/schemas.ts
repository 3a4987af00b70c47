import { Type } from '@sinclair/typebox';
import { Nullable } from '../../http/schemas.js';

/** Seed 004: a payment from a product owner's checkout (Stripe invoice.payment_succeeded). */
export const IngestConversionBody = Type.Object(
  {
    click_id: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    user_ref: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'the customer id' }))),
    event: Type.Union([
      Type.Literal('sale'),
      Type.Literal('rebill'),
      Type.Literal('lead'),
      Type.Literal('trial'),
    ]),
    external_payment_id: Type.String({ minLength: 1, maxLength: 200, description: 'idempotency key' }),
    gross_amount: Type.Optional(
      Nullable(
        Type.Union([Type.Number({ minimum: 0 }), Type.String({ maxLength: 32 })], {
          description: 'e.g. 19.99',
        }),
      ),
    ),
    currency: Type.Optional(Nullable(Type.String({ maxLength: 8 }))),
    is_first_payment: Type.Optional(Nullable(Type.Boolean())),
  },
  { additionalProperties: true },
);

/** Seed 004: charge.refunded → /refund, charge.dispute.created → /chargeback. */
export const IngestReversalBody = Type.Object(
  { external_payment_id: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: true },
);

export const IngestAnswer = Type.Object(
  {
    conversion_id: Type.String(),
    lead_id: Type.String(),
    external_payment_id: Type.String(),
    event: Nullable(Type.String()),
    status: Type.String(),
    goal: Nullable(Type.String()),
    adv_payout: Type.String(),
    pub_payout: Type.String(),
    currency: Type.String(),
  },
  { additionalProperties: true },
);
