import { labelsOf } from '../../i18n/labels';

/** The invoices API's answers (src/modules/invoices/schemas.ts). */
export interface InvoiceSummary {
  id: string;
  number: string;
  advertiser_id: string;
  advertiser_name: string;
  currency: string;
  period_from: string;
  period_to: string;
  time_zone: string;
  status: 'draft' | 'sent' | 'partly_paid' | 'paid' | 'void';
  invoice_date: string;
  due_date: string;
  total: string;
  paid: string;
  outstanding: string;
  notes: string;
  created_at: string;
  sent_at: string | null;
  voided_at: string | null;
}

export interface Invoice extends InvoiceSummary {
  lines: {
    kind: 'conversion' | 'adjustment';
    conversion_id: string;
    lead_id: string;
    offer_id: string;
    offer_name: string;
    goal: string | null;
    status: string;
    posted_at: string;
    amount: string;
  }[];
  payments: { id: string; amount: string; currency: string; received_on: string; reference: string }[];
}

export interface Receivable {
  advertiser_id: string;
  advertiser_name: string;
  currency: string;
  open_invoices: number;
  outstanding: string;
  days_0_30: string;
  days_31_60: string;
  days_61_90: string;
  days_90_plus: string;
}

export interface Receivables {
  as_of: string;
  data: Receivable[];
}

export interface Billing {
  advertiser_id: string;
  mode: 'invoice' | 'prepayment';
  low_balance_alert: string | null;
  pause_at_zero: boolean;
  prepaid_since: string | null;
  balances: { currency: string; topups: string; drawn: string; balance: string; low: boolean }[];
  topups: { id: string; amount: string; currency: string; received_on: string; reference: string }[];
}

/** An invoice's status in the current language (finance.invoiceStatus.*). */
export const STATUS_LABELS: Record<InvoiceSummary['status'], string> = labelsOf(
  ['draft', 'sent', 'partly_paid', 'paid', 'void'],
  'finance.invoiceStatus',
);
