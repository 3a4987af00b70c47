import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValidationError } from '../../lib/errors.js';
import { ADVERTISER_FIELDS, StatusMapSchema } from '../advertisers/schemas.js';
import { assertKnownTemplateVariables } from '../advertisers/template-variables.js';
import { normaliseStatusMap, recogniseStatus } from '../conversions/recognise-status.js';
import { TrackPostbackParams } from '../postbacks/schemas.js';
import type { IntegrationTemplate } from './template.js';

const Text = (maxLength: number, options: { minLength?: number; pattern?: string } = {}) =>
  Type.String({ maxLength, ...options });

/**
 * A network integration template as a JSON file (INTEGRATION_TEMPLATES_DIR) holds it: the same
 * fields as the built-ins in ./templates. docs/connect-a-network.md "Network integration templates" explains each.
 */
export const IntegrationTemplateSchema = Type.Object(
  {
    key: Text(64, { pattern: '^[a-z0-9-]{1,64}$' }),
    name: Text(200, { minLength: 1 }),
    kind: Type.Union([Type.Literal('cpa_network'), Type.Literal('platform'), Type.Literal('tracker')]),
    website: Text(500),
    docs_url: Text(500, { minLength: 1, pattern: '^https?://[^\\s]+$' }),
    verification: Type.Union([Type.Literal('verified'), Type.Literal('partial'), Type.Literal('unverified')]),
    notes: Text(4000),
    push: Type.Object(
      {
        integration_type: ADVERTISER_FIELDS.integration_type,
        post_encoding: ADVERTISER_FIELDS.post_encoding,
        auth_location: ADVERTISER_FIELDS.auth_location,
        auth_header_name: Type.Optional(ADVERTISER_FIELDS.auth_header_name),
        auth_field_name: Type.Optional(ADVERTISER_FIELDS.auth_field_name),
        endpoint_url_hint: Text(500),
        payload_template: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown()),
        lead_id_field: Type.Optional(
          Text(100, { minLength: 1, pattern: '^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$' }),
        ),
      },
      { additionalProperties: false },
    ),
    click_param: Text(64, { pattern: '^[A-Za-z0-9_.\\[\\]-]{1,64}$' }),
    postback: Type.Record(Type.String({ pattern: '^[a-z0-9_]{1,32}$' }), Text(200, { minLength: 1 })),
    status_map: StatusMapSchema,
    inbound_profile: Type.Optional(ADVERTISER_FIELDS.inbound_profile),
    sample_values: Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Text(200)),
    sample_statuses: Type.Array(
      Type.Object(
        {
          word: Text(64, { minLength: 1 }),
          lands_as: Type.Union([
            Type.Literal('new'),
            Type.Literal('processing'),
            Type.Literal('hold'),
            Type.Literal('approved'),
            Type.Literal('cancelled'),
            Type.Literal('wrong_number'),
          ]),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
export type IntegrationTemplateFile = Static<typeof IntegrationTemplateSchema>;

const compiled = TypeCompiler.Compile(IntegrationTemplateSchema);
const POSTBACK_PARAMETERS: ReadonlySet<string> = new Set(Object.keys(TrackPostbackParams.properties));

/** What is wrong with a template, and where: `field` is a dotted path such as `push.post_encoding`. */
export class TemplateError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'TemplateError';
  }
}

function dotted(pointer: string): string {
  const parts = pointer.split('/').slice(1);
  return (
    parts
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
      .join('')
      .replace(/^\./, '') || '(file)'
  );
}

/** A choice of words reads better as its list than as TypeBox's "Expected union value". */
function describe(schema: TSchema, message: string): string {
  const choices = (schema.anyOf as { const?: unknown }[] | undefined)?.map((s) => s.const);
  if (choices && choices.length > 0 && choices.every((c) => typeof c === 'string')) {
    return `must be one of ${choices.join(', ')}`;
  }
  return message.replace(/^Expected/, 'expected');
}

/**
 * Whether a postback click macro echoes the parameter links carry our click in: `{sub1}`, `#s2#` or
 * `[ml_sub1]` for sub1/s2/ml_sub1, or a dotted macro ending in it, as Lucky.online's `{get.subid1}`
 * for subid1. A tracker names the click by its own token (Keitaro's `{external_id}`, BeMob's
 * `{externalId}`), whatever parameter our links carry it in, so a tracker's macro is not compared.
 */
export function clickMacroMatches(template: Pick<IntegrationTemplate, 'kind' | 'click_param' | 'postback'>) {
  if (template.kind === 'tracker') return true;
  // Keyed by the network's own lead id only: there is no click macro to compare.
  if (template.postback.click === undefined && template.postback.lead) return true;
  const name = (template.postback.click ?? '').replace(/^[{#[]|[}#\]]$/g, '');
  return name === template.click_param || name.endsWith(`.${template.click_param}`);
}

/**
 * Check a template read from a file, shape first (the schema) and then meaning: the postback carries
 * the status macro and the click macro (or the network's own lead id, with push.lead_id_field), the click macro is the click_param links carry, the push template uses
 * known variables, and every sample status word lands as it says. Throws TemplateError.
 */
export function checkTemplate(value: unknown): IntegrationTemplate {
  const problem = compiled.Errors(value).First();
  if (problem) throw new TemplateError(dotted(problem.path), describe(problem.schema, problem.message));
  const template: IntegrationTemplate = value as IntegrationTemplateFile;
  if (!template.postback.status) {
    throw new TemplateError('postback.status', "is required: the network's status macro");
  }
  // A postback names the lead by our click, or by the network's own lead id (TrafficManager's
  // `lead=`): that one finds only a lead whose push answer gave the id, so the push must read it.
  if (!template.postback.click && !template.postback.lead) {
    throw new TemplateError(
      'postback.click',
      "is required: the network's click macro (or postback.lead, its own lead id, with push.lead_id_field)",
    );
  }
  if (!template.postback.click && !template.push.lead_id_field) {
    throw new TemplateError(
      'push.lead_id_field',
      "is required when the postback names the lead only by the network's own id (postback.lead): the push reads that id from the answer",
    );
  }
  for (const name of Object.keys(template.postback)) {
    if (!POSTBACK_PARAMETERS.has(name)) {
      throw new TemplateError(`postback.${name}`, 'is not a parameter of /api/track/postback.json');
    }
  }
  if (!clickMacroMatches(template)) {
    throw new TemplateError(
      'postback.click',
      `must be the macro of click_param "${template.click_param}" (e.g. {${template.click_param}}), got "${template.postback.click}"`,
    );
  }
  try {
    assertKnownTemplateVariables(template.push.payload_template, 'push.payload_template');
  } catch (error) {
    if (error instanceof ValidationError) throw new TemplateError('push.payload_template', error.message);
    throw error;
  }
  const saved = normaliseStatusMap({ ...template.status_map });
  template.sample_statuses.forEach(({ word, lands_as }, i) => {
    const recognised = recogniseStatus(word, {}, saved);
    const landed = recognised?.via !== 'saved' ? undefined : recognised.newLead ? 'new' : recognised.status;
    if (landed !== lands_as) {
      throw new TemplateError(
        `sample_statuses[${i}]`,
        `"${word}" would land as ${landed ?? 'nothing (it is not in status_map)'}, not ${lands_as}`,
      );
    }
  });
  return template;
}
