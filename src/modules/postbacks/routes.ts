import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { acceptPostback, type PostbackResult } from './accept-postback.js';
import { type PostbackDialect, simpleDialect, trackDialect } from './dialects.js';
import {
  type Handled,
  type InboundEndpoint,
  readBodiesLeniently,
  serveInbound,
  trackInboundRequests,
} from './inbound.js';
import { PostbackAnswer, PostbackRefusal, SimplePostbackParams, TrackPostbackParams } from './schemas.js';

const MESSAGES: Record<PostbackResult['result'], (result: PostbackResult) => string> = {
  'no-changes': () => 'no changes were required',
  ignored: () => 'the status is in ignore_status: nothing was changed',
  ok: (result) => `changed: ${Object.keys(result.changes).join(', ')}`,
  queued: (result) =>
    `queued for an admin to accept or refuse (pending change ${result.queued?.pending_change_id}): ` +
    (result.queued?.reason === 'paid'
      ? 'the publisher was already paid for this conversion and its finality window holds such changes'
      : 'the conversion is past its finality window') +
    '; nothing was changed yet',
};

function answerOf(result: PostbackResult): Handled {
  const warned = result.warnings?.length ? ` (warnings: ${result.warnings.join('; ')})` : '';
  const message = `${MESSAGES[result.result](result)}${warned}`;
  return {
    answer: { status: 200, code: result.result, message, body: { ...result } },
    changes: result.changes,
  };
}

function endpointFor(ctx: AppContext, dialect: PostbackDialect): InboundEndpoint {
  return {
    endpoint: dialect.endpoint,
    secretParams: dialect.secretParams,
    unknownParams: (params) => dialect.unknownParams(params),
    async handle(params, trace, requestId, _request, logIn) {
      // The answer is logged in the change's transaction, so a change never commits unlogged.
      const result = await acceptPostback(ctx, dialect, params, trace, requestId, (tx, accepted) =>
        logIn(tx, answerOf(accepted)),
      );
      // An ignored status commits nothing, so its answer is logged after, like a refusal.
      return { ...answerOf(result), logged: result.result !== 'ignored' };
    },
  };
}

const answers = {
  200: PostbackAnswer,
  403: ErrorReply,
  404: ErrorReply,
  409: ErrorReply,
  422: PostbackRefusal,
  500: ErrorReply,
  503: ErrorReply,
};

/**
 * Advertiser postbacks, GET or POST, parameters in the query string or a form/JSON body. Every
 * request is answered from the one place (serveInbound) and logged, refused ones too: the schemas
 * below document the parameters; the handler checks them itself so a bad one is logged as a 422.
 */
export function postbackRoutes(app: App, ctx: AppContext) {
  const pending = trackInboundRequests(app);
  const tags = ['postbacks'];
  const simple = endpointFor(ctx, simpleDialect);
  const track = endpointFor(ctx, trackDialect);
  const OpenBody = Type.Optional(Type.Object({}, { additionalProperties: true }));
  app.register(async (scope: App) => {
    readBodiesLeniently(scope);
    for (const method of ['GET', 'POST'] as const) {
      scope.route({
        method,
        url: '/postback',
        attachValidation: true,
        schema: {
          tags,
          summary: 'Conversion postback, advertiser → network (seed 000 dialect)',
          querystring: SimplePostbackParams,
          ...(method === 'POST' ? { body: OpenBody } : {}),
          response: answers,
        },
        handler: (request, reply) => serveInbound(ctx, pending, simple, request, reply),
      });
      // Seed 000 calls the token "Recommended"; we require it (anyone holding a click id could
      // otherwise approve it). An advertiser whose system cannot add a parameter to the URL puts the
      // token in the path instead: /postback/<token>?click_id=…
      scope.route({
        method,
        url: '/postback/:token',
        attachValidation: true,
        schema: {
          tags,
          summary:
            'The seed 000 postback with the token as a path segment (for systems that cannot add a parameter)',
          params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
          querystring: SimplePostbackParams,
          ...(method === 'POST' ? { body: OpenBody } : {}),
          response: answers,
        },
        handler: (request, reply) =>
          serveInbound(ctx, pending, simple, request, reply, {
            token: (request.params as { token: string }).token,
          }),
      });
      scope.route({
        method,
        url: '/api/track/postback.json',
        attachValidation: true,
        schema: {
          tags,
          summary: 'Full postback dialect (seeds 001, 003): exto, goals, special statuses, flows, lead data',
          querystring: TrackPostbackParams,
          ...(method === 'POST' ? { body: OpenBody } : {}),
          response: answers,
        },
        handler: (request, reply) => serveInbound(ctx, pending, track, request, reply),
      });
    }
  });
}
