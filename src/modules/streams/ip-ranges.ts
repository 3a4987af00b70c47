import ipaddr from 'ipaddr.js';
import { parseIpOrCidr } from '../../lib/ip.js';

/**
 * An address as a number: IPv4 as an unsigned 32-bit number, IPv6 as a 128-bit bigint. Parsed
 * once per click (Visitor.ipNumber) and compared against ranges compiled once per stream change.
 * (Node's BlockList does the same natively but costs microseconds per call through its wrapper.)
 */
export type IpNumber = { v4: number } | { v6: bigint } | null;

export function ipNumber(ip: string): IpNumber {
  if (!ipaddr.isValid(ip)) return null;
  const parsed = ipaddr.parse(ip);
  const bytes = parsed.toByteArray();
  if (parsed.kind() === 'ipv4')
    return {
      v4: (bytes[0] ?? 0) * 2 ** 24 + ((bytes[1] ?? 0) << 16) + ((bytes[2] ?? 0) << 8) + (bytes[3] ?? 0),
    };
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return { v6: value };
}

/** IPv4 and IPv6 addresses and CIDR ranges; an IPv4-mapped IPv6 visitor was made plain IPv4 at the edge (normaliseIp). */
export function compileIpRanges(values: readonly string[], field: string): (ip: IpNumber) => boolean {
  const v4: [number, number][] = [];
  const v6: [bigint, bigint][] = [];
  for (const value of values) {
    const canonical = parseIpOrCidr(value);
    if (!canonical) throw new RangeError(`${field}: "${value}" is not an IP address or CIDR range`);
    const [address, bitsText] = canonical.split('/') as [string, string | undefined];
    const start = ipNumber(address);
    if (!start) throw new RangeError(`${field}: "${value}" is not an IP address or CIDR range`);
    if ('v4' in start) {
      const bits = bitsText === undefined ? 32 : Number(bitsText);
      const size = 2 ** (32 - bits);
      v4.push([start.v4, start.v4 + size - 1]);
    } else {
      const bits = bitsText === undefined ? 128 : Number(bitsText);
      const size = 1n << BigInt(128 - bits);
      v6.push([start.v6, start.v6 + size - 1n]);
    }
  }
  return (ip) => {
    if (ip === null) return false;
    if ('v4' in ip) {
      for (const [from, to] of v4) if (ip.v4 >= from && ip.v4 <= to) return true;
      return false;
    }
    for (const [from, to] of v6) if (ip.v6 >= from && ip.v6 <= to) return true;
    return false;
  };
}
