// proxy-addr is what Express and Fastify resolve X-Forwarded-For with (a dependency of Fastify):
// the reference the rule below must agree with wherever every entry is an address.
import proxyAddr from '@fastify/proxy-addr';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientAddress, type ProxyTrust, parseProxyTrust } from './client-address.js';
import { normaliseIp } from './ip.js';

const trust = (value: string) => parseProxyTrust(value) as ProxyTrust;
const ONE_HOP = trust('1');
const LB = '10.0.0.5';

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless a proxy is trusted', () => {
    expect(clientAddress('203.0.113.7', '8.8.8.8', trust(''))).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', '8.8.8.8', trust('0'))).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7', undefined, trust('false'))).toBe('203.0.113.7');
  });

  it('takes the right-most entry behind one proxy, whatever the visitor put on the left', () => {
    expect(clientAddress(LB, '20.1.1.1', ONE_HOP)).toBe('20.1.1.1');
    expect(clientAddress(LB, '8.8.8.8, 20.1.1.1', ONE_HOP)).toBe('20.1.1.1');
    expect(clientAddress(LB, '8.8.8.8,1.1.1.1,  20.1.1.1 ', ONE_HOP)).toBe('20.1.1.1');
    // Two X-Forwarded-For headers (a proxy that adds its own instead of appending).
    expect(clientAddress(LB, ['8.8.8.8', '20.1.1.1'], ONE_HOP)).toBe('20.1.1.1');
    expect(clientAddress(LB, '', ONE_HOP)).toBe(LB);
  });

  it('counts hops from the right', () => {
    const header = '6.6.6.6, 49.36.0.10, 103.21.244.5';
    expect(clientAddress(LB, header, trust('1'))).toBe('103.21.244.5');
    expect(clientAddress(LB, header, trust('2'))).toBe('49.36.0.10');
    expect(clientAddress(LB, header, trust('3'))).toBe('6.6.6.6');
    // More hops than entries: the left-most entry (as proxy-addr answers).
    expect(clientAddress(LB, header, trust('5'))).toBe('6.6.6.6');
  });

  it('walks trusted ranges from the right: the first untrusted address is the visitor', () => {
    const lbAndCloudflare = trust('10.0.0.0/8, 103.21.244.0/22, 2400:cb00::/32');
    expect(clientAddress(LB, '6.6.6.6, 49.36.0.10, 103.21.244.5', lbAndCloudflare)).toBe('49.36.0.10');
    expect(clientAddress(LB, '6.6.6.6, 2001:db8::1, 2400:cb00::9', lbAndCloudflare)).toBe('2001:db8::1');
    // A peer outside the ranges (someone reaching the app directly) is the visitor itself.
    expect(clientAddress('49.36.0.99', '6.6.6.6', lbAndCloudflare)).toBe('49.36.0.99');
    expect(clientAddress(`::ffff:${LB}`, '49.36.0.10', lbAndCloudflare)).toBe('49.36.0.10');
    // Every entry trusted: the left-most one.
    expect(clientAddress(LB, '10.9.9.9, 103.21.244.5', lbAndCloudflare)).toBe('10.9.9.9');
  });

  it('never answers with an entry that is not an address: the walk stops at the last valid one', () => {
    expect(clientAddress(LB, 'not-an-ip, <script>', ONE_HOP)).toBe(LB);
    expect(clientAddress(LB, '49.36.0.10, 1.2.3.4:8080', trust('2'))).toBe(LB);
    expect(clientAddress(LB, 'junk, 49.36.0.10, 103.21.244.5', trust('3'))).toBe('49.36.0.10');
    expect(clientAddress(LB, '49.36.0.10,,  ,20.1.1.1,', ONE_HOP)).toBe('20.1.1.1');
    expect(clientAddress(undefined, '49.36.0.10', trust('loopback'))).toBe('0.0.0.0');
  });

  it('agrees with proxy-addr (Express, Fastify) on every chain of addresses', () => {
    const pool = [
      '10.0.0.1',
      '10.200.3.4',
      '::ffff:10.0.0.7',
      '127.0.0.1',
      '::1',
      '49.36.0.10',
      '8.8.8.8',
      '103.21.244.5',
      '2400:cb00::1',
      '2001:db8::5',
      'fd00::2',
    ];
    const address = fc.oneof(fc.constantFrom(...pool), fc.ipV4(), fc.ipV6());
    const rangePool = ['10.0.0.0/8', '127.0.0.1', '103.21.244.0/22', '2400:cb00::/32', '::1', 'fc00::/7'];
    const rule = fc.oneof(
      fc.integer({ min: 0, max: 4 }).map(String),
      fc.constantFrom('true', 'loopback', 'uniquelocal', 'linklocal'),
      fc.subarray(rangePool, { minLength: 1 }).map((ranges) => ranges.join(',')),
    );
    const entries = fc.array(fc.oneof({ weight: 8, arbitrary: address }, fc.constant('')), { maxLength: 6 });
    const separator = fc.constantFrom(',', ', ', ' ,\t');
    fc.assert(
      fc.property(address, entries, separator, rule, (peer, list, sep, value) => {
        const header = list.length === 0 ? undefined : list.join(sep);
        const parsed = trust(value);
        const reference: (address: string, hop: number) => boolean =
          parsed.kind === 'ranges'
            ? proxyAddr.compile(parsed.ranges)
            : (_address, hop) => hop < (parsed.kind === 'hops' ? parsed.hops : 0);
        const request = { headers: { 'x-forwarded-for': header }, socket: { remoteAddress: peer } };
        const expected = normaliseIp(proxyAddr(request as never, reference));
        expect(clientAddress(peer, header, parsed)).toBe(expected);
      }),
      { seed: 15, numRuns: 2000 },
    );
  });
});
