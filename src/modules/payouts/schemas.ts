import { type Static, Type } from '@sinclair/typebox';
import { Amount, Nullable, Pagination, Sorting } from '../../http/schemas.js';
import { PAYOUT_METHODS } from './destination.js';

export const PayoutMethodName = Type.Union(
  PAYOUT_METHODS.map((m) => Type.Literal(m)),
  { description: 'usdt_trc20, usdt_erc20, btc, eth (wallet address); wise (email or IBAN); paypal (email)' },
);

const Destination = {
  address: Type.Optional(
    Type.String({ minLength: 1, maxLength: 120, description: 'wallet address (crypto)' }),
  ),
  account: Type.Optional(
    Type.String({ minLength: 1, maxLength: 254, description: 'Wise email or IBAN, PayPal email' }),
  ),
};

export const PayoutRequestBody = Type.Object(
  {
    amount: Amount,
    currency: Type.String({ minLength: 3, maxLength: 3 }),
    method: PayoutMethodName,
    ...Destination,
  },
  { additionalProperties: false },
);
export type PayoutRequestBody = Static<typeof PayoutRequestBody>;

export const PayoutMethodBody = Type.Object(
  { method: PayoutMethodName, ...Destination },
  { additionalProperties: false },
);
export type PayoutMethodBody = Static<typeof PayoutMethodBody>;

export const SavedPayoutMethod = Type.Object({
  method: Nullable(Type.String()),
  destination: Nullable(Type.String()),
  updated_at: Nullable(Type.String()),
});

export const PayoutStatus = Type.Union(
  [Type.Literal('requested'), Type.Literal('paid'), Type.Literal('rejected')],
  {
    description: 'requested, paid, rejected',
  },
);

export const Payout = Type.Object({
  id: Type.String(),
  publisher_id: Type.String(),
  amount: Type.String(),
  currency: Type.String(),
  method: Type.String(),
  destination: Type.String(),
  status: PayoutStatus,
  source: Type.String({ description: 'publisher or net7' }),
  reference: Nullable(Type.String({ description: 'TX hash or payment reference' })),
  reason: Nullable(Type.String()),
  ledger_event_id: Nullable(Type.String()),
  created_at: Type.String(),
  decided_at: Nullable(Type.String()),
});

export const PayoutBalance = Type.Object({
  currency: Type.String(),
  approved: Type.String({ description: 'approved, not yet paid (the ledger; hold periods not applied)' }),
  pending: Type.String({ description: 'on hold: confirmed by the advertiser, not yet approved' }),
  paid: Type.String({ description: 'paid out so far' }),
  matured: Type.String({ description: 'approved and past the offer hold, paid-out amounts taken off' }),
  requested: Type.String({ description: 'held by requests not yet paid' }),
  payable: Type.String({ description: 'what a new request may take' }),
  minimum: Type.String(),
});

/** What the admin's payout requests sort by (src/modules/payouts/queries.ts maps each to SQL). */
export const PAYOUT_SORTS = [
  'created_at',
  'id',
  'publisher_id',
  'amount',
  'currency',
  'method',
  'destination',
  'source',
  'status',
  'decided_at',
] as const;
export type PayoutSort = (typeof PAYOUT_SORTS)[number];
/** The publisher's own requests: the same but publisher_id, which is always theirs. */
export const PORTAL_PAYOUT_SORTS = PAYOUT_SORTS.filter(
  (name): name is Exclude<PayoutSort, 'publisher_id'> => name !== 'publisher_id',
);

const PayoutStatusFilter = Type.Optional(PayoutStatus);

export const PayoutListQuery = Type.Object(
  {
    ...Pagination,
    ...Sorting(PAYOUT_SORTS),
    status: PayoutStatusFilter,
    publisher_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  },
  { additionalProperties: false },
);

export const PortalPayoutListQuery = Type.Object(
  { ...Pagination, ...Sorting(PORTAL_PAYOUT_SORTS), status: PayoutStatusFilter },
  { additionalProperties: false },
);

export const PayoutIdParam = Type.Object({ id: Type.String({ pattern: '^[0-9A-Za-z]{26}$' }) });

export const PayBody = Type.Object(
  { reference: Type.String({ minLength: 1, maxLength: 200, description: 'TX hash or payment reference' }) },
  { additionalProperties: false },
);

export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const Net7Reply = Type.Object({
  as_of: Type.String(),
  created: Type.Array(Payout),
  skipped: Type.Array(
    Type.Object({
      publisher_id: Type.String(),
      currency: Type.String(),
      reason: Type.String(),
      message: Type.Optional(Type.String()),
    }),
  ),
});
