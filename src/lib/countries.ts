import { ValidationError } from './errors.js';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
// Codes the ICU data knows but that are not ISO countries a click can come from (UK is GB).
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO', 'XA', 'XB', 'UK']);

/** True for an ISO 3166-1 alpha-2 country code ("IN", "US"). */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  try {
    return regionNames.of(code) !== code;
  } catch {
    return false;
  }
}

/** Accept "IN, pk,BD" or ["IN","PK"]; return unique upper-case codes or throw naming the field. */
export function parseGeoList(value: string | string[], field = 'geo'): string[] {
  const parts = (Array.isArray(value) ? value : value.split(','))
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
  for (const code of parts) {
    if (!isCountryCode(code))
      throw new ValidationError(
        `${field}: "${code}" is not an ISO 3166-1 country code`,
        field,
        'country_invalid',
      );
  }
  return [...new Set(parts)];
}
