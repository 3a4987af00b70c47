import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, type Dispatcher } from 'undici';

export type GuardVerdict =
  | {
      allowed: true;
      /**
       * Makes this request's connections to the very addresses check() resolved and judged, so a
       * name that answers public to the check and private a moment later (DNS rebinding) is never
       * asked again: there is one lookup per request. Absent when there is nothing to pin (an IP
       * literal, or private targets allowed).
       */
      dispatcher?: Dispatcher;
    }
  | { allowed: false; reason: string };

/** Decides whether a URL may be requested; consulted before the first request and before every redirect. */
export interface TargetGuard {
  check(url: string): Promise<GuardVerdict>;
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
 * The name is resolved once per request: the verdict's dispatcher connects only to the addresses
 * judged here, so a second, different DNS answer (DNS rebinding) is never used.
 */
export function createTargetGuard(options: {
  allowPrivateTargets: boolean;
  lookup?: HostLookup;
}): TargetGuard {
  const resolve = options.lookup ?? lookupAll;
  const pinned = new PinnedAgents();
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
      const literal = isIP(host) !== 0;
      const addresses = literal ? [host] : await resolve(host);
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
      return literal ? { allowed: true } : { allowed: true, dispatcher: pinned.for(host, addresses) };
    },
  };
}

/** How many pinned connection pools a guard keeps; the oldest is closed when a new one is needed. */
const PINNED_AGENTS_LIMIT = 64;

/**
 * Connection pools, one per host name and set of checked addresses, each able to connect only to
 * those addresses. Keyed by the addresses too, so a pool never serves a name after its DNS answer
 * changed: the new answer is checked and gets a pool of its own, and keep-alive still works for a
 * tracker that gets many postbacks. Process-local: each process pins what it resolved itself.
 */
class PinnedAgents {
  private readonly agents = new Map<string, Agent>();

  for(host: string, addresses: readonly string[]): Dispatcher {
    const key = `${host.toLowerCase()}\n${[...addresses].sort().join(',')}`;
    let agent = this.agents.get(key);
    if (agent) {
      this.agents.delete(key); // re-inserted below: the Map's order is the least recently used first
    } else {
      const fixed = [...addresses];
      agent = new Agent({ connect: { lookup: guardedLookup(async () => fixed) } });
      if (this.agents.size >= PINNED_AGENTS_LIMIT) {
        const [oldestKey, oldest] = this.agents.entries().next().value as [string, Agent];
        this.agents.delete(oldestKey);
        void oldest.close(); // lets requests in flight finish
      }
    }
    this.agents.set(key, agent);
    return agent;
  }
}

/**
 * A `net.connect` lookup that resolves with `resolve` and fails the connection when any answer is
 * not a public address; it answers in the single or the `all` form, as the socket asks. The
 * guard's pools resolve with the addresses already checked, so this is a second line only.
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
