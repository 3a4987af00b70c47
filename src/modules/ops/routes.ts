import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { isDatabaseUnavailable } from '../../db/availability.js';
import type { App } from '../../http/types.js';
import type { Metrics } from './metrics.js';

export function opsRoutes(app: App, ctx: AppContext, metrics: Metrics) {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness and database check',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }),
          503: Type.Object({
            status: Type.Literal('error'),
            database: Type.String(),
            message: Type.String(),
          }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(ctx.db);
        return { status: 'ok' as const, database: ctx.dialect };
      } catch (error) {
        if (isDatabaseUnavailable(error)) ctx.databaseUnavailable(error, 'health check failed');
        else ctx.logger.error({ err: error }, 'health check failed');
        return reply
          .status(503)
          .send({ status: 'error' as const, database: ctx.dialect, message: 'database unreachable' });
      }
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['ops'], summary: 'Prometheus metrics', hide: false } },
    async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
}
