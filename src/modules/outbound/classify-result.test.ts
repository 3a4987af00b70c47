import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../jobs/errors.js';
import { classifyResult, ensureDelivered } from './classify-result.js';
import type { SendResult } from './send-request.js';

const base = { url: 'https://api.example/leads?key=s3cret', redirects: 0, durationMs: 5 };
const response = (status: number, body = ''): SendResult => ({
  ...base,
  outcome: 'response',
  status,
  headers: {},
  body,
  bodyTruncated: false,
});

describe('classifyResult', () => {
  it.each([
    [200, 'success'],
    [204, 'success'],
    [302, 'success'],
    [500, 'retryable'],
    [503, 'retryable'],
    [429, 'retryable'],
    [408, 'retryable'],
    [400, 'permanent'],
    [404, 'permanent'],
    [422, 'permanent'],
  ] as const)('HTTP %i is %s', (status, delivery) => {
    expect(classifyResult(response(status))).toBe(delivery);
  });

  it('retries network errors and timeouts, and gives up on refused targets', () => {
    expect(classifyResult({ ...base, outcome: 'network_error', error: 'ECONNREFUSED' })).toBe('retryable');
    expect(classifyResult({ ...base, outcome: 'timeout', error: 'no answer' })).toBe('retryable');
    expect(classifyResult({ ...base, outcome: 'refused', error: 'private' })).toBe('permanent');
  });
});

describe('ensureDelivered', () => {
  it('returns the response when it was delivered', () => {
    expect(ensureDelivered(response(201, 'created')).body).toBe('created');
  });

  it('throws RetryableError or PermanentError naming the host, never the URL, secrets masked', () => {
    expect(() => ensureDelivered(response(503))).toThrow(RetryableError);
    let thrown: unknown;
    try {
      ensureDelivered(response(400, 'bad key s3cret'), { secrets: ['s3cret'] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PermanentError);
    expect((thrown as Error).message).toBe('HTTP 400 from api.example: bad key ***');
  });
});
