import cors from '@fastify/cors';
import type { AppContext } from '../../context.js';
import { cookiesOf } from '../../http/cookies.js';
import { intakeRateLimit } from '../../http/intake-limit.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { AppError } from '../../lib/errors.js';
import { clientIp } from '../../lib/ip.js';
import { CLICK_COOKIE } from '../clicks/answer-tracking.js';
import { createLead } from './create-lead.js';
import { LeadAccepted, LeadSubmission } from './schemas.js';
import { submissionToInput } from './submission.js';
import { visitorPageOnSend } from './visitor-answer.js';

/**
 * POST /api/lead, the landing page → network contract (seed 000 "Lead Submission API"). CORS lets a
 * landing page on any origin post to it; the CORS plugin and its preflight route live in this
 * prefix only, so no other route answers cross-origin requests.
 */
export async function leadIntakeRoutes(app: App, ctx: AppContext) {
  await app.register(
    async (scope: App) => {
      await scope.register(cors, { origin: '*', methods: ['POST'], maxAge: 86_400 });
      // A hosted order form posted without JavaScript: a page in the visitor's language, not JSON.
      scope.addHook('onSend', visitorPageOnSend);
      // A page posting JSON as text/plain skips the CORS preflight; take it as the JSON it is.
      scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(new AppError('a text/plain body must hold JSON', 400, 'bad_request'), undefined);
        }
      });
      scope.post(
        '',
        {
          config: intakeRateLimit(ctx),
          schema: {
            tags: ['tracking'],
            summary: 'Landing form → lead (JSON or form-encoded)',
            body: LeadSubmission,
            response: {
              201: LeadAccepted,
              400: ErrorReply,
              403: ErrorReply,
              404: ErrorReply,
              409: ErrorReply,
              422: ErrorReply,
              429: ErrorReply,
            },
          },
        },
        async (request, reply) => {
          const lead = await createLead(
            ctx,
            submissionToInput(request.body, {
              ip: clientIp(request),
              userAgent: request.headers['user-agent'],
              cookieClickId: cookiesOf(request)[CLICK_COOKIE],
            }),
          );
          return reply.status(201).send({ id: lead.id, status: lead.status });
        },
      );
    },
    { prefix: '/api/lead' },
  );
}
