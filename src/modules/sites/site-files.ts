import { posix } from 'node:path';
import { ValidationError } from '../../lib/errors.js';
import { CONTENT_TYPES, MAX_FILE_BYTES } from './site-limits.js';

export { MAX_FILE_BYTES, MAX_FILES, MAX_SITE_BYTES } from './site-limits.js';

function hasControlOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

/**
 * A safe relative path inside the site: no `..`, no absolute or drive paths, no backslashes or
 * control characters, an allowed extension. Returns the normalised path and its content type.
 */
export function checkSitePath(raw: string): { path: string; contentType: string } {
  if (
    raw === '' ||
    raw.length > 200 ||
    hasControlOrBackslash(raw) ||
    raw.startsWith('/') ||
    /^[a-z]:/i.test(raw)
  ) {
    throw new ValidationError(`path "${raw}" is not a relative file path`, 'path', 'site_path_invalid');
  }
  if (raw.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new ValidationError(`path "${raw}" may not contain . or .. segments`, 'path', 'site_path_invalid');
  }
  const path = posix.normalize(raw);
  const contentType = CONTENT_TYPES[posix.extname(path).toLowerCase()];
  if (!contentType) {
    throw new ValidationError(
      `path "${raw}": only static files are hosted (${Object.keys(CONTENT_TYPES).join(' ')})`,
      'path',
      'site_file_type',
    );
  }
  return { path, contentType };
}

/** Reject content that a server might run: PHP and other server tags in any text file. */
export function checkSiteContent(path: string, bytes: Buffer): void {
  if (bytes.length > MAX_FILE_BYTES)
    throw new ValidationError(`${path} is over ${MAX_FILE_BYTES} bytes`, 'files', 'site_file_too_large');
  if (/\.(html?|css|js|json|txt|svg)$/i.test(path)) {
    const text = bytes.toString('utf8');
    if (/<\?(php|=)|<%[^>]*%>|<!--#(exec|include)/i.test(text)) {
      throw new ValidationError(
        `${path} contains server-side code (PHP, ASP or SSI), which is never run here`,
        'files',
        'site_server_code',
      );
    }
  }
}

/** Click values are escaped for HTML: they land in attributes and text of the operator's page. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
