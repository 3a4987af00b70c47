import { placeholdersIn } from '../../../src/lib/template.js';
import { tr } from '../i18n';

/** Checks forms run before anything is sent; the server checks again and its answer wins. */

export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function isEmail(text: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text.trim());
}

/** "in, pk bd" → ['IN','PK','BD'], with the entries that are not two-letter codes. */
export function parseGeo(text: string): { codes: string[]; invalid: string[] } {
  const entries = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim().toUpperCase())
    .filter(Boolean);
  const codes = [...new Set(entries.filter((entry) => /^[A-Z]{2}$/.test(entry)))];
  return { codes, invalid: entries.filter((entry) => !/^[A-Z]{2}$/.test(entry)) };
}

/**
 * A JSON object typed into a text box; '' means none. The error is in the reader's language: the
 * browser's own parse message is English, so only the place it names (line and column) is kept.
 */
export function parseJsonObject(text: string): { value?: Record<string, unknown>; error?: string } {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { error: tr('forms.err.jsonObject', { example: '{"aff_id": "123"}' }) };
    }
    return { value: value as Record<string, unknown> };
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    if (!at) return { error: tr('forms.err.jsonInvalid') };
    const lines = text.slice(0, Number(at[1])).split('\n');
    return {
      error: tr('forms.err.jsonInvalidAt', { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }),
    };
  }
}

/** Template placeholders like "{fone}" that the server would refuse (the server's own scan). */
export function unknownTemplateVariables(
  template: Record<string, unknown>,
  known: readonly string[],
): string[] {
  return placeholdersIn(template).filter((name) => !known.includes(name));
}

/** An IPv4/IPv6 address or CIDR range, checked loosely; the server parses it properly. */
export function looksLikeIpOrCidr(text: string): boolean {
  const value = text.trim();
  const [address = '', prefix, ...rest] = value.split('/');
  if (rest.length > 0) return false;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return octets.every((n) => n <= 255) && (prefix === undefined || Number(prefix) <= 32);
  }
  return (
    /^[0-9a-f:.]+$/i.test(address) && address.includes(':') && (prefix === undefined || Number(prefix) <= 128)
  );
}
