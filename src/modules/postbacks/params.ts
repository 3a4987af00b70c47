import type { TObject } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { RefusedError } from '../conversions/errors.js';

/** Parameters as received: every value a string; `meta[xxx]` fields keep their bracketed names. */
export type RawParams = Record<string, string>;

const MAX_PARAMS = 200;

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return undefined;
}

/**
 * Postback parameters arrive in the query string, a form body or a JSON body (seed 000: GET or POST);
 * the body wins over the query. A name given twice, or a value that is not text, is a problem named
 * in the answer; a JSON null counts as absent. A JSON `meta` object becomes `meta[xxx]` fields, as the form dialect sends them.
 */
export function collectParams(...sources: unknown[]): { params: RawParams; problems: string[] } {
  const params: RawParams = {};
  const problems: string[] = [];
  for (const source of sources) {
    if (!source || typeof source !== 'object' || Array.isArray(source)) continue;
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
      if (Object.keys(params).length >= MAX_PARAMS) {
        problems.push(`more than ${MAX_PARAMS} parameters`);
        return { params, problems };
      }
      if (value === null || value === undefined) continue;
      if (Array.isArray(value)) {
        const values = value.map(scalar).filter((v): v is string => v !== undefined);
        if (values.length === 1) params[name] = values[0] as string;
        else problems.push(`${name}: given ${value.length} times; send it once`);
        continue;
      }
      if (name === 'meta' && value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
          const text = scalar(inner);
          if (text === undefined) problems.push(`meta.${key}: must be text`);
          else params[`meta[${key}]`] = text;
        }
        continue;
      }
      const text = scalar(value);
      if (text === undefined)
        problems.push(`${name}: must be text, not ${value === null ? 'null' : typeof value}`);
      else params[name] = text;
    }
  }
  return { params, problems };
}

/** Check collected parameters against a dialect's TypeBox schema; the first problem becomes a 422 bad-params. */
export function paramChecker(schema: TObject) {
  const compiled = TypeCompiler.Compile(schema);
  const known = new Set(Object.keys(schema.properties));
  return {
    known,
    check(params: RawParams): void {
      // Check first: Errors walks the schema through generators, ~2 kB per postback even when valid.
      if (compiled.Check(params)) return;
      const error = compiled.Errors(params).First();
      if (error) {
        const field = error.path.replace(/^\//, '');
        throw new RefusedError(422, 'bad-params', `${field}: ${error.message}`, field);
      }
    },
    /** Names this dialect does not know: kept in the log, never refused. */
    unknown(params: RawParams): string[] {
      return Object.keys(params).filter((name) => !known.has(name) && !name.startsWith('meta['));
    },
  };
}

/** The value of the first of these names that is present and not empty. */
export function firstOf(params: RawParams, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = params[name]?.trim();
    if (value) return value;
  }
  return undefined;
}
