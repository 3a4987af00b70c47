import { performance } from 'node:perf_hooks';
import { type Dispatcher, request } from 'undici';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/database.js';
import { newId } from '../../lib/ids.js';
import { maskHeaders, maskSecrets } from './mask-secrets.js';
import { recordFinalOutcome } from './outcome-log.js';
import { markInterruptedRequests, recordOutboundOutcome } from './queries.js';
import { readCappedStream } from './read-capped-body.js';
import { insertSendingRow } from './sending-log.js';
import { createTargetGuard, PRIVATE_TARGET_CODE, type TargetGuard } from './target-guard.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_REDIRECTS = 3;
/** What a caller gets of a response body; the rest is dropped unread. */
export const RESPONSE_BODY_LIMIT = 64 * 1024;
/** What the request log keeps: enough to see what the other side said, without bloating the table. */
const LOGGED_RESPONSE_LIMIT = 8 * 1024;
const LOGGED_REQUEST_LIMIT = 64 * 1024;

export type OutboundContext = Pick<AppContext, 'db' | 'clock' | 'config' | 'logger'>;

export interface SendRequestInput {
  /** What the request is for, as logged: lead_push, publisher_postback, capi… */
  kind: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** For the whole exchange, redirects included. */
  timeoutMs?: number;
  /** Values (API keys, tokens) masked as *** wherever they appear in the request log. */
  secrets?: readonly string[];
  jobId?: string | null;
  /** The job's attempt number: a first attempt has no earlier one to find cut off in flight. */
  jobAttempt?: number;
  /** The record the request concerns, e.g. a lead id, to find its requests in the log. */
  subjectId?: string | null;
  /**
   * Sent as the `Idempotency-Key` header, the same on every retry of the same thing (a push: the
   * lead id), so the other side can drop a repeat it already acted on.
   */
  idempotencyKey?: string;
  /**
   * The caller's own record of how the request ended (a lead push: the lead's push result), written
   * in one transaction with the request log's outcome: one commit where there were two, and since
   * session 16 one for all the requests ending together (outcome-log.ts). If that
   * transaction fails, the log's outcome and then this are tried apart, as when they were separate:
   * the log's failure is only logged (the request went out), this one's is thrown to the caller.
   */
  recordOutcome?: (db: DbOrTx, result: SendResult) => Promise<unknown>;
}

interface ResultBase {
  /** The URL of the last request made (after redirects); not masked. */
  url: string;
}

export interface ResponseResult extends ResultBase {
  outcome: 'response';
  status: number;
  headers: Record<string, string>;
  /** At most RESPONSE_BODY_LIMIT bytes, decoded as UTF-8. */
  body: string;
  bodyTruncated: boolean;
}

export interface FailedResult extends ResultBase {
  /** refused: the private-target guard said no, nothing was sent. */
  outcome: 'network_error' | 'timeout' | 'refused';
  error: string;
}

/**
 * The other side answered a redirect we do not follow: a request with a body (the body would be
 * re-sent to a new place, or dropped), or one carrying credentials to another host. A failed
 * attempt; `location` says where the endpoint wanted us to go.
 */
export interface RedirectedResult extends ResultBase {
  outcome: 'redirected';
  status: number;
  location: string;
  error: string;
}

export type HopResult = ResponseResult | FailedResult;
export type SendResult = (HopResult | RedirectedResult) & { redirects: number; durationMs: number };

interface Hop {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export class OutboundRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRequestError';
  }
}

/**
 * Send one HTTP request to a third party and log it (every hop) in outbound_requests.
 * Network errors, timeouts and refused targets come back as results, never as exceptions, so a
 * job handler decides with classifyResult() / ensureDelivered() what they mean.
 * Redirects are followed by hand (at most MAX_REDIRECTS), each hop checked by the target guard,
 * and only for a GET or HEAD, and only to the same host when the request carries credentials: see
 * redirectStep().
 */
export async function sendRequest(
  ctx: OutboundContext,
  input: SendRequestInput,
  options: { guard?: TargetGuard } = {},
): Promise<SendResult> {
  const method = input.method.toUpperCase();
  if ((method === 'GET' || method === 'HEAD') && input.body !== undefined) {
    throw new OutboundRequestError(`a ${method} request cannot have a body`);
  }
  const guard = options.guard ?? defaultGuard(ctx.config.allowPrivateTargets);
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const headers = { ...input.headers };
  if (input.idempotencyKey !== undefined) headers['Idempotency-Key'] = input.idempotencyKey;
  // A previous attempt of this job that never recorded its outcome: its process stopped mid-flight.
  if (input.jobId && (input.jobAttempt ?? 2) > 1) await settleInterruptedRequests(ctx, input.jobId);
  let hop: Hop = { method, url: input.url, headers, body: input.body };
  for (let redirects = 0; ; redirects++) {
    // Recorded and committed before anything leaves: a crash from here on leaves a `sending` row.
    const logId = await logSending(ctx, input, hop, redirects);
    const hopStarted = performance.now();
    const result = await exchange(hop, guard, deadline, timeoutMs);
    const step = result.outcome === 'response' ? redirectStep(hop, result, input.secrets ?? []) : undefined;
    const notFollowed = step && 'notFollowed' in step ? step.notFollowed : undefined;
    const hopMs = performance.now() - hopStarted;
    const next = step && 'next' in step && redirects < MAX_REDIRECTS ? step.next : undefined;
    if (next) {
      await logOutcome(ctx, input, logId, result, hopMs, undefined, undefined);
      hop = next;
      continue;
    }
    const durationMs = Math.round(performance.now() - started);
    const final: SendResult = notFollowed
      ? { ...notFollowed, url: hop.url, redirects, durationMs }
      : { ...result, redirects, durationMs };
    await logOutcome(ctx, input, logId, result, hopMs, notFollowed?.error, final);
    return final;
  }
}

/** One guard (and so one connection pool) per setting for the process. */
const defaultGuards = new Map<boolean, TargetGuard>();
function defaultGuard(allowPrivateTargets: boolean): TargetGuard {
  let guard = defaultGuards.get(allowPrivateTargets);
  if (!guard) {
    guard = createTargetGuard({ allowPrivateTargets });
    defaultGuards.set(allowPrivateTargets, guard);
  }
  return guard;
}

async function exchange(hop: Hop, guard: TargetGuard, deadline: AbortSignal, timeoutMs: number) {
  try {
    const verdict = await untilDeadline(guard.check(hop.url), deadline);
    if (!verdict.allowed) {
      return { outcome: 'refused', url: hop.url, error: `refused: ${verdict.reason}` } satisfies HopResult;
    }
    // undici's request, not fetch: no WHATWG Request/Response/Headers or web streams per push.
    // It follows no redirect (redirectStep decides), and the deadline aborts the body's reading too.
    const response = await request(hop.url, {
      method: hop.method as Dispatcher.HttpMethod,
      headers: wireHeaders(hop),
      body: hop.body,
      signal: deadline,
      ...(verdict.dispatcher ? { dispatcher: verdict.dispatcher } : {}),
    });
    const { text, truncated } = await readCappedStream(response.body, RESPONSE_BODY_LIMIT);
    return {
      outcome: 'response',
      url: hop.url,
      status: response.statusCode,
      headers: responseHeaders(response.headers),
      body: text,
      bodyTruncated: truncated,
    } satisfies HopResult;
  } catch (error) {
    const refusal = privateTargetRefusal(error);
    if (refusal)
      return { outcome: 'refused', url: hop.url, error: `refused: ${refusal}` } satisfies HopResult;
    if (deadline.aborted) {
      return {
        outcome: 'timeout',
        url: hop.url,
        error: `no answer within ${timeoutMs} ms`,
      } satisfies HopResult;
    }
    return { outcome: 'network_error', url: hop.url, error: describeNetworkError(error) } satisfies HopResult;
  }
}

/**
 * The headers sent: the hop's own, plus what fetch added when they were absent (an `accept`, an
 * `accept-language`, undici's `user-agent`, and `text/plain;charset=UTF-8` for a body without a
 * content type), so the other side sees what it saw when pushes went through fetch. Not
 * `accept-encoding`: fetch decoded compressed answers, request does not, so none is asked for.
 */
function wireHeaders(hop: Hop): Record<string, string> {
  const headers: Record<string, string> = {};
  const present = new Set<string>();
  for (const name in hop.headers) {
    headers[name] = hop.headers[name]!;
    present.add(name.toLowerCase());
  }
  if (!present.has('accept')) headers.accept = '*/*';
  if (!present.has('accept-language')) headers['accept-language'] = '*';
  if (!present.has('user-agent')) headers['user-agent'] = 'undici';
  if (hop.body !== undefined && !present.has('content-type')) {
    headers['content-type'] = 'text/plain;charset=UTF-8';
  }
  return headers;
}

/**
 * The response's headers as fetch's `Object.fromEntries(response.headers)` gave them: lower-case
 * names in sorted order, repeated headers joined with ", ", and of several `set-cookie` the last.
 */
function responseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(raw).sort()) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value === 'string') headers[name] = value;
    else if (value.length > 0)
      headers[name] = name === 'set-cookie' ? value[value.length - 1]! : value.join(', ');
  }
  return headers;
}

/** The guarded dispatcher's refusal, found in the error or its chain of causes. */
function privateTargetRefusal(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === PRIVATE_TARGET_CODE) return e.message;
  }
  return undefined;
}

/** DNS lookups cannot be aborted; stop waiting for one when the deadline passes. */
function untilDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch reported every failure as "fetch failed" with the real error as its cause; request throws
  // the real error (ECONNREFUSED…) itself. Either way the same text.
  const cause = error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' && !cause.message.includes(code)
    ? `${code}: ${cause.message}`
    : cause.message;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

type RedirectStep = { next: Hop } | { notFollowed: Omit<RedirectedResult, 'url'> } | undefined;

/**
 * What to do with a redirect answer; undefined when it is not one.
 * - A request with a body (a lead push, a CAPI event, a POST postback) is never redirected: the
 *   body may carry an advertiser's key (re-sent to whoever the Location names) and fetch's rule
 *   turns a POST into a body-less GET on 301/302 (the lead is lost while the push looks
 *   delivered). It is a failed attempt naming the new location, for the operator to update.
 * - A GET or HEAD carrying credentials (an Authorization or Cookie header, or one of the
 *   request's secrets in its URL or headers) follows only to the same host, never to plain http
 *   from https; credentials were meant for the host we were told to call.
 * - Anything else follows, as fetch would.
 */
function redirectStep(hop: Hop, response: ResponseResult, secrets: readonly string[]): RedirectStep {
  const location = response.headers.location;
  if (!REDIRECT_STATUSES.has(response.status) || !location) return undefined;
  let target: URL;
  try {
    target = new URL(location, hop.url);
  } catch {
    return undefined;
  }
  const status = response.status;
  const notFollowed = (why: string): RedirectStep => ({
    notFollowed: {
      outcome: 'redirected',
      status,
      location: target.toString(),
      error: `HTTP ${status} redirect to ${target} not followed: ${why}; set the endpoint to the new location if it is right`,
    },
  });
  if (hop.body !== undefined || (hop.method !== 'GET' && hop.method !== 'HEAD')) {
    return notFollowed(`a ${hop.method} with its body is not re-sent elsewhere`);
  }
  const from = new URL(hop.url);
  const sameHost = from.host === target.host && !(from.protocol === 'https:' && target.protocol === 'http:');
  if (!sameHost && carriesCredentials(hop, secrets)) {
    return notFollowed('the request carries credentials, which are not sent to another host');
  }
  return { next: { method: hop.method, url: target.toString(), headers: { ...hop.headers } } };
}

function carriesCredentials(hop: Hop, secrets: readonly string[]): boolean {
  if (maskSecrets(hop.url, secrets) !== hop.url) return true;
  return Object.entries(hop.headers).some(
    ([name, value]) => CREDENTIAL_HEADERS.has(name.toLowerCase()) || maskSecrets(value, secrets) !== value,
  );
}

/** What a `sending` row left by a stopped process becomes, and why. */
export const INTERRUPTED_ERROR =
  'the process stopped while this request was in flight; the other side may have received it';

/**
 * Rows of this job still `sending` belong to an attempt whose process stopped (or lost its lease)
 * before it recorded an outcome: they become `interrupted`. The number of rows changed.
 */
export async function settleInterruptedRequests(ctx: OutboundContext, jobId: string): Promise<number> {
  const interrupted = await markInterruptedRequests(ctx.db, jobId, INTERRUPTED_ERROR);
  if (interrupted > 0) {
    ctx.logger.warn(
      { job_id: jobId, requests: interrupted },
      'an earlier attempt was in flight when its process stopped',
    );
  }
  return interrupted;
}

/**
 * Write the hop as `sending` before it is sent. A failure here throws: nothing has left yet, and a
 * request that could not be recorded must not be sent (the job retries it).
 */
async function logSending(ctx: OutboundContext, input: SendRequestInput, hop: Hop, index: number) {
  const secrets = input.secrets ?? [];
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  // Shares its statement and commit with the other requests starting in this event-loop turn.
  await insertSendingRow(ctx.db, {
    id,
    job_id: input.jobId ?? null,
    kind: input.kind,
    subject_id: input.subjectId ?? null,
    hop: index,
    method: hop.method,
    url: maskSecrets(hop.url, secrets),
    request_headers: JSON.stringify(maskHeaders(hop.headers, secrets)),
    request_body:
      hop.body === undefined ? null : excerpt(maskSecrets(hop.body, secrets), LOGGED_REQUEST_LIMIT),
    outcome: 'sending',
    response_status: null,
    response_headers: null,
    response_body: null,
    error: null,
    duration_ms: 0,
    created_at: now.toISOString(),
  });
  return id;
}

async function logOutcome(
  ctx: OutboundContext,
  input: SendRequestInput,
  id: string,
  result: HopResult,
  durationMs: number,
  /** Why a redirect answer was not followed, when it was not. */
  note: string | undefined,
  /** What the whole exchange came to, when this hop is its last: input.recordOutcome is written too. */
  final: SendResult | undefined,
) {
  const secrets = input.secrets ?? [];
  const response = result.outcome === 'response' ? result : undefined;
  const changes = {
    outcome: result.outcome,
    response_status: response ? response.status : null,
    response_headers: response ? JSON.stringify(maskHeaders(response.headers, secrets)) : null,
    response_body: response ? excerpt(maskSecrets(response.body, secrets), LOGGED_RESPONSE_LIMIT) : null,
    error: maskSecrets(result.outcome === 'response' ? (note ?? '') : result.error, secrets) || null,
    duration_ms: Math.round(durationMs),
  };
  const record = final ? input.recordOutcome : undefined;
  if (record && final) {
    try {
      // Shares its transaction with the other requests ending in this event-loop turn.
      await recordFinalOutcome(ctx.db, { id, changes, record: (db) => record(db, final) });
      return;
    } catch {
      // Tried apart below, as if they had never been together: the same outcome, the same errors.
    }
  }
  try {
    await recordOutboundOutcome(ctx.db, id, changes);
  } catch (error) {
    // The request went out whatever happens here; failing the send would make a job repeat it.
    ctx.logger.error({ err: error, kind: input.kind }, 'could not log an outbound request');
  }
  if (record && final) await record(ctx.db, final);
}

function excerpt(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
