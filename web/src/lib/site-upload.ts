import { CONTENT_TYPES, MAX_FILE_BYTES } from '../../../src/modules/sites/site-limits.js';
import { tr } from '../i18n';
import { formatNumber } from '../i18n/format';

/** Bytes as base64, in chunks (a spread of a 1 MB array would overflow the call stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

export function base64ToText(base64: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/** 1536 → "1.5 KB". */
export function formatBytes(n: number): string {
  if (n < 1024) return tr('setup.sites.bytes', { n: formatNumber(n) });
  if (n < 1024 * 1024) return tr('setup.sites.kb', { n: formatNumber(Number((n / 1024).toFixed(1))) });
  return tr('setup.sites.mb', { n: formatNumber(Number((n / 1024 / 1024).toFixed(1))) });
}

export const ALLOWED_EXTENSIONS = Object.keys(CONTENT_TYPES);

/** Why a file cannot be uploaded, in words, before it is sent; undefined when it may go. */
export function uploadProblem(path: string, size: number): string | undefined {
  const dot = path.lastIndexOf('.');
  const extension = dot === -1 ? '' : path.slice(dot).toLowerCase();
  if (!ALLOWED_EXTENSIONS.includes(extension)) {
    return `${path}: only static files are hosted (${ALLOWED_EXTENSIONS.join(' ')}); ${extension || 'a file without an extension'} is not one of them.`;
  }
  if (size > MAX_FILE_BYTES) {
    return `${path} is ${formatBytes(size)}; a file may be at most ${formatBytes(MAX_FILE_BYTES)}.`;
  }
  return undefined;
}

export function isHtml(path: string): boolean {
  return /\.html?$/i.test(path);
}

/** Put a snippet where the cursor is, or before </body> when the cursor is at the very start. */
export function insertSnippet(html: string, snippet: string, cursor: number): string {
  const at = cursor > 0 ? cursor : html.search(/<\/body>/i);
  const position = at === -1 ? html.length : at;
  return `${html.slice(0, position)}${snippet}\n${html.slice(position)}`;
}
