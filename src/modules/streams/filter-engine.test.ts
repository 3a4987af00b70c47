import { afterEach, describe, expect, it } from 'vitest';
import { setAsnLookup } from './asn.js';
import { compileStreams } from './compile.js';
import type { FilterNode } from './filter-schema.js';
import { compileFilters } from './filters.js';
import { regionCacheSize, regionOf, setRegionLookup } from './region.js';
import { parseUserAgent, Visitor, type VisitorFacts, visitorOf } from './visitor.js';

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

function visitor(facts: Partial<VisitorFacts> = {}): Visitor {
  return new Visitor({
    ip: '49.36.0.10',
    country: 'IN',
    userAgent: ANDROID,
    acceptLanguage: 'hi-IN,hi;q=0.9,en;q=0.8',
    referer: null,
    params: {},
    unique: true,
    now: new Date('2026-06-01T10:00:00Z'),
    ...facts,
  });
}

afterEach(() => {
  setAsnLookup(null);
  setRegionLookup(null);
});

describe('region filter', () => {
  it('matches a region by name or COUNTRY:name without case, and unknown for an address without one', () => {
    const mh = visitor({ region: { country: 'IN', name: 'Maharashtra' } });
    const test = (values: string[], v: Visitor) => compileFilters({ type: 'region', values }, 'f').test(v);
    expect(test(['maharashtra'], mh)).toBe(true);
    expect(test(['IN:Maharashtra'], mh)).toBe(true);
    expect(test(['US:Maharashtra'], mh)).toBe(false);
    expect(test(['Kerala'], mh)).toBe(false);
    expect(test(['unknown'], mh)).toBe(false);
    expect(test(['unknown'], visitor({ region: null }))).toBe(true);
    expect(compileFilters({ type: 'region', values: ['Kerala'] }, 'f').explain(mh)).toMatchObject({
      matched: false,
      seen: 'IN:Maharashtra (IN-MH)',
    });
  });

  it('matches an ISO 3166-2 code (IN-MH, us-ca) the same visitor its name matches', () => {
    const test = (values: string[], v: Visitor) => compileFilters({ type: 'region', values }, 'f').test(v);
    const mh = visitor({ region: { country: 'IN', name: 'Maharashtra' } });
    const ca = visitor({ country: 'US', region: { country: 'US', name: 'California' } });
    const bavaria = visitor({ country: 'DE', region: { country: 'DE', name: 'Bavaria' } });
    for (const values of [['IN-MH'], ['in-mh'], ['Maharashtra'], ['IN:Maharashtra']])
      expect(test(values, mh)).toBe(true);
    expect(test(['IN-KL'], mh)).toBe(false);
    expect(test(['US-CA'], ca)).toBe(true);
    expect(test(['US-CA'], mh)).toBe(false);
    // DB-IP's English name, ISO's local one ("Bayern"): the code comes from CLDR's English names.
    expect(test(['DE-BY'], bavaria)).toBe(true);
    expect(compileFilters({ type: 'region', values: ['IN-KL'] }, 'f').explain(mh)).toMatchObject({
      matched: false,
      seen: 'IN:Maharashtra (IN-MH)',
    });
  });

  it('leaves a region whose name maps to no code matchable by name, and unknown only for no region', () => {
    const test = (values: string[], v: Visitor) => compileFilters({ type: 'region', values }, 'f').test(v);
    const odd = visitor({ region: { country: 'IN', name: 'Andaman and Nicobar' } });
    expect(odd.region?.code).toBeNull();
    expect(test(['Andaman and Nicobar'], odd)).toBe(true);
    expect(test(['IN-AN'], odd)).toBe(false);
    expect(test(['unknown'], odd)).toBe(false);
    expect(test(['IN-MH', 'unknown'], visitor({ region: null }))).toBe(true);
    expect(test(['IN-MH'], visitor({ region: null }))).toBe(false);
  });

  it('refuses a value written like an ISO 3166-2 code that is not one', () => {
    expect(() => compileFilters({ type: 'region', values: ['Maharashtra', 'IN-ZZ'] }, 'f')).toThrow(
      /values\[1\]: "IN-ZZ" is not an ISO 3166-2 region code/,
    );
    expect(() => compileFilters({ type: 'region', values: ['XX-MH'] }, 'f')).toThrow(/ISO 3166-2/);
    expect(() => compileFilters({ type: 'region', values: ['GB-ENG', 'us-ca'] }, 'f')).not.toThrow();
  });

  it('looks an address up once while it stays in the bounded per-address cache', () => {
    let lookups = 0;
    setRegionLookup((ip) => {
      lookups += 1;
      return ip.startsWith('10.') ? null : { country: 'IN', name: 'Maharashtra' };
    });
    expect(regionOf('49.36.0.1')).toMatchObject({ code: 'IN-MH' });
    expect(regionOf('49.36.0.1')).toBe(regionOf('49.36.0.1'));
    expect(regionOf('10.0.0.1')).toBeNull();
    expect(regionOf('10.0.0.1')).toBeNull();
    expect(lookups).toBe(2);
    // Every address of one region shares one record (its code and keys worked out once).
    expect(regionOf('49.36.0.2')).toBe(regionOf('49.36.0.1'));
    for (let i = 0; i < 12_000; i++) regionOf(`49.${36 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`);
    expect(regionCacheSize()).toBeLessThanOrEqual(10_000);
    expect(regionCacheSize()).toBeGreaterThanOrEqual(5_000);
    // Least recently used go first: 49.36.0.1 was used 11,998 addresses ago and is looked up again.
    const before = lookups;
    regionOf('49.36.0.1');
    expect(lookups).toBe(before + 1);
  });

  it('refuses a value with more than one country prefix', () => {
    expect(() => compileFilters({ type: 'region', values: ['IN:MH:x'] }, 'f')).toThrow(/values/);
  });

  it('reads the region from the DB-IP city database (CC BY 4.0) for a real address', () => {
    const v = visitorOf(
      { ip: '8.8.8.8', userAgent: ANDROID, query: {} },
      { country: 'US', unique: true, now: new Date(), subs: [] },
    );
    expect(v.region).toMatchObject({ country: 'US', name: 'California', code: 'US-CA' });
    const loopback = visitorOf(
      { ip: '127.0.0.1', userAgent: ANDROID, query: {} },
      { country: null, unique: true, now: new Date(), subs: [] },
    );
    expect(loopback.region).toBeNull();
  });
});

describe('filter engine cost', () => {
  it('does not look up the ASN or the region when a cheaper filter already rules the stream out', () => {
    let asnLookups = 0;
    let regionLookups = 0;
    setAsnLookup(() => {
      asnLookups += 1;
      return { number: 55836, organisation: 'Reliance Jio' };
    });
    setRegionLookup(() => {
      regionLookups += 1;
      return { country: 'IN', name: 'Maharashtra' };
    });
    const stream = compileFilters(
      {
        type: 'and',
        filters: [
          { type: 'region', values: ['Maharashtra'] },
          { type: 'isp', values: ['jio'] },
          { type: 'asn', values: [55836] },
          { type: 'param', name: 'sub9', match: 'equals', values: ['never'] },
        ],
      },
      'f',
    );
    const click = () =>
      visitorOf(
        { ip: '49.36.0.10', userAgent: ANDROID, query: { sub9: 'other' } },
        { country: 'IN', unique: true, now: new Date(), subs: [] },
      );
    for (let i = 0; i < 20; i++) expect(stream.test(click())).toBe(false);
    expect(asnLookups).toBe(0);
    expect(regionLookups).toBe(0);
    // When the cheap one passes, each lookup runs once per click however many filters read it.
    const v = visitorOf(
      { ip: '49.36.0.10', userAgent: ANDROID, query: { sub9: 'never' } },
      { country: 'IN', unique: true, now: new Date(), subs: [] },
    );
    expect(stream.test(v)).toBe(true);
    expect(asnLookups).toBe(1);
    expect(regionLookups).toBe(1);
  });

  it("answers a filter repeated across a flow's streams once per click, and again for the next click", () => {
    const streams = compileStreams(
      Array.from({ length: 19 }, (_, i) => ({
        id: i + 1,
        name: `s${i}`,
        enabled: true,
        arms: [],
        filters: {
          type: 'and',
          filters: [
            { type: 'param', name: 'sub1', match: 'equals', values: ['bench'] },
            { type: 'not', filter: { type: 'isp', values: ['amazon'] } },
            { type: 'region', values: [`IN:never-${i}`] },
          ],
        } as FilterNode,
      })),
    );
    let sub1Reads = 0;
    let asnLookups = 0;
    setAsnLookup(() => {
      asnLookups += 1;
      return { number: 55836, organisation: 'Reliance Jio' };
    });
    const click = (sub1: string) => {
      const params = new Proxy({ sub1 } as Record<string, string>, {
        get(target, key) {
          if (key === 'sub1') sub1Reads += 1;
          return target[key as string];
        },
      });
      return visitor({ params, region: { country: 'IN', name: 'Maharashtra' } });
    };
    const first = click('bench');
    expect(streams.some((s) => s.filter.test(first))).toBe(false);
    expect(sub1Reads).toBe(1);
    expect(asnLookups).toBe(1);
    // The next click is asked again (its own answer, not the last click's).
    const second = click('other');
    expect(streams.some((s) => s.filter.test(second))).toBe(false);
    expect(sub1Reads).toBe(2);
    const third = visitor({ params: { sub1: 'bench' }, region: { country: 'IN', name: 'Kerala' } });
    const matching = compileStreams([
      {
        id: 99,
        name: 'kerala',
        enabled: true,
        arms: [],
        filters: {
          type: 'and',
          filters: [
            { type: 'param', name: 'sub1', match: 'equals', values: ['bench'] },
            { type: 'region', values: ['IN-KL'] },
          ],
        } as FilterNode,
      },
    ]);
    expect(matching[0]?.filter.test(third)).toBe(true);
    expect(matching[0]?.filter.test(first)).toBe(false);
  });

  it('gives the same answer in cheapest-first order as every leaf evaluated in order (2,000 random trees)', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
    const leaves: FilterNode[] = [
      { type: 'country', values: ['IN'] },
      { type: 'region', values: ['Maharashtra'] },
      { type: 'device', values: ['mobile'] },
      { type: 'os', values: ['android'] },
      { type: 'browser', values: ['Firefox'] },
      { type: 'language', values: ['en'], match: 'any' },
      { type: 'language', values: ['en'] },
      { type: 'asn', values: [55836] },
      { type: 'isp', values: ['JIO'] },
      { type: 'ip', values: ['49.36.0.0/16', '10.0.0.0/8', '49.36.0.0/24', '2001:db8::/32'] },
      { type: 'referrer', match: 'domain', values: ['example.com'] },
      { type: 'param', name: 'sub1', match: 'starts_with', values: ['a'] },
      { type: 'visitor', value: 'repeat' },
      {
        type: 'schedule',
        time_zone: 'Asia/Kolkata',
        slots: [{ days: ['mon', 'tue'], from: '09:00', to: '17:00' }],
      },
    ];
    const tree = (depth: number): FilterNode => {
      if (depth === 0 || rand() < 0.4) return pick(leaves);
      const kind = pick(['and', 'or', 'not'] as const);
      if (kind === 'not') return { type: 'not', filter: tree(depth - 1) };
      return {
        type: kind,
        filters: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => tree(depth - 1)),
      };
    };
    const visitors = Array.from({ length: 8 }, (_, i) =>
      visitor({
        ip: pick(['49.36.0.10', '49.36.9.1', '10.1.2.3', '2001:db8::1', '8.8.8.8']),
        country: pick(['IN', 'US', null]),
        region: pick([{ country: 'IN', name: 'Maharashtra' }, null]),
        asn: pick([{ number: 55836, organisation: 'Reliance Jio' }, null]),
        userAgent: pick([
          ANDROID,
          '',
          'Mozilla/5.0 (Windows NT 10.0; rv:127.0) Gecko/20100101 Firefox/127.0',
        ]),
        acceptLanguage: pick(['en-IN,en;q=0.9', 'hi', null]),
        referer: pick(['https://www.example.com/x', null, 'not a url']),
        params: pick<Record<string, string>>([{ sub1: 'abc' }, {}]),
        unique: i % 2 === 0,
        now: new Date(Date.UTC(2026, 5, 1 + (i % 7), 3 + i, 30)),
      }),
    );
    let matched = 0;
    for (let i = 0; i < 2_000; i++) {
      const compiled = compileFilters(tree(3), 'f');
      for (const v of visitors) {
        const result = compiled.test(v);
        expect(result).toBe(compiled.explain(v).matched);
        if (result) matched += 1;
      }
    }
    // Both outcomes occur often enough for the comparison to mean something.
    expect(matched).toBeGreaterThan(1_000);
    expect(matched).toBeLessThan(15_000);
  });

  it('reads a param filter named after an Object.prototype member as absent', () => {
    const v = visitorOf(
      { ip: '49.36.0.10', userAgent: ANDROID, query: {} },
      { country: 'IN', unique: true, now: new Date(), subs: [] },
    );
    expect(compileFilters({ type: 'param', name: 'constructor', match: 'exists' }, 'f').test(v)).toBe(false);
    expect(
      compileFilters({ type: 'param', name: 'toString', match: 'contains', values: ['x'] }, 'f').test(v),
    ).toBe(false);
  });

  it('keeps the agent facts lower-cased once per agent', () => {
    expect(parseUserAgent(ANDROID)).toMatchObject({
      os: 'Android',
      osLower: 'android',
      browserLower: 'chrome',
    });
  });
});
