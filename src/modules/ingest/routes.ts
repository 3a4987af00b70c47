import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { RefusedError } from '../conversions/errors.js';
import {
  type InboundEndpoint,
  readBodiesLeniently,
  serveInbound,
  trackInboundRequests,
} from '../postbacks/inbound.js';
import { ingestConversion } from './ingest-conversion.js';
import { type ReversalKind, reversePayment } from './reverse-payment.js';
import { IngestAnswer, IngestConversionBody, IngestReversalBody } from './schemas.js';

const KEY_HEADER = 'x-offer-key';
const conversionBody = TypeCompiler.Compile(IngestConversionBody);
const reversalBody = TypeCompiler.Compile(IngestReversalBody);

function checked<T>(
  compiled: { Check(v: unknown): v is T; Errors(v: unknown): Iterable<{ path: string; message: string }> },
  body: unknown,
): T {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new RefusedError(422, 'bad-params', 'the body must be a JSON object', 'body');
  }
  if (compiled.Check(body)) return body;
  const first = [...compiled.Errors(body)][0];
  const field = first?.path.replace(/^\//, '') || 'body';
  throw new RefusedError(422, 'bad-params', `${field}: ${first?.message ?? 'is invalid'}`, field);
}

function offerKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers[KEY_HEADER];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const CONVERSION_FIELDS = new Set(Object.keys(IngestConversionBody.properties));
const REVERSAL_FIELDS = new Set(Object.keys(IngestReversalBody.properties));
const unknownOf = (known: Set<string>) => (params: Record<string, string>) =>
  Object.keys(params).filter((k) => !known.has(k) && k !== KEY_HEADER);

function conversionEndpoint(ctx: AppContext): InboundEndpoint {
  return {
    endpoint: 'ingest.conversion',
    secretParams: [KEY_HEADER],
    unknownParams: unknownOf(CONVERSION_FIELDS),
    async handle(_params, trace, requestId, request) {
      const input = checked(conversionBody, request.body);
      const result = await ingestConversion(ctx, offerKeyOf(request), input, trace, requestId);
      const code = result.replayed ? 'replayed' : 'ok';
      const message = result.replayed
        ? 'payment already recorded; the first answer is repeated'
        : 'payment recorded';
      return {
        answer: { status: 200, code, message, body: result.body },
        changes: result.replayed ? {} : { conversion_created: true, status: result.body.status },
        headers: result.replayed ? { 'idempotent-replayed': 'true' } : undefined,
      };
    },
  };
}

function reversalEndpoint(ctx: AppContext, kind: ReversalKind): InboundEndpoint {
  return {
    endpoint: `ingest.${kind}`,
    secretParams: [KEY_HEADER],
    unknownParams: unknownOf(REVERSAL_FIELDS),
    async handle(_params, trace, requestId, request) {
      const input = checked(reversalBody, request.body);
      const result = await reversePayment(
        ctx,
        offerKeyOf(request),
        input.external_payment_id,
        kind,
        trace,
        requestId,
      );
      const message = result.result === 'ok' ? `${kind}: ${result.status}` : 'no changes were required';
      return {
        answer: { status: 200, code: result.result, message, body: result },
        changes: result.result === 'ok' ? { status: result.status } : {},
      };
    },
  };
}

/** Seed 004: product owners report payments, refunds and chargebacks; every call is logged like a postback. */
export function ingestRoutes(app: App, ctx: AppContext) {
  const pending = trackInboundRequests(app);
  const tags = ['ingest'];
  const headers = Type.Object({
    [KEY_HEADER]: Type.Optional(Type.String({ description: "the offer's ingest_key" })),
  });
  const errors = { 403: ErrorReply, 404: ErrorReply, 422: ErrorReply, 500: ErrorReply };
  app.register(async (scope: App) => {
    readBodiesLeniently(scope);
    const conversion = conversionEndpoint(ctx);
    scope.post(
      '/api/ingest/conversion',
      {
        attachValidation: true,
        schema: {
          tags,
          summary: 'A sale, rebill, lead or trial; idempotent on external_payment_id',
          headers,
          body: IngestConversionBody,
          response: { 200: IngestAnswer, ...errors },
        },
      },
      (request, reply) => serveInbound(ctx, pending, conversion, request, reply, keyParam(request)),
    );
    for (const kind of ['refund', 'chargeback'] as const) {
      const endpoint = reversalEndpoint(ctx, kind);
      scope.post(
        `/api/ingest/${kind}`,
        {
          attachValidation: true,
          schema: {
            tags,
            summary: `Reverse a payment's commission (${kind})`,
            headers,
            body: IngestReversalBody,
            response: {
              200: Type.Object({ result: Type.String() }, { additionalProperties: true }),
              ...errors,
            },
          },
        },
        (request, reply) => serveInbound(ctx, pending, endpoint, request, reply, keyParam(request)),
      );
    }
  });
}

function keyParam(request: FastifyRequest): Record<string, string> {
  const key = offerKeyOf(request);
  return key ? { [KEY_HEADER]: key } : {};
}
