import { AppError } from '../../lib/errors.js';

/**
 * A postback, ingest call or manual change refused with a named reason. The codes are the postback
 * log's (seed 003): access, bad-click, bad-flow, no-click, plus bad-status, bad-goal, bad-payout,
 * bad-currency, bad-params, no-lead and bad-payment.
 */
export class RefusedError extends AppError {
  constructor(statusCode: number, code: string, message: string, field?: string) {
    super(message, statusCode, code, field);
  }
}
