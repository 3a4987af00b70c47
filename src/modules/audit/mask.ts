/**
 * Secrets never reach the audit log: a value under a key that names a password, token, secret or key
 * is replaced by "***" (null and empty stay as they are, so "a key was set" stays visible).
 */
const SECRET_KEY =
  /(pass(word|wd)?|token|secret|api_?key|auth_key|pixel_key|private_key|access_key|_hash$|^key$|^hash$)/i;
export const MASK = '***';

export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20) return '…';
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && v !== null && v !== '' && v !== undefined) out[key] = MASK;
    else out[key] = maskSecrets(v, depth + 1);
  }
  return out;
}

/** Stored JSON is capped: a whole uploaded site in one entry would swamp the log. */
const MAX_JSON = 64 * 1024;

export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(maskSecrets(value));
  if (text.length <= MAX_JSON) return text;
  return JSON.stringify({ truncated: true, bytes: text.length, head: text.slice(0, 1024) });
}
