import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyContextConfig } from 'fastify';
import type { AppContext } from '../context.js';
import { clientIp } from '../lib/ip.js';

/**
 * Route config for the public intake endpoints a browser calls (`POST /api/lead`, `/pixel.gif`):
 * INTAKE_RATE_LIMIT requests a minute per visitor address, each route counted apart, so a script
 * hammering one landing form cannot fill the leads table or the postback log. 0 turns it off.
 * Counted once for every process (src/http/rate-limit-store.ts: the database, or Redis).
 */
export function intakeRateLimit(ctx: AppContext): FastifyContextConfig & { rateLimit?: RateLimitOptions } {
  const max = ctx.config.intakeRateLimit;
  if (max === 0) return {};
  return {
    rateLimit: {
      max,
      timeWindow: '1 minute',
      keyGenerator: (request) => clientIp(request),
    },
  };
}
