import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { formatAmount, parseAmount, sumAmounts } from '../../lib/money.js';
import { assertDay } from './days.js';
import { InvoiceStatusError, OverpaymentError } from './errors.js';
import { type InvoiceView, outstandingOf, presentInvoice } from './present.js';
import { insertPayment, lockInvoice, releaseEntries, updateInvoiceRow } from './queries.js';

/** draft → sent: from now on it is owed and ages. */
export async function sendInvoice(ctx: AppContext, id: string): Promise<InvoiceView> {
  await inTransaction(ctx.db, async (tx) => {
    const row = await lockInvoice(tx, id);
    if (!row) throw new NotFoundError('invoice');
    if (row.status !== 'draft')
      throw new InvoiceStatusError(`invoice ${row.number} is ${row.status}, not a draft`);
    const iso = ctx.clock.now().toISOString();
    await updateInvoiceRow(tx, id, { status: 'sent', sent_at: iso, updated_at: iso });
  });
  return presentInvoice(ctx, id);
}

/**
 * Void a draft or an unpaid sent invoice. Its number and lines stay (no gap, nothing rewritten); its
 * ledger entries are released, so the next invoice of the advertiser takes them again.
 */
export async function voidInvoice(ctx: AppContext, id: string): Promise<InvoiceView> {
  await inTransaction(ctx.db, async (tx) => {
    const row = await lockInvoice(tx, id);
    if (!row) throw new NotFoundError('invoice');
    if (row.status !== 'draft' && row.status !== 'sent') {
      throw new InvoiceStatusError(
        `invoice ${row.number} is ${row.status}: only a draft or an unpaid invoice can be voided`,
      );
    }
    const iso = ctx.clock.now().toISOString();
    await updateInvoiceRow(tx, id, { status: 'void', voided_at: iso, updated_at: iso });
    await releaseEntries(tx, id);
  });
  return presentInvoice(ctx, id);
}

export interface PaymentInput {
  amount: string;
  receivedOn: string;
  reference: string;
  actor: string;
}

/** A payment received against a sent invoice: partly paid until the total is covered, then paid. */
export async function recordPayment(ctx: AppContext, id: string, input: PaymentInput): Promise<InvoiceView> {
  assertDay(input.receivedOn, 'received_on');
  await inTransaction(ctx.db, async (tx) => {
    const row = await lockInvoice(tx, id);
    if (!row) throw new NotFoundError('invoice');
    if (row.status !== 'sent' && row.status !== 'partly_paid') {
      throw new InvoiceStatusError(
        `invoice ${row.number} is ${row.status}: payments are recorded on sent invoices`,
      );
    }
    const amount = parseAmount(input.amount, row.currency);
    if (amount <= 0) throw new ValidationError('amount must be more than 0', 'amount', 'amount_not_positive');
    const remaining = outstandingOf(row);
    if (amount > remaining) throw new OverpaymentError(formatAmount(remaining, row.currency));
    const now = ctx.clock.now();
    const iso = now.toISOString();
    await insertPayment(tx, {
      id: newId(now.getTime()),
      invoice_id: id,
      amount,
      currency: row.currency,
      received_on: input.receivedOn,
      reference: input.reference.trim(),
      created_by: input.actor,
      created_at: iso,
    });
    const paid = sumAmounts([row.paid, amount]);
    await updateInvoiceRow(tx, id, {
      paid,
      status: paid >= Number(row.total) ? 'paid' : 'partly_paid',
      updated_at: iso,
    });
  });
  return presentInvoice(ctx, id);
}
