import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { principalOf } from '../auth/guards.js';
import {
  CapiSettings,
  CapiSettingsInput,
  deleteCapiSettings,
  findCapiSettings,
  saveCapiSettings,
} from './settings.js';

/** The publisher's own Facebook pixel (Conversions API) settings. */
export function capiRoutes(portal: App, ctx: AppContext) {
  const tags = ['publisher pixel'];
  portal.get(
    '/api/publisher/capi',
    {
      schema: {
        tags,
        summary: 'The pixel settings, or null when none are set (a 200, so the portal logs no error)',
        response: { 200: Type.Union([CapiSettings, Type.Null()]) },
      },
    },
    async (request) => findCapiSettings(ctx, principalOf(request).id),
  );
  portal.put(
    '/api/publisher/capi',
    { schema: { tags, body: CapiSettingsInput, response: { 200: CapiSettings, 422: ErrorReply } } },
    async (request) => saveCapiSettings(ctx, principalOf(request).id, request.body),
  );
  portal.delete('/api/publisher/capi', { schema: { tags } }, async (request, reply) => {
    await deleteCapiSettings(ctx, principalOf(request).id);
    return reply.status(204).send();
  });
}
