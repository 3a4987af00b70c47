import { performance } from 'node:perf_hooks';
import { fastifyCookie } from '@fastify/cookie';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { intakeRateLimit } from '../../http/intake-limit.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { clientIp } from '../../lib/ip.js';
import { CLICK_COOKIE } from '../clicks/answer-tracking.js';
import { RefusedError } from '../conversions/errors.js';
import { findOffer } from '../offers/queries.js';
import type { PostbackTrace } from '../postbacks/accept-postback.js';
import { type InFlight, trackInboundRequests } from '../postbacks/inbound.js';
import { collectParams } from '../postbacks/params.js';
import { type Answer, answerForError, writePostbackLog } from '../postbacks/postback-log.js';
import { PIXEL_GIF, PIXEL_SCRIPT } from './pixel-script.js';
import { explicitPixelClickId, pixelChecker, recordPixel } from './record-pixel.js';
import { OfferPixelSnippet, PixelParams } from './schemas.js';
import { pixelSnippetNotes } from './snippet-notes.js';

const NO_CACHE = 'no-store, no-cache, must-revalidate, private';

/**
 * Always the image, whatever happened: a thank-you page never shows a broken one. What happened
 * is in the postback log (endpoint `pixel`) with its answer code, and in `X-Pixel-Result`.
 */
async function servePixel(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  // A HEAD (link checkers, prefetchers) gets the image headers and records nothing.
  if (request.method === 'HEAD') return reply.header('content-type', 'image/gif').send(PIXEL_GIF);
  const startedAt = ctx.clock.now();
  const started = performance.now();
  const id = newId(startedAt.getTime());
  const { params, problems } = collectParams(request.query);
  const cookie = request.headers.cookie
    ? fastifyCookie.parse(request.headers.cookie)[CLICK_COOKIE]
    : undefined;
  const trace: PostbackTrace = {};
  let answer: Answer;
  let changes: Record<string, unknown> = {};
  try {
    if (problems.length > 0) throw new RefusedError(422, 'bad-params', problems.join('; '));
    const result = await recordPixel(ctx, params, cookie, trace, id);
    changes = result.changes;
    answer = { status: 200, code: result.code, message: result.message, body: {} };
  } catch (error) {
    answer = answerForError(ctx, error);
  }
  if (cookie && !explicitPixelClickId(params)) {
    const unfilled = params.click_id ?? params.click;
    params.click_id = unfilled ? `${cookie} (cookie; ${unfilled} left unfilled)` : `${cookie} (cookie)`;
  }
  await writePostbackLog(ctx, {
    id,
    endpoint: 'pixel',
    method: request.method,
    ip: clientIp(request),
    params,
    secretParams: [],
    unknownParams: pixelChecker.unknown(params),
    trace,
    goal: params.goal,
    status: params.status,
    answer,
    changes,
    startedAt,
    durationMs: performance.now() - started,
  });
  return reply
    .status(200)
    .header('content-type', 'image/gif')
    .header('cache-control', NO_CACHE)
    .header('x-postback-log-id', id)
    .header('x-pixel-result', answer.code)
    .send(PIXEL_GIF);
}

function track(pending: InFlight, work: Promise<unknown>) {
  pending.add(work);
  return work.finally(() => pending.delete(work));
}

/** The conversion pixel (seed 003 "tracking via pixels"): `/pixel.gif` and its loader `/pixel.js`. */
export function pixelRoutes(app: App, ctx: AppContext) {
  const pending = trackInboundRequests(app);
  const tags = ['tracking'];
  app.get(
    '/pixel.gif',
    {
      config: intakeRateLimit(ctx),
      // recordPixel checks the parameters itself, so a bad one is logged and the image still served.
      validatorCompiler: () => () => true,
      schema: {
        tags,
        summary: 'Conversion pixel: a 1×1 GIF, always 200; the outcome is in the postback log',
        querystring: PixelParams,
      },
    },
    (request, reply) => track(pending, servePixel(ctx, request, reply)),
  );
  app.get(
    '/pixel.js',
    {
      config: intakeRateLimit(ctx),
      schema: { tags, summary: 'Thank-you page script that fires /pixel.gif with the page parameters' },
    },
    (_request, reply) =>
      reply
        .header('content-type', 'application/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(PIXEL_SCRIPT),
  );
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** `GET /api/admin/offers/:id/pixel`: the tags to paste on the advertiser's thank-you page. */
export function pixelAdminRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/offers/:id/pixel',
    {
      schema: {
        tags: ['offers'],
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) }),
        response: { 200: OfferPixelSnippet, 404: ErrorReply },
      },
    },
    async (request) => {
      const offer = await findOffer(ctx.db, Number(request.params.id));
      if (!offer) throw new NotFoundError('offer');
      const base = ctx.config.publicUrl.replace(/\/$/, '');
      const sig = offer.pixel_require_sig === 1 ? '&sig=' : '';
      const gif = `${base}/pixel.gif?offer=${offer.id}&goal=&amount=&currency=${offer.currency}&order_id=&click_id={click_id}${sig}`;
      const js = `${base}/pixel.js?offer=${offer.id}&currency=${offer.currency}`;
      return {
        offer_id: String(offer.id),
        gif_url: gif,
        img: `<img src="${escapeAttribute(gif)}" width="1" height="1" alt="" style="display:none">`,
        script: `<script src="${escapeAttribute(js)}" async></script>`,
        ...pixelSnippetNotes(offer),
      };
    },
  );
}
