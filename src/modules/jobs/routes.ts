import type { AppContext } from '../../context.js';
import { ErrorReply, Page, pageWindow } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { retryFailedJob } from '../../jobs/retry-job.js';
import { listOutboundRequests } from '../outbound/list-outbound-requests.js';
import { OutboundRequest, OutboundRequestListQuery } from '../outbound/schemas.js';
import { Job, JobListQuery, TextIdParam } from './schemas.js';
import { getJob, listJobs, presentJob } from './view-jobs.js';

const tags = ['jobs'];

/** The outbox as the operator sees it: queued side effects and every request they made. */
export function jobRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/admin/jobs',
    { schema: { tags, querystring: JobListQuery, response: { 200: Page(Job) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { jobs, total } = await listJobs(ctx, request.query, limit, offset);
      return { data: jobs, page, per_page: perPage, total };
    },
  );

  app.get(
    '/api/admin/jobs/:id',
    { schema: { tags, params: TextIdParam, response: { 200: Job, 404: ErrorReply } } },
    async (request) => getJob(ctx, request.params.id),
  );

  app.post(
    '/api/admin/jobs/:id/retry',
    {
      schema: {
        tags,
        summary: 'Put a failed job back in the queue with its attempts reset',
        params: TextIdParam,
        response: { 200: Job, 404: ErrorReply, 409: ErrorReply },
      },
    },
    async (request) => presentJob(await retryFailedJob(ctx, request.params.id)),
  );

  app.get(
    '/api/admin/outbound-requests',
    { schema: { tags, querystring: OutboundRequestListQuery, response: { 200: Page(OutboundRequest) } } },
    async (request) => {
      const { page, perPage, limit, offset } = pageWindow(request.query);
      const { requests, total } = await listOutboundRequests(ctx, request.query, limit, offset);
      return { data: requests, page, per_page: perPage, total };
    },
  );
}
