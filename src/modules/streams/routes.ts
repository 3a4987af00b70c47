import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf } from '../auth/guards.js';
import { listOfferLandings } from './queries.js';
import { flowFor, getStreams, saveStreams } from './save-streams.js';
import {
  LandingList,
  SimulateBody,
  SimulateReply,
  SplitTestQuery,
  SplitTestReply,
  StreamList,
  StreamsBody,
} from './schemas.js';
import { simulateClick } from './simulate.js';
import { splitTestResults } from './split-test.js';

const tags = ['streams'];

/**
 * The same four routes for the network (any flow) and for a publisher (their own flows only: another
 * publisher's flow is 404). `owner` says whose flows the caller may reach.
 */
function streamRoutesUnder(
  app: App,
  ctx: AppContext,
  prefix: string,
  owner: (request: never) => number | undefined,
) {
  const who = owner as (request: unknown) => number | undefined;
  app.get(
    `${prefix}/flows/:id/streams`,
    { schema: { tags, params: IdParam, response: { 200: StreamList, 404: ErrorReply } } },
    async (request) => getStreams(ctx, Number(request.params.id), who(request)),
  );
  app.put(
    `${prefix}/flows/:id/streams`,
    {
      schema: {
        tags,
        summary: "Replace the flow's ordered stream list (first match wins)",
        params: IdParam,
        body: StreamsBody,
        response: { 200: StreamList, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => saveStreams(ctx, Number(request.params.id), request.body, who(request)),
  );
  app.get(
    `${prefix}/flows/:id/split-test`,
    {
      schema: {
        tags,
        summary: "Each arm's clicks, leads, CR and EPC with 95 % intervals, and the bandit's shifts",
        params: IdParam,
        querystring: SplitTestQuery,
        response: { 200: SplitTestReply, 404: ErrorReply },
      },
    },
    async (request) => splitTestResults(ctx, Number(request.params.id), request.query, who(request)),
  );
  app.post(
    `${prefix}/flows/:id/simulate`,
    {
      // Changes nothing, so it leaves no audit entry.
      config: { readOnly: true },
      schema: {
        tags,
        summary:
          'Simulate a click: every check and stream with its result, the target and the URL; nothing recorded',
        params: IdParam,
        body: SimulateBody,
        response: { 200: SimulateReply, 404: ErrorReply, 422: ErrorReply },
      },
    },
    async (request) => simulateClick(ctx, Number(request.params.id), request.body, who(request)),
  );
}

export function streamAdminRoutes(admin: App, ctx: AppContext) {
  streamRoutesUnder(admin, ctx, '/api/admin', () => undefined);
}

export function streamPortalRoutes(portal: App, ctx: AppContext) {
  streamRoutesUnder(portal, ctx, '/api/publisher', (request) => principalOf(request).id);
  // The admin editor lists sites with GET /api/admin/sites?offer_id=; a publisher sees only the
  // active landings of their own flow's offer (names and slugs, nothing of the files).
  portal.get(
    '/api/publisher/flows/:id/landings',
    { schema: { tags, params: IdParam, response: { 200: LandingList, 404: ErrorReply } } },
    async (request) => {
      const flow = await flowFor(ctx, Number(request.params.id), principalOf(request).id);
      const rows = await listOfferLandings(ctx.db, flow.offer_id);
      return { data: rows.map((r) => ({ id: String(r.id), name: r.name, slug: r.slug })) };
    },
  );
}
