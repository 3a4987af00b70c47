import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { NotFoundError } from '../../lib/errors.js';
import { differenceOf, formatAmount } from '../../lib/money.js';
import {
  advertiserNames,
  findInvoice,
  type InvoiceLineRow,
  type InvoiceRow,
  linesOf,
  type PaymentRow,
  paymentsOf,
} from './queries.js';

export interface InvoiceLineView {
  kind: 'conversion' | 'adjustment';
  conversion_id: string;
  lead_id: string;
  offer_id: string;
  offer_name: string;
  goal: string | null;
  status: string;
  posted_at: string;
  amount: string;
}

export interface PaymentView {
  id: string;
  amount: string;
  currency: string;
  received_on: string;
  reference: string;
  created_at: string;
}

export interface InvoiceSummary {
  id: string;
  number: string;
  advertiser_id: string;
  advertiser_name: string;
  currency: string;
  period_from: string;
  period_to: string;
  time_zone: string;
  status: string;
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

export interface InvoiceView extends InvoiceSummary {
  lines: InvoiceLineView[];
  payments: PaymentView[];
}

/** What is left to collect: nothing on a draft or a void invoice. */
export function outstandingOf(row: Pick<InvoiceRow, 'status' | 'total' | 'paid'>): number {
  if (row.status === 'draft' || row.status === 'void') return 0;
  return differenceOf(Number(row.total), Number(row.paid));
}

export function summarise(row: InvoiceRow, advertiserName: string): InvoiceSummary {
  const money = (v: number) => formatAmount(v, row.currency);
  return {
    id: row.id,
    number: row.number,
    advertiser_id: String(row.advertiser_id),
    advertiser_name: advertiserName,
    currency: row.currency,
    period_from: row.period_from,
    period_to: row.period_to,
    time_zone: row.time_zone,
    status: row.status,
    invoice_date: row.invoice_date,
    due_date: row.due_date,
    total: money(Number(row.total)),
    paid: money(Number(row.paid)),
    outstanding: money(outstandingOf(row)),
    notes: row.notes,
    created_at: row.created_at,
    sent_at: row.sent_at,
    voided_at: row.voided_at,
  };
}

export function presentLine(line: InvoiceLineRow, currency: string): InvoiceLineView {
  return {
    kind: line.kind,
    conversion_id: line.conversion_id,
    lead_id: line.lead_id,
    offer_id: String(line.offer_id),
    offer_name: line.offer_name,
    goal: line.goal,
    status: line.status,
    posted_at: line.posted_at,
    amount: formatAmount(Number(line.amount), currency),
  };
}

export function presentPayment(p: PaymentRow): PaymentView {
  return {
    id: p.id,
    amount: formatAmount(Number(p.amount), p.currency),
    currency: p.currency,
    received_on: p.received_on,
    reference: p.reference,
    created_at: p.created_at,
  };
}

export async function namesOf(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await advertiserNames(db, [...new Set(ids)]);
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

export async function loadInvoice(ctx: AppContext, id: string) {
  const row = await findInvoice(ctx.db, id);
  if (!row) throw new NotFoundError('invoice');
  const [lines, payments, names] = await Promise.all([
    linesOf(ctx.db, id),
    paymentsOf(ctx.db, id),
    namesOf(ctx.db, [row.advertiser_id]),
  ]);
  return { row, lines, payments, advertiserName: names.get(row.advertiser_id) ?? '' };
}

export async function presentInvoice(ctx: AppContext, id: string): Promise<InvoiceView> {
  const { row, lines, payments, advertiserName } = await loadInvoice(ctx, id);
  return {
    ...summarise(row, advertiserName),
    lines: lines.map((l) => presentLine(l, row.currency)),
    payments: payments.map(presentPayment),
  };
}
