import { ValidationError } from './errors.js';

/** An absolute http(s) URL; `{macros}` are allowed inside it. */
export function assertHttpUrl(value: string, field: string): string {
  const text = value.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ValidationError(`${field} must be an absolute http(s) URL`, field);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError(`${field} must be an absolute http(s) URL`, field);
  }
  if (/[\r\n]/.test(text)) throw new ValidationError(`${field} must not contain line breaks`, field);
  return text;
}
