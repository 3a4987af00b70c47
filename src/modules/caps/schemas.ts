import { type Static, Type } from '@sinclair/typebox';

const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });
const Period = Type.Union([
  Type.Literal('hourly'),
  Type.Literal('daily'),
  Type.Literal('monthly'),
  Type.Literal('total'),
]);
const Metric = Type.Union([
  Type.Literal('clicks'),
  Type.Literal('leads'),
  Type.Literal('conversions'),
  Type.Literal('payout'),
]);
const Mode = Type.Union([Type.Literal('hard'), Type.Literal('soft')]);
const OnReached = Type.Union([
  Type.Literal('refuse'),
  Type.Literal('trafficback'),
  Type.Literal('next_stream'),
]);
/** A count ("100"), or for payout caps a decimal amount ("250.00") in the cap's currency. */
const Limit = Type.String({ pattern: '^[0-9]{1,15}(\\.[0-9]{1,4})?$' });

export const CapCreate = Type.Object(
  {
    offer_id: Type.Optional(NumericId),
    publisher_id: Type.Optional(NumericId),
    period: Period,
    metric: Metric,
    limit: Limit,
    /** Payout caps only; the offer's currency when left out. */
    currency: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })),
    mode: Type.Optional(Mode),
    on_reached: Type.Optional(OnReached),
    /** IANA zone the periods are counted in; UTC when left out. */
    time_zone: Type.Optional(Type.String({ maxLength: 64 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CapCreate = Static<typeof CapCreate>;

export const CapUpdate = Type.Object(
  {
    limit: Type.Optional(Limit),
    mode: Type.Optional(Mode),
    on_reached: Type.Optional(OnReached),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CapUpdate = Static<typeof CapUpdate>;

export const CapListQuery = Type.Object(
  {
    offer_id: Type.Optional(NumericId),
    publisher_id: Type.Optional(NumericId),
  },
  { additionalProperties: false },
);

export const CapView = Type.Object({
  id: Type.String(),
  offer_id: Type.Union([Type.String(), Type.Null()]),
  publisher_id: Type.Union([Type.String(), Type.Null()]),
  period: Period,
  metric: Metric,
  /** A count, or a decimal amount for payout caps. */
  limit: Type.String(),
  currency: Type.Union([Type.String(), Type.Null()]),
  mode: Mode,
  on_reached: OnReached,
  time_zone: Type.String(),
  active: Type.Boolean(),
  /** The period now running, in the cap's zone ("2026-06-01", "2026-06", "total"…). */
  period_key: Type.String(),
  /** Used in the running period, in the same unit as `limit`. */
  used: Type.String(),
  /** Used share of the limit, 0–100 (may pass 100 for soft, conversion and payout caps). */
  percent: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type CapView = Static<typeof CapView>;
