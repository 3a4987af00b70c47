import ipaddr from 'ipaddr.js';
import { parseIpOrCidr } from '../../lib/ip.js';

/**
 * An address as a number: IPv4 as an unsigned 32-bit number, IPv6 as a 128-bit bigint. Parsed
 * once per click (Visitor.ipNumber) and compared against ranges compiled once per stream change.
 * (Node's BlockList does the same natively but costs microseconds per call through its wrapper.)
 */
export type IpNumber = { v4: number } | { v6: bigint } | null;

/** A dotted quad without leading zeros (what the edge hands over), or -1: no allocation. */
function fastV4(ip: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots += 1;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (c - 48);
      digits += 1;
      if (part > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

export function ipNumber(ip: string): IpNumber {
  const v4 = fastV4(ip);
  if (v4 !== -1) return { v4 };
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
  // Sorted by start and merged: a click is one binary search, however many ranges (500 at most).
  const merged4 = merge(
    v4,
    (a, b) => a - b,
    (end) => end + 1,
  );
  const starts4 = Float64Array.from(merged4, (r) => r[0]);
  const ends4 = Float64Array.from(merged4, (r) => r[1]);
  const merged6 = merge(
    v6,
    (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    (end) => end + 1n,
  );
  return (ip) => {
    if (ip === null) return false;
    if ('v4' in ip) {
      const value = ip.v4;
      let lo = 0;
      let hi = starts4.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((starts4[mid] as number) > value) hi = mid - 1;
        else if ((ends4[mid] as number) < value) lo = mid + 1;
        else return true;
      }
      return false;
    }
    const value = ip.v6;
    let lo = 0;
    let hi = merged6.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [from, to] = merged6[mid] as [bigint, bigint];
      if (from > value) hi = mid - 1;
      else if (to < value) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/** Sort ranges by start and join overlapping or adjacent ones, so they are disjoint and ordered. */
function merge<T extends number | bigint>(
  ranges: [T, T][],
  compare: (a: T, b: T) => number,
  next: (end: T) => T,
): [T, T][] {
  const sorted = [...ranges].sort((a, b) => compare(a[0], b[0]));
  const out: [T, T][] = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && compare(from, next(last[1])) <= 0) {
      if (compare(to, last[1]) > 0) last[1] = to;
    } else out.push([from, to]);
  }
  return out;
}
