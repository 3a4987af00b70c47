import { AppError } from '../../lib/errors.js';

/** The amount is more than the publisher may be paid now; nothing was reserved or moved. */
export class InsufficientBalanceError extends AppError {
  constructor(message: string) {
    super(message, 422, 'insufficient_balance', 'amount');
  }
}

/** Only an approved publisher is paid: a suspended, pending or rejected one cannot request. */
export class PublisherNotPayableError extends AppError {
  constructor(status: string) {
    super(`a ${status} publisher cannot request payouts`, 403, 'publisher_not_payable');
  }
}

export class PayoutDecidedError extends AppError {
  constructor(status: string) {
    super(`this payout is already ${status}`, 409, 'payout_decided');
  }
}
