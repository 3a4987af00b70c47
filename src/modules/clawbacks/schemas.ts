import { Type } from '@sinclair/typebox';
import { Nullable } from '../../http/schemas.js';

const ClawbackFields = {
  id: Type.String(),
  conversion_id: Type.String(),
  click_id: Nullable(Type.String()),
  offer_id: Type.String(),
  offer_name: Nullable(Type.String()),
  currency: Type.String(),
  amount: Type.String({ description: 'the part of the reversal the balance did not cover' }),
  outstanding: Type.String({ description: 'what of it is still to be netted from the next payout' }),
  from_status: Type.String(),
  to_status: Type.String(),
  created_at: Type.String(),
};

/** A clawback as the publisher sees it: no advertiser, no source. */
export const PortalClawback = Type.Object(ClawbackFields);

export const Clawback = Type.Object({
  ...ClawbackFields,
  publisher_id: Type.String(),
  publisher_name: Nullable(Type.String()),
  advertiser_id: Type.String(),
  source: Type.String(),
});

const outstandingFields = {
  currency: Type.String(),
  outstanding: Type.String({ description: 'the approved balance below zero, as a positive amount' }),
  balance: Type.String({ description: 'the approved balance, negative' }),
};

export const OutstandingClawbacks = Type.Object({
  publisher_id: Type.String(),
  publisher_name: Nullable(Type.String()),
  ...outstandingFields,
  clawbacks: Type.Array(Clawback),
});

export const PortalOutstandingClawbacks = Type.Object({
  ...outstandingFields,
  clawbacks: Type.Array(PortalClawback),
});

const Requested = Type.Object({
  status: Type.Optional(Type.String()),
  goal: Type.Optional(Type.String()),
  adv_payout: Type.Optional(Type.String()),
  pub_payout: Type.Optional(Type.String()),
  currency: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
});

const pendingFields = {
  id: Type.String(),
  conversion_id: Type.String(),
  lead_id: Type.String(),
  advertiser_id: Type.String(),
  offer_id: Type.String(),
  publisher_id: Nullable(Type.String()),
  publisher_name: Nullable(Type.String()),
  from_status: Type.String(),
  to_status: Type.String(),
  requested: Requested,
  reason: Type.String({ description: 'days: past the window; paid: the publisher was already paid' }),
  source: Type.String(),
  postback_log_id: Nullable(Type.String()),
  status: Type.String({ description: 'pending, accepted or refused' }),
  note: Nullable(Type.String()),
  decided_by: Nullable(Type.String()),
  decided_at: Nullable(Type.String()),
  created_at: Type.String(),
};

export const PendingChange = Type.Object(pendingFields);

const StateSchema = Type.Object({
  status: Nullable(Type.String()),
  goal: Nullable(Type.String()),
  adv_payout: Type.String(),
  pub_payout: Type.String(),
  currency: Type.String(),
});

export const PendingChangeDecided = Type.Object({
  ...pendingFields,
  applied: Nullable(Type.Object({ from: StateSchema, to: StateSchema })),
});

export const DecisionBody = Type.Optional(
  Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
);

export const FinalityWindowParams = Type.Object({
  scope: Type.Union([Type.Literal('offer'), Type.Literal('advertiser')]),
  id: Type.String({ pattern: '^[0-9]{1,15}$' }),
});

export const FinalityWindowBody = Type.Object(
  {
    days: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 0,
          maximum: 3650,
          description: 'days after a conversion was created; null or left out: no day limit',
        }),
      ),
    ),
    when_paid: Type.Optional(
      Type.Boolean({ description: 'hold a change that would take back money already paid to the publisher' }),
    ),
  },
  { additionalProperties: false },
);

export const FinalityWindow = Type.Object({
  scope: Type.String(),
  subject_id: Type.String(),
  days: Nullable(Type.Integer()),
  when_paid: Type.Boolean(),
  updated_at: Type.String(),
});
