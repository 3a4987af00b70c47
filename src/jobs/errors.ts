/**
 * How a job handler tells the worker what a failure means. Any other error is treated as
 * retryable: a bug or an outage usually deserves another try more than a lost side effect.
 */
export class RetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

/** Trying again cannot help (the other side rejected the request as invalid): fail the job now. */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}
