import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../context.js';
import { clientAddress } from '../lib/client-address.js';
import { answerTracking, type TrackingAnswer, trackingRoute } from '../modules/clicks/answer-tracking.js';
import { RETRY_AFTER_SECONDS, unavailableError } from './error-handler.js';

export type RequestObserver = (method: string, route: string, status: number, seconds: number) => void;

function firstValues(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) if (!(key in query)) query[key] = value;
  return query;
}

/**
 * The request headers the tracking answers read (user-agent, referer, accept-language, cookie for
 * /r, x-forwarded-for for the client address), straight from `rawHeaders`: node builds the whole
 * `request.headers` object on first use, a string and a property for every header the browser sent.
 * Duplicates are merged as node merges them (http's `_addHeaderLine`): user-agent and referer keep
 * the first value, cookie joins with "; ", accept-language and x-forwarded-for with ", ". A header
 * answerTracking starts reading must be added here (test/tracking-fast-path.test.ts compares).
 */
export function trackingHeaders(raw: readonly string[]): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    // The length first: most of a browser's headers are none of these, and need no lowercasing.
    switch (name.length) {
      case 6:
        if (name.toLowerCase() === 'cookie')
          headers.cookie = headers.cookie === undefined ? value : `${headers.cookie}; ${value}`;
        break;
      case 7:
        if (headers.referer === undefined && name.toLowerCase() === 'referer') headers.referer = value;
        break;
      case 10:
        if (headers['user-agent'] === undefined && name.toLowerCase() === 'user-agent')
          headers['user-agent'] = value;
        break;
      case 15: {
        const lower = name.toLowerCase();
        if (lower === 'accept-language' || lower === 'x-forwarded-for') {
          const before = headers[lower];
          headers[lower] = before === undefined ? value : `${before}, ${value}`;
        }
        break;
      }
    }
  }
  return headers;
}

function write(response: ServerResponse, answer: TrackingAnswer): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}

const NOT_FOUND: TrackingAnswer = {
  status: 404,
  headers: { 'content-type': 'application/json' },
  body: '{"error":"not_found"}',
};

/** Same answers as the error handler's: 503 while the database is away, else a logged 500. */
function failure(ctx: AppContext, error: unknown, url: string): TrackingAnswer {
  const unavailable = unavailableError(ctx, error);
  if (unavailable) {
    return {
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': String(RETRY_AFTER_SECONDS) },
      body: JSON.stringify({ error: unavailable.code, message: unavailable.message }),
    };
  }
  ctx.logger.error({ err: error, url }, 'tracking request failed');
  return {
    status: 500,
    headers: { 'content-type': 'application/json' },
    body: '{"error":"internal","message":"internal server error"}',
  };
}

/**
 * Wait for the answer and send it. One async function rather than a chain of then() calls: a
 * promise and a closure fewer per click. It never rejects (an unhandled rejection would end the process).
 */
async function respond(
  ctx: AppContext,
  answering: Promise<TrackingAnswer | undefined>,
  response: ServerResponse,
  url: string,
  metric: { observe: RequestObserver; route: string; started: number },
): Promise<void> {
  let answer: TrackingAnswer;
  try {
    answer = (await answering) ?? NOT_FOUND;
  } catch (error) {
    answer = failure(ctx, error, url);
  }
  try {
    write(response, answer);
    metric.observe('GET', metric.route, answer.status, (performance.now() - metric.started) / 1000);
  } catch (error) {
    ctx.logger.error({ err: error, url }, 'tracking answer failed');
  }
}

/**
 * The click redirect is the hottest path and needs none of the framework: no body, no auth, no
 * hooks. A GET to /click, /f/:code or /r is answered here, before Fastify routes it; everything
 * else goes to Fastify. Returns false when the request is not a tracking one.
 */
export function createTrackingFastPath(ctx: AppContext, observe: RequestObserver) {
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.method !== 'GET') return false;
    const url = request.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const route = trackingRoute(path);
    if (!route) return false;
    const started = performance.now();
    const headers = trackingHeaders(request.rawHeaders);
    const answering = answerTracking(ctx, {
      path,
      query: firstValues(mark === -1 ? '' : url.slice(mark + 1)),
      headers,
      ip: clientAddress(request.socket.remoteAddress, headers['x-forwarded-for'], ctx.config.trustProxy),
    });
    void respond(ctx, answering, response, url, { observe, route, started });
    return true;
  };
}
