import { AppError } from '../../lib/errors.js';

/** Nothing uninvoiced in the period: no invoice is made (and no number used). */
export class NothingToInvoiceError extends AppError {
  constructor() {
    super('no uninvoiced approved conversions or adjustments in this period', 422, 'nothing_to_invoice');
  }
}

/** A transition the invoice's status does not allow (sending a paid invoice, paying a draft…). */
export class InvoiceStatusError extends AppError {
  constructor(message: string) {
    super(message, 409, 'invoice_status');
  }
}

/** A payment larger than what is left to pay on the invoice. */
export class OverpaymentError extends AppError {
  constructor(remaining: string) {
    super(`the payment is more than the ${remaining} left to pay`, 422, 'overpayment', 'amount');
  }
}
