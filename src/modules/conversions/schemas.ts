import { type Static, Type } from '@sinclair/typebox';
import { Nullable, Pagination, Sorting } from '../../http/schemas.js';
import { LEAD_STATUSES } from '../leads/statuses.js';

export const LeadStatusSchema = Type.Union(LEAD_STATUSES.map((s) => Type.Literal(s)));

export const LeadIdParam = Type.Object({ id: Type.String({ pattern: '^[0-9A-Z]{26}$' }) });

export const ManualStatusBody = Type.Object(
  {
    status: LeadStatusSchema,
    reason: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'why; kept in the lead status history',
    }),
    goal: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'goal key or alias' })),
  },
  { additionalProperties: false },
);
export type ManualStatusBody = Static<typeof ManualStatusBody>;

const State = Type.Object({
  status: Nullable(Type.String()),
  goal: Nullable(Type.String()),
  adv_payout: Type.String(),
  pub_payout: Type.String(),
  currency: Type.String(),
});

export const StatusChangeReply = Type.Object({
  result: Type.Union([Type.Literal('ok'), Type.Literal('no-changes')]),
  lead_id: Type.String(),
  conversion_id: Type.String(),
  from: Nullable(State),
  to: State,
  ledger_event_ids: Type.Array(Type.String()),
});
export type StatusChangeReply = Static<typeof StatusChangeReply>;

export const Conversion = Type.Object({
  id: Type.String(),
  lead_id: Type.String(),
  click_id: Nullable(Type.String()),
  offer_id: Type.String(),
  advertiser_id: Type.String(),
  publisher_id: Nullable(Type.String()),
  flow_id: Nullable(Type.String()),
  goal: Nullable(Type.String()),
  status: Type.String(),
  adv_payout: Type.String(),
  pub_payout: Type.String(),
  profit: Type.String({ description: 'adv_payout − pub_payout' }),
  currency: Type.String(),
  comment: Nullable(Type.String()),
  external_payment_id: Nullable(Type.String()),
  user_ref: Nullable(Type.String()),
  uid: Type.Optional(
    Nullable(
      Type.String({
        description:
          "seed 002's UID, in lists: the advertiser's id for the lead (uid/exto on postbacks), else user_ref",
      }),
    ),
  ),
  event: Nullable(Type.String()),
  gross_amount: Nullable(Type.String()),
  gross_currency: Nullable(Type.String()),
  sent_adv_payout: Nullable(
    Type.String({
      description:
        "the advertiser payout as sent (pay/price/payout), in sent_currency, when it came in another currency than the conversion's and was converted",
    }),
  ),
  sent_pub_payout: Nullable(
    Type.String({ description: 'the publisher payout as sent (wm), in sent_currency, when converted' }),
  ),
  sent_currency: Nullable(Type.String({ description: 'the currency the payouts above were sent in' })),
  rate_date: Nullable(
    Type.String({ description: 'day of the exchange rate in effect for currency when recorded' }),
  ),
  rate: Nullable(Type.String({ description: 'that rate: units of BASE_CURRENCY per one unit' })),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type Conversion = Static<typeof Conversion>;

const NumericId = Type.String({ pattern: '^[0-9]{1,15}$' });
const DateOrTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z?)?$',
  description: 'YYYY-MM-DD (UTC day) or an ISO-8601 UTC time',
});

/** What the conversion list sorts by (src/modules/conversions/queries.ts maps each to SQL). */
export const CONVERSION_SORTS = [
  'created_at',
  'updated_at',
  'id',
  'lead_id',
  'status',
  'goal',
  'offer_id',
  'publisher_id',
  'adv_payout',
  'pub_payout',
  'profit',
  'currency',
  'comment',
] as const;
export type ConversionSort = (typeof CONVERSION_SORTS)[number];

export const ConversionListQuery = Type.Object(
  {
    ...Pagination,
    ...Sorting(CONVERSION_SORTS),
    offer_id: Type.Optional(NumericId),
    publisher_id: Type.Optional(NumericId),
    advertiser_id: Type.Optional(NumericId),
    flow_id: Type.Optional(NumericId),
    lead_id: Type.Optional(Type.String({ maxLength: 26 })),
    status: Type.Optional(LeadStatusSchema),
    goal: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(DateOrTime),
    to: Type.Optional(DateOrTime),
  },
  { additionalProperties: false },
);
export type ConversionListQuery = Static<typeof ConversionListQuery>;

export const HistoryEntry = Type.Object({
  id: Type.String(),
  lead_id: Type.String(),
  conversion_id: Type.String(),
  from_status: Nullable(Type.String()),
  to_status: Type.String(),
  from_goal: Nullable(Type.String()),
  goal: Nullable(Type.String()),
  adv_payout: Type.String(),
  pub_payout: Type.String(),
  currency: Type.String(),
  source: Type.String(),
  reason: Nullable(Type.String()),
  actor: Nullable(Type.String()),
  request_id: Nullable(Type.String()),
  created_at: Type.String(),
});
export type HistoryEntry = Static<typeof HistoryEntry>;
