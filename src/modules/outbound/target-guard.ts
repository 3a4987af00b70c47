import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, type Dispatcher } from 'undici';

export type GuardVerdict = { allowed: true } | { allowed: false; reason: string };

/** Decides whether a URL may be requested; consulted before the first request and before every redirect. */
export interface TargetGuard {
  check(url: string): Promise<GuardVerdict>;
  /**
   * Makes the connections, checking the address each one actually connects to, so a name that
   * answered public to check() and private a moment later (DNS rebinding) is still refused.
   */
  readonly dispatcher?: Dispatcher;
}

/** The code of the error a guarded connection fails with when its address is not public. */
export const PRIVATE_TARGET_CODE = 'ERR_PRIVATE_TARGET';

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
 * The check gives a clear reason up front; the dispatcher enforces the same rule at connect time,
 * on the address the socket really uses (DNS rebinding).
 */
export function createTargetGuard(options: {
  allowPrivateTargets: boolean;
  lookup?: HostLookup;
}): TargetGuard {
  const resolve = options.lookup ?? lookupAll;
  return {
    dispatcher: options.allowPrivateTargets
      ? undefined
      : new Agent({ connect: { lookup: guardedLookup(resolve) } }),
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

/**
 * A `net.connect` lookup that resolves with `resolve` and fails the connection when any answer is
 * not a public address; it answers in the single or the `all` form, as the socket asks.
 */
export function guardedLookup(resolve: HostLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const blocked = addresses.find((address) => !isPublicAddress(address));
        if (blocked || addresses.length === 0) {
          const error = Object.assign(
            new Error(
              blocked
                ? `${hostname} resolved to ${blocked} (${addressRange(blocked)}) when connecting; private targets need ALLOW_PRIVATE_TARGETS=1`
                : `${hostname} has no address`,
            ),
            { code: PRIVATE_TARGET_CODE },
          );
          callback(error, '', 0);
          return;
        }
        const family = (address: string) => (isIP(address) === 6 ? 6 : 4);
        const wanted = addresses.filter((a) => !options.family || family(a) === options.family);
        const answers = wanted.length > 0 ? wanted : addresses;
        if (options.all) {
          (callback as unknown as (e: null, all: { address: string; family: number }[]) => void)(
            null,
            answers.map((address) => ({ address, family: family(address) })),
          );
        } else callback(null, answers[0]!, family(answers[0]!));
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
