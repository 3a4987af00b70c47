import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP → autonomous system (number and organisation) from @ip-location-db/asn (RouteViews and
 * DB-IP's IP to ASN Lite, CC BY 4.0: https://routeviews.org, https://db-ip.com). Its IPv4 and
 * IPv6 files (rows `start,end,asn,"organisation"`, sorted by start, non-overlapping) are read ONCE
 * per process, at start (main.ts) or on first lookup, and every range is kept compactly: typed
 * arrays of starts and ends, a Uint32Array of AS numbers, and an index into a deduplicated table
 * of organisation names. A lookup is a binary search (no allocation for IPv4). Both the streams'
 * asn/isp filters (streams/asn.ts) and the hosting check (fraud/hosting.ts) read this one copy.
 * Measured figures: docs/streams.md ("ASN and ISP filters").
 */
export interface AsnRecord {
  number: number;
  organisation: string;
}

interface Database {
  v4Starts: Uint32Array;
  v4Ends: Uint32Array;
  v4Asns: Uint32Array;
  v4Orgs: Uint32Array;
  /** IPv6 bounds as high and low 64-bit halves. */
  v6StartHi: BigUint64Array;
  v6StartLo: BigUint64Array;
  v6EndHi: BigUint64Array;
  v6EndLo: BigUint64Array;
  v6Asns: Uint32Array;
  v6Orgs: Uint32Array;
  organisations: string[];
}

let database: Database | undefined;

function packageFile(name: string): string {
  return createRequire(import.meta.url).resolve(`@ip-location-db/asn/${name}`);
}

/** Calls `row` for each well-formed line; the organisation is unquoted ("" → "). */
function eachRow(
  file: string,
  row: (start: string, end: string, asn: number, organisation: string) => void,
): void {
  // Latin-1 keeps the 20 MB text one byte per character; organisation names are decoded as UTF-8 below.
  const text = readFileSync(packageFile(file), 'latin1');
  let at = 0;
  while (at < text.length) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = text.length;
    const c1 = text.indexOf(',', at);
    const c2 = text.indexOf(',', c1 + 1);
    const c3 = text.indexOf(',', c2 + 1);
    if (c1 > at && c2 > c1 && c3 > c2 && c3 < lineEnd) {
      let end = lineEnd;
      if (text.charCodeAt(end - 1) === 13) end -= 1;
      let organisation = text.slice(c3 + 1, end);
      if (organisation.startsWith('"') && organisation.endsWith('"') && organisation.length >= 2)
        organisation = organisation.slice(1, -1).replaceAll('""', '"');
      row(text.slice(at, c1), text.slice(c1 + 1, c2), Number(text.slice(c2 + 1, c3)), organisation);
    }
    at = lineEnd + 1;
  }
}

const LOW_64 = (1n << 64n) - 1n;

/** Reads both files (once per process); later calls return the same copy. */
export function loadAsnDatabase(): void {
  if (database) return;
  const organisations: string[] = [];
  const orgIndex = new Map<string, number>();
  const orgOf = (name: string): number => {
    let index = orgIndex.get(name);
    if (index === undefined) {
      index = organisations.length;
      // Decoded as UTF-8 into a fresh string: a V8 slice would keep the whole file's text alive.
      organisations.push(Buffer.from(name, 'latin1').toString('utf8'));
      orgIndex.set(name, index);
    }
    return index;
  };

  let v4Starts = new Uint32Array(1 << 19);
  let v4Ends = new Uint32Array(1 << 19);
  let v4Asns = new Uint32Array(1 << 19);
  let v4Orgs = new Uint32Array(1 << 19);
  let n4 = 0;
  eachRow('asn-ipv4-num.csv', (start, end, asn, organisation) => {
    if (n4 === v4Starts.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      v4Starts = grow(v4Starts);
      v4Ends = grow(v4Ends);
      v4Asns = grow(v4Asns);
      v4Orgs = grow(v4Orgs);
    }
    v4Starts[n4] = Number(start);
    v4Ends[n4] = Number(end);
    v4Asns[n4] = asn;
    v4Orgs[n4] = orgOf(organisation);
    n4 += 1;
  });

  const v6: { start: bigint; end: bigint; asn: number; org: number }[] = [];
  eachRow('asn-ipv6-num.csv', (start, end, asn, organisation) => {
    v6.push({ start: BigInt(start), end: BigInt(end), asn, org: orgOf(organisation) });
  });
  const n6 = v6.length;
  const db: Database = {
    v4Starts: v4Starts.slice(0, n4),
    v4Ends: v4Ends.slice(0, n4),
    v4Asns: v4Asns.slice(0, n4),
    v4Orgs: v4Orgs.slice(0, n4),
    v6StartHi: new BigUint64Array(n6),
    v6StartLo: new BigUint64Array(n6),
    v6EndHi: new BigUint64Array(n6),
    v6EndLo: new BigUint64Array(n6),
    v6Asns: new Uint32Array(n6),
    v6Orgs: new Uint32Array(n6),
    organisations,
  };
  v6.forEach((r, i) => {
    db.v6StartHi[i] = r.start >> 64n;
    db.v6StartLo[i] = r.start & LOW_64;
    db.v6EndHi[i] = r.end >> 64n;
    db.v6EndLo[i] = r.end & LOW_64;
    db.v6Asns[i] = r.asn;
    db.v6Orgs[i] = r.org;
  });
  database = db;
}

function v4Number(ip: string): number {
  const parts = ip.split('.');
  return ((Number(parts[0]) * 256 + Number(parts[1])) * 256 + Number(parts[2])) * 256 + Number(parts[3]);
}

function v6Number(ip: string): bigint {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  // An embedded IPv4 tail (::ffff:1.2.3.4) as two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const n = v4Number(dotted);
    text = `${text.slice(0, -dotted.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(Number.parseInt(g || '0', 16)), 0n);
}

function findV4(db: Database, value: number): number {
  let lo = 0;
  let hi = db.v4Starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((db.v4Starts[mid] as number) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found !== -1 && value <= (db.v4Ends[found] as number) ? found : -1;
}

function findV6(db: Database, value: bigint): number {
  const vh = value >> 64n;
  const vl = value & LOW_64;
  let lo = 0;
  let hi = db.v6StartHi.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const sh = db.v6StartHi[mid] as bigint;
    if (sh < vh || (sh === vh && (db.v6StartLo[mid] as bigint) <= vl)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === -1) return -1;
  const eh = db.v6EndHi[found] as bigint;
  return vh < eh || (vh === eh && vl <= (db.v6EndLo[found] as bigint)) ? found : -1;
}

function loaded(): Database {
  if (!database) loadAsnDatabase();
  return database as Database;
}

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/**
 * The range an address falls in: [is IPv6, index] or null. The last answer is kept: a click asks
 * twice for the same address (the datacenter check, then the streams' asn/isp facts).
 */
let lastIp: string | undefined;
let lastRange: readonly [boolean, number] | null = null;

function rangeOf(ip: string): readonly [boolean, number] | null {
  if (ip === lastIp) return lastRange;
  const range = findRange(ip);
  lastIp = ip;
  lastRange = range;
  return range;
}

function findRange(ip: string): readonly [boolean, number] | null {
  const db = loaded();
  if (isIPv4(ip)) {
    const i = findV4(db, v4Number(ip));
    return i === -1 ? null : [false, i];
  }
  if (isIPv6(ip)) {
    const mapped = MAPPED_V4.exec(ip)?.[1];
    if (mapped) return findRange(mapped);
    const i = findV6(db, v6Number(ip));
    return i === -1 ? null : [true, i];
  }
  return null;
}

/** The AS number of an address, or null (private, unannounced, or not an address). */
export function asNumberOf(ip: string): number | null {
  const range = rangeOf(ip);
  if (!range) return null;
  const db = loaded();
  return (range[0] ? db.v6Asns : db.v4Asns)[range[1]] as number;
}

/** The AS number and organisation of an address, or null. */
export function asnRecordOf(ip: string): AsnRecord | null {
  const range = rangeOf(ip);
  if (!range) return null;
  const db = loaded();
  const [v6, i] = range;
  return {
    number: (v6 ? db.v6Asns : db.v4Asns)[i] as number,
    organisation: db.organisations[(v6 ? db.v6Orgs : db.v4Orgs)[i] as number] ?? '',
  };
}

/** Sizes, for the measurement in docs/streams.md. */
export function asnDatabaseSize(): { v4Ranges: number; v6Ranges: number; organisations: number } {
  const db = loaded();
  return {
    v4Ranges: db.v4Starts.length,
    v6Ranges: db.v6StartHi.length,
    organisations: db.organisations.length,
  };
}
