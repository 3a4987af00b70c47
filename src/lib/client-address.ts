import { buildIpMatcher, type IpMatcher, normaliseIp, parseIpOrCidr } from './ip.js';

/**
 * Which peers may tell us the visitor's address through X-Forwarded-For (TRUST_PROXY), with the
 * meaning Express and proxy-addr give it:
 * - `none`: X-Forwarded-For is ignored; the visitor is the socket's peer.
 * - `hops`: the nearest N peers are proxies, whatever their address.
 * - `ranges`: a peer is a proxy when its address is in one of these addresses or CIDR ranges.
 */
export type ProxyTrust =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'ranges'; ranges: string[] };

export const MAX_PROXY_HOPS = 32;

/** proxy-addr's named ranges, so a value written for Express means the same here. */
const PRESETS: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Read a TRUST_PROXY value; undefined when it is not one of the accepted forms. */
export function parseProxyTrust(value: string | undefined): ProxyTrust | undefined {
  const text = (value ?? '').trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(text)) return { kind: 'none' };
  if (['true', 'yes', 'on'].includes(text)) return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= MAX_PROXY_HOPS ? { kind: 'hops', hops } : undefined;
  }
  const ranges: string[] = [];
  for (const item of text.split(',')) {
    const name = item.trim();
    const preset = PRESETS[name];
    if (preset) {
      ranges.push(...preset.map((range) => parseIpOrCidr(range) as string));
      continue;
    }
    const range = parseIpOrCidr(name);
    if (range === undefined) return undefined;
    ranges.push(range);
  }
  return { kind: 'ranges', ranges: [...new Set(ranges)] };
}

type TrustsHop = (address: string, hop: number) => boolean;

const compiled = new WeakMap<ProxyTrust, TrustsHop>();

function trustsHop(trust: ProxyTrust): TrustsHop {
  let fn = compiled.get(trust);
  if (fn === undefined) {
    if (trust.kind === 'ranges') {
      const matches: IpMatcher = buildIpMatcher(trust.ranges);
      fn = (address) => matches(address);
    } else {
      const hops = trust.kind === 'hops' ? trust.hops : 0;
      fn = (_address, hop) => hop < hops;
    }
    compiled.set(trust, fn);
  }
  return fn;
}

/**
 * The visitor's address: the one rule for the tracking fast path and every Fastify route.
 *
 * Each proxy appends the address it received the request from on the right of X-Forwarded-For, so
 * only the right-hand entries written by proxies we trust are true; anything to their left is
 * whatever the visitor sent. Walk from the socket's peer (hop 0) leftwards while the current
 * address is a trusted proxy; the first untrusted one is the visitor (or the left-most entry when
 * every one is trusted). An entry that is not an address ends the walk at the last valid address:
 * we cannot tell who sent it, and it is never used itself. Empty entries are skipped (as
 * proxy-addr does).
 */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: ProxyTrust,
): string {
  let address = normaliseIp(remoteAddress) ?? '0.0.0.0';
  if (trust.kind === 'none' || forwardedFor === undefined) return address;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (header === '') return address;
  const trusts = trustsHop(trust);
  const entries = header.split(',');
  let hop = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = (entries[i] as string).trim();
    if (entry === '') continue;
    if (!trusts(address, hop)) return address;
    const next = normaliseIp(entry);
    if (next === undefined) return address;
    address = next;
    hop++;
  }
  return address;
}
