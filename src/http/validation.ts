import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

function makeAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

// Bodies keep their JSON types ("10" is not a number); query strings and params arrive as text.
const bodyAjv = makeAjv(false);
const textAjv = makeAjv('array');

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (httpPart !== 'body') return textAjv.compile(schema as object);
  const validate = bodyAjv.compile(schema as object);
  // A POST without a body is judged as an empty object: fine when nothing is required,
  // otherwise the answer names the missing field instead of "body must be object".
  const check = (data: unknown) => validate(data === undefined || data === null ? {} : data);
  return Object.defineProperty(check, 'errors', { get: () => validate.errors });
};

/**
 * The handler gets what the validator judged: a route with a body schema sees `{}` for a missing
 * body or a JSON `null`, never null (POST /api/lead with the body `null` was a 500).
 */
export async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  if ((request.body === null || request.body === undefined) && request.routeOptions.schema?.body) {
    request.body = {};
  }
}

function fieldPath(dataVar: string, error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  return path ? `${dataVar}.${path}` : dataVar;
}

/** One readable sentence naming the field, e.g. `body.geo.0: must match pattern "^[A-Z]{2}$"`. */
export function describeValidationError(errors: ErrorObject[], dataVar: string): string {
  const first = errors[0];
  if (!first) return `${dataVar} is invalid`;
  const at = fieldPath(dataVar, first);
  const params = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field "${String(params.additionalProperty)}"`;
    case 'required':
      return `${at}: missing required field "${String(params.missingProperty)}"`;
    case 'enum':
      return `${at}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at}: ${first.message ?? 'is invalid'}`;
  }
}
