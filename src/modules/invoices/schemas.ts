import { type Static, Type } from '@sinclair/typebox';
import { Amount, Nullable, Pagination, TimeZoneParam } from '../../http/schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Status = Type.Union(['draft', 'sent', 'partly_paid', 'paid', 'void'].map((s) => Type.Literal(s)));

export const InvoiceIdParam = Type.Object({ id: Type.String({ pattern: '^[0-9A-Za-z]{1,32}$' }) });

export const InvoiceCreate = Type.Object(
  {
    advertiser_id: Type.String({ pattern: '^[0-9]{1,15}$' }),
    from: Day,
    to: Day,
    tz: TimeZoneParam,
    due_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, default: 30 })),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type InvoiceCreate = Static<typeof InvoiceCreate>;

export const InvoiceListQuery = Type.Object(
  {
    ...Pagination,
    advertiser_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    status: Type.Optional(Status),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  },
  { additionalProperties: false },
);

export const ReceivablesQuery = Type.Object(
  {
    advertiser_id: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    as_of: Type.Optional(Day),
    tz: TimeZoneParam,
  },
  { additionalProperties: false },
);

export const PaymentCreate = Type.Object(
  {
    amount: Amount,
    received_on: Day,
    reference: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

const Summary = {
  id: Type.String(),
  number: Type.String(),
  advertiser_id: Type.String(),
  advertiser_name: Type.String(),
  currency: Type.String(),
  period_from: Type.String(),
  period_to: Type.String(),
  time_zone: Type.String(),
  status: Type.String(),
  invoice_date: Type.String(),
  due_date: Type.String(),
  total: Type.String(),
  paid: Type.String(),
  outstanding: Type.String({ description: 'total − paid on a sent invoice; 0 on a draft or void one' }),
  notes: Type.String(),
  created_at: Type.String(),
  sent_at: Nullable(Type.String()),
  voided_at: Nullable(Type.String()),
};

export const InvoiceSummary = Type.Object(Summary);

export const Invoice = Type.Object({
  ...Summary,
  lines: Type.Array(
    Type.Object({
      kind: Type.String({ description: 'conversion, or adjustment: a change after an earlier invoice' }),
      conversion_id: Type.String(),
      lead_id: Type.String(),
      offer_id: Type.String(),
      offer_name: Type.String(),
      goal: Nullable(Type.String()),
      status: Type.String(),
      posted_at: Type.String(),
      amount: Type.String(),
    }),
  ),
  payments: Type.Array(
    Type.Object({
      id: Type.String(),
      amount: Type.String(),
      currency: Type.String(),
      received_on: Type.String(),
      reference: Type.String(),
      created_at: Type.String(),
    }),
  ),
});

export const Receivables = Type.Object({
  as_of: Type.String(),
  data: Type.Array(
    Type.Object({
      advertiser_id: Type.String(),
      advertiser_name: Type.String(),
      currency: Type.String(),
      open_invoices: Type.Integer(),
      outstanding: Type.String(),
      days_0_30: Type.String(),
      days_31_60: Type.String(),
      days_61_90: Type.String(),
      days_90_plus: Type.String(),
    }),
  ),
});

export const BillingUpdate = Type.Object(
  {
    mode: Type.Union([Type.Literal('invoice'), Type.Literal('prepayment')]),
    low_balance_alert: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    pause_at_zero: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const TopupCreate = Type.Object(
  {
    amount: Amount,
    currency: Type.String({ minLength: 3, maxLength: 3 }),
    received_on: Day,
    reference: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const Billing = Type.Object({
  advertiser_id: Type.String(),
  mode: Type.String(),
  low_balance_alert: Nullable(Type.String()),
  pause_at_zero: Type.Boolean(),
  prepaid_since: Nullable(Type.String()),
  balances: Type.Array(
    Type.Object({
      currency: Type.String(),
      topups: Type.String(),
      drawn: Type.String(),
      balance: Type.String(),
      low: Type.Boolean(),
    }),
  ),
  topups: Type.Array(
    Type.Object({
      id: Type.String(),
      amount: Type.String(),
      currency: Type.String(),
      received_on: Type.String(),
      reference: Type.String(),
      created_at: Type.String(),
    }),
  ),
});
