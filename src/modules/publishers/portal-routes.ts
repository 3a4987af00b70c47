import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { assertSameOrigin, principalOf, requireRole } from '../auth/guards.js';
import { loginPublisher } from '../auth/login.js';
import {
  answerLogin,
  clientOf,
  LOGIN_RATE_LIMIT,
  LoginBody,
  LoginReply,
  logout,
  secondFactorRoute,
} from '../auth/routes.js';
import { capiRoutes } from '../capi/routes.js';
import { capPortalRoutes } from '../caps/routes.js';
import { listFlowRows } from '../flows/queries.js';
import { createFlow, getFlow, presentFlow, updateFlow } from '../flows/save-flow.js';
import { Flow, FlowUpdate, OwnFlowCreate, PORTAL_FLOW_SORTS, PortalFlowListQuery } from '../flows/schemas.js';
import { marketplacePortalRoutes } from '../marketplace/routes.js';
import { payoutPortalRoutes } from '../payouts/routes.js';
import { publisherPostbackRoutes } from '../publisher-postbacks/routes.js';
import { groupedReportPortalRoutes } from '../reports/grouped-report-routes.js';
import { savedReportRoutes } from '../reports/saved-reports-routes.js';
import { smartLinkPortalRoutes } from '../smartlink/routes.js';
import { statsPortalRoutes } from '../stats/stats-api-routes.js';
import { statsTokenRoutes } from '../stats/stats-token.js';
import { streamPortalRoutes } from '../streams/routes.js';
import { listAvailableOffers } from './available-offers.js';
import { getPublisher, registerPublisher } from './save-publisher.js';
import { Publisher, PublisherOffer, RegisterBody, Registered } from './schemas.js';

const tags = ['publisher portal'];

/** The publisher's own API: every query is scoped to the logged-in publisher. */
export function publisherPortalRoutes(app: App, ctx: AppContext) {
  app.post(
    '/api/publisher/register',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags,
        summary:
          'Register as a publisher (pending until approved); the same answer whether or not the address already has an account',
        body: RegisterBody,
        response: { 201: Registered },
      },
    },
    async (request, reply) => reply.status(201).send(await registerPublisher(ctx, request.body)),
  );

  app.post(
    '/api/publisher/login',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: { tags, body: LoginBody, response: { 200: LoginReply, 401: ErrorReply, 403: ErrorReply } },
    },
    async (request, reply) => {
      assertSameOrigin(ctx, request);
      const outcome = await loginPublisher(ctx, request.body.email, request.body.password, clientOf(request));
      return answerLogin(ctx, reply, 'publisher', outcome);
    },
  );
  secondFactorRoute(app, ctx, 'publisher', '/api/publisher/login/2fa');

  app.post(
    '/api/publisher/logout',
    { schema: { tags, summary: 'End the publisher session (or the session of the bearer token sent)' } },
    (request, reply) => logout(ctx, request, reply, 'publisher'),
  );

  app.register(async (portal: App) => {
    // Before validation: a suspended, rejected or anonymous caller learns nothing from a 400.
    portal.addHook('preValidation', requireRole(ctx, 'publisher'));
    ownDataRoutes(portal, ctx);
    publisherPostbackRoutes(portal, ctx);
    capiRoutes(portal, ctx);
    marketplacePortalRoutes(portal, ctx);
    statsTokenRoutes(portal, ctx);
    payoutPortalRoutes(portal, ctx);
    statsPortalRoutes(portal, ctx);
    groupedReportPortalRoutes(portal, ctx);
    savedReportRoutes(portal, ctx, '/api/publisher');
    capPortalRoutes(portal, ctx);
    smartLinkPortalRoutes(portal, ctx);
    streamPortalRoutes(portal, ctx);
  });
}

function ownDataRoutes(portal: App, ctx: AppContext) {
  portal.get('/api/publisher/me', { schema: { tags, response: { 200: Publisher } } }, async (request) =>
    getPublisher(ctx, principalOf(request).id),
  );

  portal.get(
    '/api/publisher/offers',
    {
      schema: {
        tags,
        summary: 'Offers this publisher may run',
        response: { 200: Type.Object({ data: Type.Array(PublisherOffer) }) },
      },
    },
    async (request) => ({ data: await listAvailableOffers(ctx, principalOf(request).id) }),
  );

  portal.get(
    '/api/publisher/flows',
    {
      schema: {
        tags,
        querystring: PortalFlowListQuery,
        response: { 200: Page(Flow) },
      },
    },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { rows, total } = await listFlowRows(
        ctx.db,
        { publisherId: principalOf(request).id },
        { ...request.query, sortable: PORTAL_FLOW_SORTS },
        limit,
        offset,
      );
      return { data: rows.map((r) => presentFlow(ctx, r, 'publisher')), page, per_page: perPage, total };
    },
  );

  portal.post(
    '/api/publisher/flows',
    { schema: { tags, body: OwnFlowCreate, response: { 201: Flow, 422: ErrorReply } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createFlow(ctx, { ...request.body, publisher_id: String(principalOf(request).id) })),
  );

  portal.get(
    '/api/publisher/flows/:id',
    { schema: { tags, params: IdParam, response: { 200: Flow, 404: ErrorReply } } },
    async (request) => getFlow(ctx, Number(request.params.id), principalOf(request).id),
  );

  portal.patch(
    '/api/publisher/flows/:id',
    {
      schema: {
        tags,
        params: IdParam,
        body: FlowUpdate,
        response: { 200: Flow, 404: ErrorReply, 409: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => updateFlow(ctx, Number(request.params.id), request.body, principalOf(request).id),
  );
}
