import type { AppContext } from '../../context.js';
import { ErrorReply, IdParam } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf } from '../auth/guards.js';
import {
  SmartLinkNetwork,
  SmartLinkUpdate,
  SmartLinkView,
  SmartReport,
  SmartReportQuery,
  SmartSimulateQuery,
  SmartSimulation,
} from './schemas.js';
import { simulateSmartLink } from './simulate-smart-link.js';
import { getSmartLink, setSmartLink, setSmartLinksOnNetwork, smartLinksOnNetwork } from './smart-link.js';
import { smartLinkReport } from './smart-report.js';

const tags = ['smart link'];

export function smartLinkAdminRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/publishers/:id/smart-link',
    { schema: { tags, params: IdParam, response: { 200: SmartLinkView, 404: ErrorReply } } },
    async (request) => getSmartLink(ctx, Number(request.params.id)),
  );
  app.put(
    '/api/admin/publishers/:id/smart-link',
    {
      schema: {
        tags,
        summary: "Switch the publisher's smart link on or off",
        params: IdParam,
        body: SmartLinkUpdate,
        response: { 200: SmartLinkView, 404: ErrorReply },
      },
    },
    async (request) => setSmartLink(ctx, Number(request.params.id), request.body.enabled),
  );
  app.get(
    '/api/admin/publishers/:id/smart-link/simulate',
    {
      schema: {
        tags,
        summary:
          "Which offers the publisher's smart link could send a visitor from this country to; records nothing",
        params: IdParam,
        querystring: SmartSimulateQuery,
        response: { 200: SmartSimulation, 404: ErrorReply },
      },
    },
    async (request) => simulateSmartLink(ctx, Number(request.params.id), request.query),
  );
  app.get(
    '/api/admin/smart-links/settings',
    { schema: { tags, response: { 200: SmartLinkNetwork } } },
    async () => ({ enabled: await smartLinksOnNetwork(ctx) }),
  );
  app.put(
    '/api/admin/smart-links/settings',
    {
      schema: {
        tags,
        summary: 'Switch smart links on or off for the whole network',
        body: SmartLinkUpdate,
        response: { 200: SmartLinkNetwork },
      },
    },
    async (request) => setSmartLinksOnNetwork(ctx, request.body.enabled),
  );
  app.get(
    '/api/admin/smart-links/report',
    {
      schema: {
        tags,
        summary: 'Which offers smart links chose: clicks per publisher and offer',
        querystring: SmartReportQuery,
        response: { 200: SmartReport },
      },
    },
    async (request) => smartLinkReport(ctx, request.query),
  );
}

/** The publisher's own smart link (the portal's link builder). */
export function smartLinkPortalRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/publisher/smart-link',
    { schema: { tags: ['publisher portal'], response: { 200: SmartLinkView } } },
    async (request) => getSmartLink(ctx, principalOf(request).id),
  );
}
