import { asNumberOf, loadAsnDatabase } from '../../lib/asn-database.js';

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

/**
 * Reads the shared ASN database (src/lib/asn-database.ts) now rather than on the first click; the
 * same copy serves the streams' asn/isp filters, so the package's CSV is parsed once per process.
 */
export function loadHostingRanges(): void {
  loadAsnDatabase();
}

/**
 * Is this address in a hosting, datacenter, cloud or proxy network (its AS is in HOSTING_ASNS)?
 * Offline, a binary search over the ASN database. The fraud rule `datacenter_ip` and (for routing)
 * stream filters call this.
 */
export function isHostingAddress(ip: string): boolean {
  const asn = asNumberOf(ip);
  return asn !== null && HOSTING_ASNS.has(asn);
}
