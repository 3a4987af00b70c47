import { BlockList, isIP } from 'node:net';
import { parseIpOrCidr } from '../../lib/ip.js';

/**
 * IPv4 and IPv6 addresses and CIDR ranges, matched by Node's BlockList (a native range set): one
 * lookup per click however many ranges. An IPv4-mapped IPv6 address was made plain IPv4 at the edge
 * (normaliseIp), so `10.0.0.0/8` matches `::ffff:10.1.2.3` too.
 */
export function compileIpRanges(values: readonly string[], field: string): (ip: string) => boolean {
  const list = new BlockList();
  for (const value of values) {
    const canonical = parseIpOrCidr(value);
    if (!canonical) throw new RangeError(`${field}: "${value}" is not an IP address or CIDR range`);
    const [address, bits] = canonical.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return (ip) => {
    const family = isIP(ip);
    if (family === 0) return false;
    return list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };
}
