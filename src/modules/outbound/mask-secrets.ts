export const MASK = '***';

/** Credentials by their header name, masked whether or not the caller listed them as secrets. */
const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** The forms a secret takes on the wire: as is, URL-encoded, form-encoded and JSON-escaped. */
function secretVariants(secrets: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(new URLSearchParams({ s: secret }).toString().slice(2));
    variants.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret that contains another is masked whole.
  return [...variants].filter((v) => v !== '').sort((a, b) => b.length - a.length);
}

/**
 * The variants of the last few secret lists, by their text: every push masks a dozen values with its
 * advertiser's key, and working the variants out (URL and form encoding, a sort) each time cost
 * more than the masking itself.
 */
const variantsCache = new Map<string, readonly string[]>();
const VARIANTS_CACHE_LIMIT = 256;

function cachedVariants(secrets: readonly string[]): readonly string[] {
  if (secrets.length === 0) return [];
  const key = JSON.stringify(secrets); // unambiguous: no two lists share a key
  let variants = variantsCache.get(key);
  if (!variants) {
    variants = secretVariants(secrets);
    if (variantsCache.size >= VARIANTS_CACHE_LIMIT) variantsCache.clear();
    variantsCache.set(key, variants);
  }
  return variants;
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const variant of cachedVariants(secrets)) {
    if (masked.includes(variant)) masked = masked.split(variant).join(MASK);
  }
  return masked;
}

export function maskHeaders(
  headers: Record<string, string>,
  secrets: readonly string[],
): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    masked[name] = SENSITIVE_HEADERS.has(name.toLowerCase()) ? MASK : maskSecrets(value, secrets);
  }
  return masked;
}
