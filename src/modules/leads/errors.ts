import { AppError } from '../../lib/errors.js';

/**
 * A lead the network will not take, with a code the landing page's developer can act on:
 * no_click (422), bad_click / bad_flow / bad_offer / bad_publisher (404), rejected_click (422),
 * offer_paused / advertiser_paused / flow_paused / publisher_not_approved / offer_not_assigned /
 * daily_cap (403). Spam and duplicates are not refused: they are stored with their status.
 */
export class LeadRefusedError extends AppError {
  constructor(code: string, statusCode: number, message: string, field?: string) {
    super(message, statusCode, code, field);
  }
}
