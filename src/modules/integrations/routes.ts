import { Type } from '@sinclair/typebox';
import type { AppContext } from '../../context.js';
import { ErrorReply } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { NotFoundError } from '../../lib/errors.js';
import { Advertiser } from '../advertisers/schemas.js';
import { applyTemplate } from './apply-template.js';
import { postbackUrlFor } from './registry.js';
import type { IntegrationTemplate } from './template.js';

export const Template = Type.Object({
  key: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  source: Type.Union([Type.Literal('built-in'), Type.Literal('custom')], {
    description: 'custom: loaded from a file in INTEGRATION_TEMPLATES_DIR',
  }),
  website: Type.String(),
  docs_url: Type.String({
    description: 'the public page the postback macros and status words were taken from',
  }),
  verification: Type.Union([Type.Literal('verified'), Type.Literal('partial'), Type.Literal('unverified')], {
    description:
      'verified: macros and status words as docs_url documents them; partial: macros documented, some status words assumed (see notes); unverified: no public page found, check in the network',
  }),
  notes: Type.String(),
  click_param: Type.String({ description: 'the parameter the network takes our click id in' }),
  push: Type.Record(Type.String(), Type.Unknown()),
  status_map: Type.Record(Type.String(), Type.String()),
  postback_url: Type.String({ description: 'with TOKEN standing for the advertiser postback token' }),
  sample_postbacks: Type.Array(
    Type.Object({ status: Type.String(), lands_as: Type.String(), url: Type.String() }),
  ),
});

function present(ctx: AppContext, template: IntegrationTemplate) {
  const url = postbackUrlFor(ctx.config.publicUrl, template);
  const statusMacro = template.postback.status as string;
  return {
    key: template.key,
    name: template.name,
    kind: template.kind,
    source: ctx.integrations.isCustom(template.key) ? ('custom' as const) : ('built-in' as const),
    website: template.website,
    docs_url: template.docs_url,
    verification: template.verification,
    notes: template.notes,
    click_param: template.click_param,
    push: template.push,
    status_map: { ...template.status_map },
    postback_url: url,
    sample_postbacks: template.sample_statuses.map((s) => ({
      status: s.word,
      lands_as: s.lands_as,
      url: url.replace(`status=${statusMacro}`, `status=${encodeURIComponent(s.word)}`),
    })),
  };
}

const KeyParam = Type.Object({ key: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) });

/** The catalogue of network integration templates and applying one to an advertiser. */
export function integrationRoutes(app: App, ctx: AppContext) {
  const tags = ['integrations'];
  app.get(
    '/api/admin/integrations',
    { schema: { tags, response: { 200: Type.Object({ data: Type.Array(Template) }) } } },
    async () => ({ data: ctx.integrations.templates.map((t) => present(ctx, t)) }),
  );
  app.get(
    '/api/admin/integrations/:key',
    { schema: { tags, params: KeyParam, response: { 200: Template, 404: ErrorReply } } },
    async (request) => {
      const template = ctx.integrations.find(request.params.key);
      if (!template) throw new NotFoundError('integration template');
      return present(ctx, template);
    },
  );
  app.post(
    '/api/admin/integrations/:key/apply',
    {
      schema: {
        tags,
        params: KeyParam,
        body: Type.Object(
          {
            advertiser_id: Type.String({ pattern: '^[0-9]{1,15}$' }),
            auto_click_id: Type.Optional(
              Type.Boolean({ description: 'Automatically add click ID to link (default true)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ advertiser: Advertiser, postback_url: Type.String() }),
          404: ErrorReply,
        },
      },
    },
    async (request) =>
      applyTemplate(
        ctx,
        request.params.key,
        Number(request.body.advertiser_id),
        request.body.auto_click_id ?? true,
      ),
  );
}
