import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type GuardVerdict = { allowed: true } | { allowed: false; reason: string };

/** Decides whether a URL may be requested; consulted before the first request and before every redirect. */
export interface TargetGuard {
  check(url: string): Promise<GuardVerdict>;
}

export type HostLookup = (hostname: string) => Promise<string[]>;

const NAT64_PREFIX = ipaddr.parseCIDR('64:ff9b::/96');

async function lookupAll(hostname: string): Promise<string[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => a.address);
}

/**
 * The ipaddr.js range name of an address: 'unicast' for a public one, else 'loopback', 'private',
 * 'linkLocal', 'carrierGradeNat', 'uniqueLocal', 'unspecified', 'reserved'… IPv4 carried inside
 * IPv6 (mapped, NAT64) is judged as the IPv4 address it carries.
 */
export function addressRange(address: string): string {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
    else if (v6.match(NAT64_PREFIX)) {
      const bytes = v6.toByteArray().slice(12);
      parsed = new ipaddr.IPv4(bytes);
    }
  }
  return parsed.range();
}

/** Only public unicast: private networks, loopback, link-local, CGNAT, multicast, reserved… are not. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

/**
 * Refuses targets inside our own networks, so a URL typed by a publisher or an advertiser cannot
 * reach the database, the cloud metadata service or an admin panel on the LAN (SSRF).
 * Every address the name resolves to must be public: one private answer is enough to refuse.
 * A DNS failure throws (the caller reports it as a network error, worth retrying).
 *
 * @TODO DNS rebinding: fetch resolves the name again when it connects, so a name that answers
 * public here and private a moment later slips through. Closing that needs the connection pinned
 * to the checked address (an undici Agent with a guarded `connect.lookup`).
 */
export function createTargetGuard(options: {
  allowPrivateTargets: boolean;
  lookup?: HostLookup;
}): TargetGuard {
  const resolve = options.lookup ?? lookupAll;
  return {
    async check(url) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return { allowed: false, reason: 'not a valid URL' };
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        return { allowed: false, reason: `${parsed.protocol} URLs are not allowed, only http and https` };
      }
      if (options.allowPrivateTargets) return { allowed: true };
      const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
      const addresses = isIP(host) ? [host] : await resolve(host);
      if (addresses.length === 0) return { allowed: false, reason: `${host} has no address` };
      for (const address of addresses) {
        const range = addressRange(address);
        if (range !== 'unicast') {
          return {
            allowed: false,
            reason: `${host} resolves to ${address} (${range}); private targets need ALLOW_PRIVATE_TARGETS=1`,
          };
        }
      }
      return { allowed: true };
    },
  };
}
