import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { sha256 } from '../../lib/crypto.js';
import { newToken } from '../../lib/ids.js';
import { principalOf } from '../auth/guards.js';

/**
 * A new stats token replaces the old one, which stops working at once. Only its SHA-256 is stored
 * (migration 0027 hashed the older ones): the token is shown once, in this answer, never again.
 */
export async function rotateStatsToken(ctx: AppContext, publisherId: number): Promise<string> {
  const token = newToken(24);
  await ctx.db
    .updateTable('publishers')
    .set({ stats_token: statsTokenHash(token), updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', publisherId)
    .execute();
  return token;
}

/** What the publishers table keeps of a stats token, and what an incoming token is looked up by. */
export function statsTokenHash(token: string): string {
  return sha256(token);
}

export async function revokeStatsToken(ctx: AppContext, publisherId: number): Promise<void> {
  await ctx.db
    .updateTable('publishers')
    .set({ stats_token: null, updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', publisherId)
    .execute();
}

export function statsTokenRoutes(portal: App, ctx: AppContext) {
  const tags = ['stats api'];
  portal.post(
    '/api/publisher/stats-token',
    {
      schema: {
        tags,
        summary:
          'Generate (or replace) the token for GET /api/affiliate/stats-api; the only time it is shown (it is stored hashed)',
        response: {
          200: Type.Object({
            token: Type.String(),
            stats_url: Type.String(),
            conversions_url: Type.String(),
          }),
        },
      },
    },
    async (request) => {
      const token = await rotateStatsToken(ctx, principalOf(request).id);
      return {
        token,
        stats_url: `${ctx.config.publicUrl}/api/affiliate/stats-api?token=${token}&format=csv`,
        conversions_url: `${ctx.config.publicUrl}/api/affiliate/stats-api/conversions?token=${token}&format=csv`,
      };
    },
  );
  portal.delete('/api/publisher/stats-token', { schema: { tags } }, async (request, reply) => {
    await revokeStatsToken(ctx, principalOf(request).id);
    return reply.status(204).send();
  });
}
