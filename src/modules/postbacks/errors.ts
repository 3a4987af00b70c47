import type { CodedText } from '../../http/schemas.js';
import { RefusedError } from '../conversions/errors.js';

/**
 * A strict advertiser's postback with parameters it did not use (422 `unused-params`): the English
 * warnings in the message, and the same as codes and values, which the answer carries too.
 */
export class UnusedParamsError extends RefusedError {
  constructor(
    warnings: readonly string[],
    readonly warningCodes: readonly CodedText[],
  ) {
    super(422, 'unused-params', `refused (this advertiser's postbacks are strict): ${warnings.join('; ')}`);
  }
}
