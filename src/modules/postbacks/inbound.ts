import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { RETRY_AFTER_SECONDS } from '../../http/error-handler.js';
import type { App } from '../../http/types.js';
import { newId } from '../../lib/ids.js';
import { clientIp } from '../../lib/ip.js';
import { RefusedError } from '../conversions/errors.js';
import type { PostbackTrace } from './accept-postback.js';
import { collectParams, type RawParams } from './params.js';
import {
  type Answer,
  answerForError,
  insertPostbackLog,
  type LogInput,
  writePostbackLog,
} from './postback-log.js';

/** What a handled request hands back to be answered and logged. */
export interface Handled {
  answer: Answer;
  changes: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The endpoint wrote the log row itself, through `logIn`, in the transaction of its change. */
  logged?: boolean;
}

/** Writes the request's log row, with this answer, inside the caller's transaction. */
export type LogIn = (tx: Tx, handled: Handled) => Promise<void>;

/** One inbound endpoint (a postback dialect, an ingest call) as the log sees it. */
export interface InboundEndpoint {
  endpoint: string;
  /** Parameters stored with a short prefix only (tokens, keys). */
  secretParams: readonly string[];
  unknownParams(params: RawParams): string[];
  /**
   * Work out the answer. An endpoint whose change commits in a transaction may call `logIn` inside
   * it with the answer, and return that answer with `logged: true`; any other answer (a refusal, an
   * error, an endpoint that does not use it) is logged after, outside.
   */
  handle(
    params: RawParams,
    trace: PostbackTrace,
    requestId: string,
    request: FastifyRequest,
    logIn: LogIn,
  ): Promise<Handled>;
}

/** A body the endpoint could not read: refused by the handler as 422 bad-params, so it is logged. */
export class UnreadableBody {
  constructor(readonly reason: string) {}
}

/**
 * Inside an inbound endpoint's scope, a malformed JSON body or an unknown content type reaches the
 * handler (and the log) instead of being answered by Fastify before it.
 */
export function readBodiesLeniently(scope: App): void {
  scope.removeContentTypeParser(['application/json', 'text/plain']);
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, new UnreadableBody('body: not valid JSON'));
    }
  });
  scope.addContentTypeParser('*', { parseAs: 'string' }, (request, _body, done) => {
    done(
      null,
      new UnreadableBody(`body: content type ${request.headers['content-type']} is not JSON or a form`),
    );
  });
}

/** Work in flight, awaited when the app closes. */
export type InFlight = Set<Promise<unknown>>;

/**
 * Requests still being worked on when the app closes. A client that hung up leaves no connection for
 * the server's close to wait on, yet its change may be committing: the log row and the database must
 * not be cut off under it, so closing waits for these first. Call while building the app.
 */
export function trackInboundRequests(app: App): InFlight {
  const pending: InFlight = new Set();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...pending]);
  });
  return pending;
}

/**
 * Collect the parameters (query and body), run the endpoint, answer, and log the request with its
 * answer whatever happened: refused with a reason, changed something, or failed on the server.
 */
export function serveInbound(
  ctx: AppContext,
  pending: InFlight,
  endpoint: InboundEndpoint,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: RawParams = {},
) {
  const work = handleAndLog(ctx, endpoint, request, reply, extra);
  pending.add(work);
  return work.finally(() => pending.delete(work));
}

async function handleAndLog(
  ctx: AppContext,
  endpoint: InboundEndpoint,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: RawParams = {},
) {
  const startedAt = ctx.clock.now();
  const started = performance.now();
  const id = newId(startedAt.getTime());
  const unreadable = request.body instanceof UnreadableBody ? request.body : undefined;
  const { params, problems } = collectParams(request.query, unreadable ? undefined : request.body);
  if (unreadable) problems.unshift(unreadable.reason);
  Object.assign(params, extra);
  const trace: PostbackTrace = {};
  // Duration is up to the log write: for a change logged in its transaction, before the commit.
  const entry = (done: Handled): LogInput => ({
    id,
    endpoint: endpoint.endpoint,
    method: request.method,
    ip: clientIp(request),
    params,
    secretParams: endpoint.secretParams,
    unknownParams: endpoint.unknownParams(params),
    trace,
    goal: params.goal ?? params.event,
    status: trace.statusWord ?? params.status,
    answer: done.answer,
    changes: done.changes,
    startedAt,
    durationMs: performance.now() - started,
  });
  let handled: Handled;
  try {
    if (problems.length > 0) throw new RefusedError(422, 'bad-params', problems.join('; '));
    handled = await endpoint.handle(params, trace, id, request, (tx, done) =>
      insertPostbackLog(tx, entry(done)),
    );
  } catch (error) {
    // A transaction that failed took its log row with it: this answer is logged below instead.
    const answer = answerForError(ctx, error);
    const headers = answer.status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : undefined;
    handled = { answer, changes: {}, headers };
  }
  if (!handled.logged) await writePostbackLog(ctx, entry(handled));
  reply.header('x-postback-log-id', id);
  for (const [name, value] of Object.entries(handled.headers ?? {})) reply.header(name, value);
  return reply.status(handled.answer.status).send(handled.answer.body);
}
