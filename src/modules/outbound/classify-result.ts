import type { CodedText } from '../../http/schemas.js';
import { PermanentError, RetryableError } from '../../jobs/errors.js';
import { maskSecrets } from './mask-secrets.js';
import type { ResponseResult, SendResult } from './send-request.js';

export type Delivery = 'success' | 'retryable' | 'permanent';

/**
 * What a result means for a job. Outages, timeouts, overload (5xx, 429, 408) may pass, so they
 * are retried; other 4xx mean the other side will refuse this request however often it comes;
 * a refused target stays refused, and so does a redirect we would not follow (the endpoint has to
 * be changed). A final 2xx or 3xx counts as delivered.
 */
export function classifyResult(result: SendResult): Delivery {
  switch (result.outcome) {
    case 'network_error':
    case 'timeout':
      return 'retryable';
    case 'refused':
    case 'redirected':
      return 'permanent';
    case 'response':
      if (result.status >= 500 || result.status === 429 || result.status === 408) return 'retryable';
      if (result.status >= 400) return 'permanent';
      return 'success';
  }
}

/**
 * One line for a job's last_error: the host (not the URL, which may carry secrets), what happened
 * and the start of the answer, with the request's secrets masked in case the other side echoes them.
 */
export function describeResult(result: SendResult, secrets: readonly string[] = []): string {
  const host = safeHost(result.url);
  if (result.outcome === 'response') {
    const body = result.body.replace(/\s+/g, ' ').trim().slice(0, 200);
    return maskSecrets(`HTTP ${result.status} from ${host}${body ? `: ${body}` : ''}`, secrets);
  }
  return maskSecrets(`${result.outcome} for ${host}: ${result.error}`, secrets);
}

/**
 * describeResult's sentence as a stable code and its values (the web says it in the reader's
 * language; the English, with the answer's start or the network error, stays in describeResult):
 * `http_status` {host, status}, or the outcome (`timeout`, `network_error`, `refused`, `redirected`)
 * with {host}.
 */
export function resultCode(result: SendResult): CodedText {
  const host = safeHost(result.url);
  if (result.outcome === 'response') return { code: 'http_status', params: { host, status: result.status } };
  return { code: result.outcome, params: { host } };
}

/**
 * For job handlers: the response when it was delivered; otherwise throws the RetryableError or
 * PermanentError that makes the worker try again later or give up.
 */
export function ensureDelivered(
  result: SendResult,
  options: { secrets?: readonly string[] } = {},
): ResponseResult {
  const delivery = classifyResult(result);
  if (delivery === 'success' && result.outcome === 'response') return result;
  const message = describeResult(result, options.secrets);
  throw delivery === 'retryable' ? new RetryableError(message) : new PermanentError(message);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}
