import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyRequest, LogController } from 'fastify';
import type { AppContext } from '../context.js';
import { clientAddress } from '../lib/client-address.js';
import { clientIp } from '../lib/ip.js';
import { advertiserRoutes } from '../modules/advertisers/routes.js';
import { recordAudit } from '../modules/audit/record.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { securitySettingsRoutes } from '../modules/auth/account-routes.js';
import { authorise } from '../modules/auth/authorise.js';
import { requireRole } from '../modules/auth/guards.js';
import { authRoutes } from '../modules/auth/routes.js';
import { requireTwoFactorEnrolment } from '../modules/auth/security-settings.js';
import { automationRoutes } from '../modules/automation/routes.js';
import { capAdminRoutes } from '../modules/caps/routes.js';
import { clawbackAdminRoutes } from '../modules/clawbacks/routes.js';
import { clickAdminRoutes, clickRoutes } from '../modules/clicks/routes.js';
import { conversionAdminRoutes } from '../modules/conversions/routes.js';
import { currencyRoutes } from '../modules/currency/routes.js';
import { flowRoutes } from '../modules/flows/routes.js';
import { fraudRoutes } from '../modules/fraud/routes.js';
import { localeRoutes } from '../modules/i18n/locale-routes.js';
import { ingestRoutes } from '../modules/ingest/routes.js';
import { integrationRoutes } from '../modules/integrations/routes.js';
import { invoiceRoutes } from '../modules/invoices/routes.js';
import { jobRoutes } from '../modules/jobs/routes.js';
import { leadAdminRoutes } from '../modules/leads/admin-routes.js';
import { leadIntakeRoutes } from '../modules/leads/intake-routes.js';
import { ledgerRoutes } from '../modules/ledger/routes.js';
import { marketplaceAdminRoutes } from '../modules/marketplace/routes.js';
import { offerRoutes } from '../modules/offers/routes.js';
import { createMetrics } from '../modules/ops/metrics.js';
import { opsRoutes } from '../modules/ops/routes.js';
import { payoutAdminRoutes } from '../modules/payouts/routes.js';
import { pixelAdminRoutes, pixelRoutes } from '../modules/pixel/routes.js';
import { postbackAdminRoutes } from '../modules/postbacks/admin-routes.js';
import { postbackRoutes } from '../modules/postbacks/routes.js';
import { adminPostbackRoutes } from '../modules/publisher-postbacks/routes.js';
import { publisherAdminRoutes } from '../modules/publishers/admin-routes.js';
import { publisherPortalRoutes } from '../modules/publishers/portal-routes.js';
import { reportRoutes } from '../modules/reports/routes.js';
import { retentionRoutes } from '../modules/retention/routes.js';
import { siteAdminRoutes, sitePublicRoutes } from '../modules/sites/routes.js';
import { smartLinkAdminRoutes } from '../modules/smartlink/routes.js';
import { statsApiRoutes } from '../modules/stats/stats-api-routes.js';
import { streamAdminRoutes } from '../modules/streams/routes.js';
import { uiPreferenceRoutes } from '../modules/ui-preferences/routes.js';
import { userRoutes } from '../modules/users/routes.js';
import { errorHandler } from './error-handler.js';
import { createTrackingFastPath } from './fast-path.js';
import { rejectNul } from './nul-guard.js';
import { sharedRateLimitStore } from './rate-limit-store.js';
import type { App } from './types.js';
import { describeValidationError, emptyBodyAsObject, validatorCompiler } from './validation.js';
import { webAppRoutes } from './web-app.js';

export const BODY_LIMIT = 1024 * 1024;
const CACHE_CLEARING = /^\/api\/(admin|publisher)\//;

export interface BuildOptions {
  /** The built web app (dist/web by default); tests point it elsewhere. */
  webDir?: string;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<App> {
  const handleError = errorHandler(ctx);
  // Tracking requests are answered by the fast path in front of Fastify once the metrics exist.
  let fastPath: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined;
  const app = Fastify({
    serverFactory: (handler) =>
      createServer((request, response) => {
        if (!fastPath?.(request, response)) handler(request, response);
      }),
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // Per-request access logs would dominate the click hot path; metrics and error logs cover operations.
    logController: new LogController({ disableRequestLogging: true }),
    // A URL the router cannot decode (`/f/%ff`) is answered like every other error: 400 in our shape.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
    schemaErrorFormatter: (errors, dataVar) => new Error(describeValidationError(errors, dataVar)),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Fastify's trustProxy stays off (its `request.ip` is the socket's peer): the visitor's address
  // comes from the one rule the fast path uses too, so routes, rate limits and clicks agree.
  app.decorateRequest('clientAddress', {
    getter(this: FastifyRequest) {
      return clientAddress(this.socket.remoteAddress, this.headers['x-forwarded-for'], ctx.config.trustProxy);
    },
  });
  app.addHook('preValidation', rejectNul);
  app.addHook('preValidation', emptyBodyAsObject);
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` }),
  );

  await app.register(cookie, { hook: false });
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  // Counters shared by every process (the database, or Redis with REDIS_URL): src/http/rate-limit-store.ts.
  const limits = sharedRateLimitStore(ctx);
  app.addHook('onClose', () => limits.close());
  await limits.ready;
  await app.register(rateLimit, { global: false, keyGenerator: clientIp, store: limits.store });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Leadrail API', version: '0.1.0', description: 'CPA network platform and tracker' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'lr_session' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const metrics = createMetrics(app);
  fastPath = createTrackingFastPath(ctx, metrics.observe);
  opsRoutes(app, ctx, metrics);

  authRoutes(app, ctx);
  localeRoutes(app, ctx);
  uiPreferenceRoutes(app, ctx);
  publisherPortalRoutes(app, ctx);
  clickRoutes(app, ctx);
  sitePublicRoutes(app, ctx);
  statsApiRoutes(app, ctx);
  await webAppRoutes(app, options.webDir);
  postbackRoutes(app, ctx);
  ingestRoutes(app, ctx);
  pixelRoutes(app, ctx);
  await leadIntakeRoutes(app, ctx);
  // Any change through the admin or publisher API clears this process's hot-path caches at once.
  app.addHook('onSend', async (request, reply, payload) => {
    if (
      request.method !== 'GET' &&
      request.method !== 'HEAD' &&
      reply.statusCode < 400 &&
      CACHE_CLEARING.test(request.url)
    ) {
      ctx.caches.clear();
    }
    return payload;
  });

  await app.register(async (admin) => {
    // Who you are and what your role may call come before the body is validated: a role that may not
    // call a route learns nothing from it (403 whatever it sends). An admin who must set up two-factor
    // sign-in first gets nothing else. Then the audit log's "before".
    admin.addHook('preValidation', requireRole(ctx, 'admin'));
    admin.addHook('preValidation', requireTwoFactorEnrolment(ctx));
    admin.addHook('preValidation', authorise(ctx));
    recordAudit(admin, ctx);
    auditRoutes(admin, ctx);
    advertiserRoutes(admin, ctx);
    offerRoutes(admin, ctx);
    publisherAdminRoutes(admin, ctx);
    flowRoutes(admin, ctx);
    streamAdminRoutes(admin, ctx);
    clickAdminRoutes(admin, ctx);
    fraudRoutes(admin, ctx);
    capAdminRoutes(admin, ctx);
    smartLinkAdminRoutes(admin, ctx);
    automationRoutes(admin, ctx);
    adminPostbackRoutes(admin, ctx);
    marketplaceAdminRoutes(admin, ctx);
    siteAdminRoutes(admin, ctx);
    jobRoutes(admin, ctx);
    conversionAdminRoutes(admin, ctx);
    postbackAdminRoutes(admin, ctx);
    ledgerRoutes(admin, ctx);
    invoiceRoutes(admin, ctx);
    pixelAdminRoutes(admin, ctx);
    integrationRoutes(admin, ctx);
    payoutAdminRoutes(admin, ctx);
    clawbackAdminRoutes(admin, ctx);
    reportRoutes(admin, ctx);
    currencyRoutes(admin, ctx);
    userRoutes(admin, ctx);
    securitySettingsRoutes(admin, ctx);
    retentionRoutes(admin, ctx);
    await leadAdminRoutes(admin, ctx);
  });

  return app;
}
