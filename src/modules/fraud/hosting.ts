import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Autonomous systems of hosting, cloud, VPS, CDN and proxy networks: traffic from them is servers,
 * scrapers, VPNs and proxies rather than people at home or on a phone network. Our own list (which
 * network runs an AS is public record); each number was checked against the organisation named
 * for it in the data below. Extend it here; a wrong entry only flags or rejects clicks.
 */
export const HOSTING_ASNS: ReadonlySet<number> = new Set([
  // Amazon (AWS)
  16509, 14618, 8987,
  // Google, Google Cloud
  15169, 396982, 19527,
  // Microsoft (Azure)
  8075, 8068,
  // Oracle Cloud, IBM Cloud, Alibaba Cloud, Tencent Cloud, Yandex Cloud
  31898, 36351, 45102, 37963, 132203, 45090, 200350,
  // VPS and dedicated hosting
  14061, 63949, 20473, 16276, 24940, 213230, 51167, 40021, 12876, 60781, 16265, 59253, 28753, 47583, 8560,
  9009, 60068, 40676, 8100, 26496, 27357, 33070, 54825, 49505, 9123, 210644, 53667, 36352, 7979, 199524,
  21859, 262287,
  // CDN and proxy networks (Cloudflare WARP, Akamai, Fastly)
  13335, 20940, 54113,
]);

interface Ranges {
  /** Sorted, non-overlapping [start, end] pairs of the hosting networks' addresses. */
  v4: Float64Array;
  v6: bigint[];
}

let ranges: Ranges | undefined;

function packageFile(name: string): string {
  return createRequire(import.meta.url).resolve(`@ip-location-db/asn/${name}`);
}

/** Rows are `start,end,asn,"organisation"`, sorted by start; only the hosting ASNs' rows are kept. */
function hostingRows(file: string, keep: (start: string, end: string) => void): void {
  const text = readFileSync(packageFile(file), 'latin1');
  let at = 0;
  while (at < text.length) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1) lineEnd = text.length;
    const c1 = text.indexOf(',', at);
    const c2 = text.indexOf(',', c1 + 1);
    const c3 = text.indexOf(',', c2 + 1);
    if (c1 > at && c2 > c1 && c3 > c2 && c3 < lineEnd) {
      const asn = Number(text.slice(c2 + 1, c3));
      if (HOSTING_ASNS.has(asn)) keep(text.slice(at, c1), text.slice(c1 + 1, c2));
    }
    at = lineEnd + 1;
  }
}

/**
 * IP → AS from @ip-location-db/asn (RouteViews and DB-IP's IP to ASN Lite, CC BY 4.0:
 * https://routeviews.org, https://db-ip.com), read once per process on first use: about 60 MB of
 * CSV scanned in well under a second, of which only the hosting networks' ranges are kept (a few
 * hundred kB). Process-local and read-only: every process holds the same copy.
 */
export function loadHostingRanges(): Ranges {
  if (ranges) return ranges;
  const v4: number[] = [];
  hostingRows('asn-ipv4-num.csv', (start, end) => {
    const s = Number(start);
    const e = Number(end);
    const last = v4.length - 1;
    if (last > 0 && (v4[last] as number) + 1 >= s) v4[last] = Math.max(v4[last] as number, e);
    else v4.push(s, e);
  });
  const v6: bigint[] = [];
  hostingRows('asn-ipv6-num.csv', (start, end) => {
    v6.push(BigInt(start), BigInt(end));
  });
  ranges = { v4: Float64Array.from(v4), v6 };
  return ranges;
}

function v4Number(ip: string): number {
  const parts = ip.split('.');
  return ((Number(parts[0]) * 256 + Number(parts[1])) * 256 + Number(parts[2])) * 256 + Number(parts[3]);
}

function v6Number(ip: string): bigint {
  let text = ip.toLowerCase();
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

function within<T extends number | bigint>(pairs: ArrayLike<T>, value: T): boolean {
  let lo = 0;
  let hi = pairs.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = pairs[mid * 2] as T;
    const end = pairs[mid * 2 + 1] as T;
    if (value < start) hi = mid - 1;
    else if (value > end) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Is this address in a hosting, datacenter, cloud or proxy network? Offline, a binary search over
 * the kept ranges. The fraud rule `datacenter_ip` and (for routing) stream filters call this.
 */
export function isHostingAddress(ip: string): boolean {
  const { v4, v6 } = loadHostingRanges();
  if (isIPv4(ip)) return within(v4, v4Number(ip));
  if (isIPv6(ip)) {
    if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) return within(v4, v4Number(ip.slice(7)));
    return within(v6, v6Number(ip));
  }
  return false;
}
