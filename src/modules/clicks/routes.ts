import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { cookiesOf } from '../../http/cookies.js';
import { ErrorReply, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { NotFoundError } from '../../lib/errors.js';
import { clientIp } from '../../lib/ip.js';
import { DAY_MS, rangeEnd, rangeStart } from '../../lib/time.js';
import { loadFlow } from './click-targets.js';
import { findClick } from './find-click.js';
import { type ClickRow, listClickRows } from './queries.js';
import { type ClickOutcome, recordClick } from './record-click.js';
import { Click, ClickListQuery, ClickQuery, FlowClickParams, OpenQuery, RefQuery } from './schemas.js';

/** Referral attribution lasts 60 days (seed 004). */
export const REF_COOKIE_DAYS = 60;
const refCookie = (offerId: number) => `lr_ref_${offerId}`;

function page(reply: FastifyReply, status: number, text: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html><meta charset="utf-8"><title>${text}</title><p>${text}</p>\n`);
}

function answer(reply: FastifyReply, outcome: ClickOutcome) {
  if (outcome.location) {
    return reply.status(302).header('location', outcome.location).header('cache-control', 'no-store').send();
  }
  if (outcome.reason === 'offer_not_found' || outcome.reason === 'publisher_not_found') {
    return page(reply, 404, 'This offer does not exist.');
  }
  return page(reply, 403, 'This offer is not available.');
}

function visitor(request: FastifyRequest) {
  return {
    ip: clientIp(request),
    userAgent: request.headers['user-agent'] ?? '',
    referer: request.headers.referer,
    query: request.query as Record<string, unknown>,
  };
}

export function clickRoutes(app: App, ctx: AppContext) {
  const tags = ['tracking'];

  app.get(
    '/click',
    { schema: { tags, summary: 'Record a click and redirect to the landing page', querystring: ClickQuery } },
    async (request, reply) => {
      const outcome = await recordClick(ctx, {
        source: 'link',
        offerId: Number(request.query.offer_id),
        publisherId: Number(request.query.pub_id),
        ...visitor(request),
      });
      return answer(reply, outcome);
    },
  );

  app.get(
    '/f/:code',
    {
      schema: {
        tags,
        summary: 'Record a click through a flow',
        params: FlowClickParams,
        querystring: OpenQuery,
      },
    },
    async (request, reply) => {
      const flow = await loadFlow(ctx, request.params.code);
      if (!flow) return page(reply, 404, 'This link does not exist.');
      const outcome = await recordClick(ctx, {
        source: 'flow',
        offerId: flow.offerId,
        publisherId: flow.publisherId,
        flow,
        ...visitor(request),
      });
      return answer(reply, outcome);
    },
  );

  app.get(
    '/r',
    {
      schema: {
        tags,
        summary: 'Referral link: 60-day cookie, first click keeps attribution',
        querystring: RefQuery,
      },
    },
    async (request, reply) => {
      const flow = await loadFlow(ctx, request.query.ref);
      if (!flow) return page(reply, 404, 'This link does not exist.');
      const cookieName = refCookie(flow.offerId);
      const previousId = cookiesOf(request)[cookieName];
      if (previousId) {
        const previous = await findClick(ctx, previousId);
        const fresh =
          previous && ctx.clock.now().getTime() - Date.parse(previous.created_at) < REF_COOKIE_DAYS * DAY_MS;
        if (previous && fresh && previous.status === 'accepted' && previous.destination) {
          return reply
            .status(302)
            .header('location', previous.destination)
            .header('cache-control', 'no-store')
            .send();
        }
      }
      const outcome = await recordClick(ctx, {
        source: 'ref',
        offerId: flow.offerId,
        publisherId: flow.publisherId,
        flow,
        forceClickId: true,
        ...visitor(request),
      });
      if (outcome.accepted) {
        reply.setCookie(cookieName, outcome.clickId, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.config.publicUrl.startsWith('https://'),
          maxAge: REF_COOKIE_DAYS * 86_400,
        });
      }
      return answer(reply, outcome);
    },
  );
}

export function presentClick(row: ClickRow): Click {
  return {
    ...row,
    offer_id: row.offer_id === null ? null : String(row.offer_id),
    publisher_id: row.publisher_id === null ? null : String(row.publisher_id),
    flow_id: row.flow_id === null ? null : String(row.flow_id),
    is_unique: row.is_unique === 1,
    params: JSON.parse(row.params),
  };
}

export function clickAdminRoutes(app: App, ctx: AppContext) {
  const tags = ['clicks'];
  app.get(
    '/api/admin/clicks',
    { schema: { tags, querystring: ClickListQuery, response: { 200: Page(Click) } } },
    async (request) => {
      const q = request.query;
      const { page: n, perPage, limit, offset } = pageWindow(q);
      const { rows, total } = await listClickRows(
        ctx.db,
        {
          offerId: q.offer_id ? Number(q.offer_id) : undefined,
          publisherId: q.publisher_id ? Number(q.publisher_id) : undefined,
          flowId: q.flow_id ? Number(q.flow_id) : undefined,
          country: q.country?.toUpperCase(),
          status: q.status,
          rejectReason: q.reject_reason,
          from: q.from ? rangeStart(q.from) : undefined,
          to: q.to ? rangeEnd(q.to) : undefined,
        },
        limit,
        offset,
      );
      return { data: rows.map(presentClick), page: n, per_page: perPage, total };
    },
  );

  app.get(
    '/api/admin/clicks/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Click, 404: ErrorReply },
      },
    },
    async (request) => {
      // A click still in the write batch is shown too: nothing accepted is invisible.
      const row = await findClick(ctx, request.params.id);
      if (!row) throw new NotFoundError('click');
      return presentClick(row as ClickRow);
    },
  );
}
