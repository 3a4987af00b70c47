import { ValidationError } from './errors.js';

/** An absolute http(s) URL; `{macros}` are allowed inside it. */
export function assertHttpUrl(value: string, field: string): string {
  const text = value.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ValidationError(`${field} must be an absolute http(s) URL`, field, 'url_invalid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError(`${field} must be an absolute http(s) URL`, field, 'url_invalid');
  }
  if (/[\r\n]/.test(text))
    throw new ValidationError(`${field} must not contain line breaks`, field, 'url_line_break');
  return text;
}

/**
 * Refuses a URL template with a `{macro}` before its path (in the user info, host or port):
 * `https://land.example.com{sub1}` or `https://{sub1}.example.com` let whoever fills the macro (a
 * visitor, through a click URL) choose the host the visitor is sent to, or a lead is pushed to.
 */
export function assertMacroFreeHost(url: string, field: string): string {
  const authority = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#\\]/)[0] ?? '';
  if (/[{}]/.test(authority)) {
    throw new ValidationError(
      `${field} has a {macro} in its host part (${authority}), which would let a visitor choose the host; put macros in the path or query only`,
      field,
      'macro_in_host',
    );
  }
  return url;
}
