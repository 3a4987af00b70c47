/** Filters in the address bar and in API calls: one shape, empty values left out. */

export type FilterValue = string | number | boolean | null | undefined;
export type Filters = Record<string, FilterValue>;

/** { offer_id: '3', country: ' in ', q: '' } → "?offer_id=3&country=in" (order kept, blanks dropped). */
export function toQueryString(filters: Filters): string {
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(filters)) {
    if (raw === undefined || raw === null || raw === false) continue;
    const value = typeof raw === 'string' ? raw.trim() : String(raw);
    if (value === '') continue;
    params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Read the named filters from the address bar; a missing one is ''. */
export function readFilters<K extends string>(
  params: URLSearchParams,
  keys: readonly K[],
): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of keys) out[key] = params.get(key)?.trim() ?? '';
  return out;
}

/** A positive page number from the address bar; anything else is page 1. */
export function readPage(params: URLSearchParams, key = 'page'): number {
  const value = params.get(key);
  if (!value || !/^\d{1,6}$/.test(value)) return 1;
  return Math.max(1, Number(value));
}
