import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { isDatabaseUnavailable } from '../db/availability.js';
import { AppError, DatabaseUnavailableError } from '../lib/errors.js';

interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

/**
 * The first schema failure as a stable field and rule (the JSON-schema keyword: required, format,
 * minLength, …), so a client can say it in the reader's language instead of showing Ajv's English.
 */
function validationDetail(error: FastifyError): { field?: string; rule?: string } {
  const first = error.validation?.[0];
  if (!first) return {};
  const missing = (first.params as { missingProperty?: unknown } | undefined)?.missingProperty;
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const field = typeof missing === 'string' ? (path ? `${path}.${missing}` : missing) : path;
  return { ...(field ? { field } : {}), rule: first.keyword };
}

/** Seconds a client is told to wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * A driver error that means the database is away (unreachable, restarting, busy) becomes the
 * DatabaseUnavailableError every edge answers the same way: 503, Retry-After, JSON. It is logged
 * at most every 5 s (an outage under load would otherwise log each request); undefined for any
 * other error.
 */
export function unavailableError(ctx: AppContext, error: unknown): DatabaseUnavailableError | undefined {
  if (error instanceof DatabaseUnavailableError) return error;
  if (!isDatabaseUnavailable(error)) return undefined;
  ctx.databaseUnavailable(error, 'request answered 503');
  return new DatabaseUnavailableError();
}

/** The one place errors become HTTP answers; a 500 is only ever a real fault, and it is logged. */
export function errorHandler(ctx: AppContext) {
  return (error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const unavailable = unavailableError(ctx, error);
    if (unavailable) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return reply.status(503).send({ error: unavailable.code, message: unavailable.message });
    }
    if (error instanceof AppError) {
      const body: ErrorBody = { error: error.code, message: error.message };
      if (error.field) body.field = error.field;
      return reply.status(error.statusCode).send(body);
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      return reply
        .status(400)
        .send({ error: 'validation', message: fastifyError.message, ...validationDetail(fastifyError) });
    }
    const status = fastifyError.statusCode;
    if (status && status >= 400 && status < 500) {
      const code =
        status === 413
          ? 'too_large'
          : status === 415
            ? 'unsupported_media_type'
            : status === 429
              ? 'rate_limited'
              : 'bad_request';
      return reply.status(status).send({ error: code, message: fastifyError.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'internal', message: 'internal server error' });
  };
}
