import type { IncomingMessage, ServerResponse } from 'node:http';
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

function write(response: ServerResponse, answer: TrackingAnswer): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
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
    answerTracking(ctx, {
      path,
      query: firstValues(mark === -1 ? '' : url.slice(mark + 1)),
      headers: request.headers,
      ip: clientAddress(
        request.socket.remoteAddress,
        request.headers['x-forwarded-for'],
        ctx.config.trustProxy,
      ),
    })
      .then(
        (answer) =>
          answer ?? {
            status: 404,
            headers: { 'content-type': 'application/json' },
            body: '{"error":"not_found"}',
          },
        (error: unknown): TrackingAnswer => {
          // Same answers as the error handler's: 503 while the database is away, else a logged 500.
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
        },
      )
      .then((answer) => {
        write(response, answer);
        observe('GET', route, answer.status, (performance.now() - started) / 1000);
      })
      // An unhandled rejection would end the process.
      .catch((error: unknown) => ctx.logger.error({ err: error, url }, 'tracking answer failed'));
    return true;
  };
}
